"""Compare a run's clusters with gold labels (labels.jsonl in the wire-dev format)."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from pathlib import Path

from tests.conftest import read_jsonl


def _words(text: str) -> Counter[str]:
    return Counter(re.findall(r"\w+", text.lower()))


def gold_partition(labels: Path) -> set[frozenset[tuple[str, int]]]:
    """The gold clusters as sets of (page, index of the story on the page)."""
    groups = defaultdict(set)
    for lab in read_jsonl(labels):
        for k, s in enumerate(lab["stories"]):
            groups[s["story"]].add((lab["page"], k))
    return {frozenset(g) for g in groups.values()}


def run_partition(out: Path, labels: Path) -> set[frozenset[tuple[str, int]]]:
    """The run's clusters over the same gold stories: each gold story stands for the run's
    story of its page sharing the most words with it."""
    by_doc = defaultdict(list)
    for s in read_jsonl(out / "stories.jsonl"):
        by_doc[s["doc_id"]].append(s)
    groups = defaultdict(set)
    for lab in read_jsonl(labels):
        for k, g in enumerate(lab["stories"]):
            gold = _words(g["body"])
            best = max(by_doc[lab["page"]], key=lambda s: sum((_words(s["body"]) & gold).values()))
            groups[best["cluster_id"]].add((lab["page"], k))
    return {frozenset(g) for g in groups.values()}
