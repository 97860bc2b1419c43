"""`make bench`: quality by the reference scorer, speed and peak memory, on the shared data.

Each run is `copydesk run` in a child process (so its peak memory is its own); quality figures
come from ../shared/bench/score.py itself, called on the run's stories.jsonl. Results are
printed and written to bench/out/results.json; BENCHMARKS.md quotes them with the date.

    python bench/run.py [wire|scrapinghub|wcxb|demo|speedup ...]   (default: all)
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "bench"
OUT = ROOT / "bench" / "out"
SCORER = SHARED / "score.py"

# Runs `copydesk run` in this child and reports its peak memory, workers included.
_CHILD = """
import resource, sys
from copydesk.cli import main
code = main(sys.argv[1:])
self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print("PEAK_KB", max(self, kids), file=sys.stderr)
sys.exit(code)
"""


def copydesk_run(name: str, inputs: list[str], workers: int = 1) -> dict:
    out = OUT / name
    args = ["run", *inputs, "-o", str(out), "--quiet", "--workers", str(workers)]
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", _CHILD, *args], capture_output=True, text=True, check=False
    )
    wall = time.perf_counter() - t0
    if proc.returncode not in (0, 3):
        sys.exit(f"copydesk run failed on {name}:\n{proc.stderr}")
    peak_kb = int(proc.stderr.rsplit("PEAK_KB", 1)[1].split()[0])
    stats = json.loads((out / "stats.json").read_text())
    sec = stats["seconds"]
    per_page = sec["clean"] + sec["segment"] + sec["annotate"]
    return {
        "out": str(out),
        "pages": stats["pages"],
        "stories": stats["stories"],
        "rejects": stats["rejects"],
        "input_mb": stats["input_mb"],
        "wall_s": round(wall, 2),
        "pages_wall_s": sec["pages_wall"],
        "learn_outlets_s": sec["learn_outlets"],
        "pipeline_cpu_s": round(per_page, 2),
        "pages_per_s_per_core": round(stats["pages"] / per_page, 1),
        "mb_per_s_per_core": round(stats["input_mb"] / per_page, 2),
        "peak_mb": round(peak_kb / 1024, 1),
    }


def score(mode: str, gold: Path, stories: Path) -> dict:
    proc = subprocess.run(
        [sys.executable, str(SCORER), mode, str(gold), str(stories)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(proc.stdout)


def bench_wire() -> dict:
    d = SHARED / "wire-dev"
    run = copydesk_run("wire", [str(d / "pages.jsonl.gz")])
    return {
        "run": run,
        "score": score("wire", d / "labels.jsonl", Path(run["out"]) / "stories.jsonl"),
    }


def bench_speedup() -> dict:
    """--workers 2 against 1 on wire-dev, wall time of the page pass (pass 1 excluded)."""
    d = SHARED / "wire-dev"
    one = copydesk_run("wire-w1", [str(d / "pages.jsonl.gz")], workers=1)
    two = copydesk_run("wire-w2", [str(d / "pages.jsonl.gz")], workers=2)
    return {
        "one_worker_pages_wall_s": one["pages_wall_s"],
        "two_workers_pages_wall_s": two["pages_wall_s"],
        "speedup": round(one["pages_wall_s"] / two["pages_wall_s"], 2),
        "two_workers_peak_mb": two["peak_mb"],
    }


def bench_pages(name: str, gold: Path) -> dict:
    run = copydesk_run(name, [str(SHARED / name / "pages.jsonl.gz")])
    stories = Path(run["out"]) / "stories.jsonl"
    return {
        "run": run,
        "score": score("pages", gold, stories),
        # Every story of a page as one: the cleaner's text, whatever segmentation made of it.
        "score_all_stories": score("pages", gold, _joined_stories(stories)),
    }


def _joined_stories(stories: Path) -> Path:
    bodies: dict[str, list[str]] = {}
    with open(stories, encoding="utf-8") as f:
        for line in f:
            story = json.loads(line)
            bodies.setdefault(story["doc_id"], []).append(story["body"])
    out = stories.with_name("stories-joined.jsonl")
    with open(out, "w", encoding="utf-8") as f:
        for doc_id, texts in bodies.items():
            joined = {"doc_id": doc_id, "primary": True, "body": "\n\n".join(texts)}
            f.write(json.dumps({**joined, "cluster_id": doc_id}) + "\n")
    return out


def bench_demo() -> dict:
    run = copydesk_run("demo", [str(ROOT / "examples" / "corpus")])
    labels = ROOT / "examples" / "labels.jsonl"
    return {"run": run, "score": score("wire", labels, Path(run["out"]) / "stories.jsonl")}


BENCHES = {
    "wire": bench_wire,
    "scrapinghub": lambda: bench_pages("scrapinghub", SHARED / "scrapinghub" / "ground-truth.json"),
    "wcxb": lambda: bench_pages("wcxb-dev", SHARED / "wcxb-dev" / "ground-truth"),
    "demo": bench_demo,
    "speedup": bench_speedup,
}


def main(names: list[str]) -> None:
    if not SHARED.exists():
        sys.exit(f"the benchmarks read {SHARED}, which is absent here")
    OUT.mkdir(parents=True, exist_ok=True)
    results_path = OUT / "results.json"
    results = json.loads(results_path.read_text()) if results_path.exists() else {}
    for name in names or list(BENCHES):
        print(f"== {name}", flush=True)
        results[name] = BENCHES[name]()
        results[name]["date"] = time.strftime("%Y-%m-%d")
        print(json.dumps(results[name], indent=1), flush=True)
    results_path.write_text(json.dumps(results, indent=1) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
