"""CPU seconds of the page pass on the first N wire-dev pages, clean apart from the rest.

    python bench/stages.py [N]

It only calls the package's public functions, so it runs against another checkout too
(PYTHONPATH=OTHER/src) for a before/after at the same time on the same machine. CPU time
(process_time), not wall time: on a shared machine wall time measures the neighbours.
"""

from __future__ import annotations

import sys
import time

from copydesk.clean import outlet
from copydesk.clean.classify import clean_page
from copydesk.pipeline import process_page
from copydesk.readers import read_inputs
from copydesk.records import Page
from copydesk.shared import BENCH

WIRE = BENCH / "wire-dev"


def main(n: int) -> None:
    pages = [p for p in read_inputs([str(WIRE / "pages.jsonl.gz")]) if isinstance(p, Page)]
    t = time.process_time()
    chrome = outlet.learn(pages)
    learn = time.process_time() - t
    sample = pages[:n]
    mb = sum(len(p.text.encode()) for p in sample) / 1e6
    process_page(sample[0], chrome)  # load the model and the language identifier first
    clean = whole = 0.0
    for page in sample:
        t0 = time.process_time()
        clean_page(page, chrome)
        t1 = time.process_time()
        process_page(page, chrome)
        t2 = time.process_time()
        clean, whole = clean + t1 - t0, whole + t2 - t1
    print(
        f"learn_outlets {learn:.2f} s for {sum(len(p.text.encode()) for p in pages) / 1e6:.1f} MB;"
        f" {n} pages, {mb:.2f} MB: clean {clean:.2f} s ({mb / clean:.2f} MB/s),"
        f" segment+annotate {whole - clean:.2f} s, all {whole:.2f} s ({mb / whole:.2f} MB/s)"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 500)
