"""The cleaner's text alone on wire-dev: every line clean_page keeps as story text, joined,
against every gold story body of the page, by the reference scorer's word F1. Segmentation
and metadata play no part, so this says how much of body_word_f1_primary's gap is clean's.

    python bench/clean_only.py

In-sample: the shipped model was trained on wire-dev (make train prints out-of-fold figures).
"""

from __future__ import annotations

import sys

from copydesk.clean import outlet, train
from copydesk.clean.classify import clean_page
from copydesk.records import Fate
from copydesk.shared import BENCH

sys.path.insert(0, str(BENCH))
from score import word_f1  # the reference scorer, beside the data


def main() -> None:
    examples = train.examples("wire-dev")
    chrome = outlet.learn(page for page, _, _ in examples)
    scores = []
    for page, bodies, _ in examples:
        kept = [v.text for v in clean_page(page, chrome) if v.fate is Fate.BODY]
        scores.append(word_f1("\n".join(kept), "\n".join(bodies)))
    print(f"wire-dev, clean only: word F1 {sum(scores) / len(scores):.4f} ({len(scores)} pages)")


if __name__ == "__main__":
    main()
