"""Where the shared dev data lives: `../shared`, beside the project's checkout (the seeds and the
benchmark sets). Training, the benchmarks and the tests read it; a run never does."""

from pathlib import Path

SHARED = Path(__file__).resolve().parents[3] / "shared"
BENCH = SHARED / "bench"
SEEDS = SHARED / "examples" / "seeds"
