"""trafilatura alone, as its users call it, in a process of its own beside a copydesk run.

    python bench/alone.py LIST OUT

LIST names the page files (.html.gz), one a line. After warming up on the bench's warm-up page
it prints READY, then extracts the pages' text (reading and gunzipping each file, as copydesk's
run does) over and over until it gets SIGTERM, timing every page. Each page is extracted twice,
each timed apart: its text alone (`extract`, trafilatura's default call), and its text with the
metadata copydesk's output also carries (`extract(..., with_metadata=True)`: title, date,
author...). The first pass's texts go to OUT/stories.jsonl and its metadata (title, author,
date: bench/metadata.py) to OUT/metadata.json, for the scores. On SIGTERM it prints, as JSON,
its CPU per page in each way over all it did until then (after finishing the first pass if
that is not done: the quality figures need it).

Run beside copydesk's run on the other core, both see the machine in the same state: on this
machine a run's speed drifts by up to a third from one minute to the next, more than the
difference being measured.
"""

from __future__ import annotations

import gzip
import json
import signal
import sys
import time
from pathlib import Path

import trafilatura

from metadata import trafilatura_found

WARM_UP = Path(__file__).resolve().parent / "warmup" / "warm-up.html"


def main(listing: Path, out: Path) -> None:
    files = [Path(p) for p in listing.read_text().split("\n") if p]
    out.mkdir(parents=True, exist_ok=True)
    (out / "metadata.json").unlink(missing_ok=True)
    startup = time.process_time()
    trafilatura.extract(WARM_UP.read_bytes(), with_metadata=True)  # sets up htmldate too
    startup = time.process_time() - startup
    stopped: list[tuple[int, float, float]] = []  # pages and CPU seconds when SIGTERM came
    pages, cpu, cpu_with_metadata = 0, 0.0, 0.0
    signal.signal(
        signal.SIGTERM, lambda *_: stopped.append((pages, cpu, cpu_with_metadata))
    )
    print("READY", flush=True)
    first_pass: dict[str, str] = {}
    while not stopped or len(first_pass) < len(files):
        for path in files:
            t = time.process_time()
            body = trafilatura.extract(gzip.decompress(path.read_bytes())) or ""
            t2 = time.process_time()
            trafilatura.extract(gzip.decompress(path.read_bytes()), with_metadata=True)
            cpu += t2 - t
            cpu_with_metadata += time.process_time() - t2
            pages += 1
            if len(first_pass) < len(files):
                first_pass[path.name.split(".")[0]] = body
            if stopped and len(first_pass) == len(files):
                break
    _write(files, first_pass, out)  # after the timing: extract_metadata is not timed
    done_pages, done_cpu, done_cpu_with_metadata = stopped[0]
    print(json.dumps({
        "pages_timed": done_pages,
        "cpu_ms_per_page": round(1000 * done_cpu / max(1, done_pages), 1),
        "with_metadata_cpu_ms_per_page": round(
            1000 * done_cpu_with_metadata / max(1, done_pages), 1
        ),
        "startup_cpu_s": round(startup, 2),
    }))


def _write(files: list[Path], bodies: dict[str, str], out: Path) -> None:
    with open(out / "stories.jsonl", "w", encoding="utf-8") as f:
        for k, body in bodies.items():
            f.write(json.dumps({"doc_id": k, "primary": True, "body": body, "cluster_id": k}))
            f.write("\n")
    found = {
        path.name.split(".")[0]: trafilatura_found(gzip.decompress(path.read_bytes()))
        for path in files
    }
    (out / "metadata.json").write_text(json.dumps(found))


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
