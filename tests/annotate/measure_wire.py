"""Measure the annotate line functions on wire-dev (not a test; run it directly).

    .venv/bin/python tests/annotate/measure_wire.py [--limit N] [--show K]

(a) dateline: parse_dateline on the first paragraph of every gold body, compared as the
    scorer compares (place words lowercased, agency upper-cased); gold-null stories count
    as right only when nothing is found.
(b) captions: every non-empty page line, parse_caption vs the page's gold caption strings,
    normalised as the scorer does (lowercase \\w+ words). Gold captions that span several
    page lines cannot be matched by one line; the "line-level" figures count the line that
    carries the credit (the caption's last line) as that caption.
(c) corrections: is_correction over page lines vs the page's gold corrections.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from copydesk.annotate.captions import parse_caption
from copydesk.annotate.corrections import is_correction
from copydesk.annotate.dateline import parse_dateline
from copydesk.shared import BENCH

WIRE_DEV = BENCH / "wire-dev"
_WORD = re.compile(r"\w+")


def norm(text: str) -> str:
    """The scorer's normalisation of places and captions."""
    return " ".join(_WORD.findall((text or "").lower()))


def load(root: Path = WIRE_DEV, limit: int | None = None) -> Iterator[tuple[dict, str]]:
    """Yield (label record, page text) pairs in file order."""
    with gzip.open(root / "pages.jsonl.gz", "rt", encoding="utf-8") as pages, open(
        root / "labels.jsonl", encoding="utf-8"
    ) as labels:
        for n, (page_line, label_line) in enumerate(zip(pages, labels, strict=True)):
            if limit is not None and n >= limit:
                return
            page, label = json.loads(page_line), json.loads(label_line)
            assert page["id"] == label["page"], (page["id"], label["page"])
            yield label, page["text"]


@dataclass
class PR:
    """Precision over predicted lines (a caption printed twice counts twice); recall over
    the distinct gold strings of each page (found by at least one predicted line)."""

    tp: int = 0  # predicted lines that are gold
    fp: int = 0  # predicted lines that are not
    found: int = 0  # distinct gold strings found
    gold: int = 0  # distinct gold strings
    errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 1.0

    def line(self) -> str:
        return (f"P={self.precision:.4f} ({self.tp}/{self.tp + self.fp} lines)  "
                f"R={self.recall:.4f} ({self.found}/{self.gold} gold strings)")


@dataclass
class DatelineFigures:
    gold: int = 0  # stories with a gold dateline
    exact: int = 0
    null: int = 0  # stories whose gold dateline is null
    null_ok: int = 0  # ... and nothing was found
    errors: list[str] = field(default_factory=list)
    false_pos: list[str] = field(default_factory=list)

    @property
    def exact_rate(self) -> float:  # the scorer's dateline_exact, given the right body
        return self.exact / self.gold if self.gold else 1.0

    @property
    def overall_rate(self) -> float:
        total = self.gold + self.null
        return (self.exact + self.null_ok) / total if total else 1.0


def measure_datelines(records: list[tuple[dict, str]]) -> DatelineFigures:
    fig = DatelineFigures()
    for label, _ in records:
        for story in label["stories"]:
            first = story["body"].split("\n\n", 1)[0]
            found, _offset = parse_dateline(first)
            gold = story["dateline"]
            if gold is None:
                fig.null += 1
                if found is None:
                    fig.null_ok += 1
                else:
                    fig.false_pos.append(f"{label['page']}: {found} <- {first[:70]!r}")
                continue
            fig.gold += 1
            ok = (
                found is not None
                and norm(found.place) == norm(gold["place"])
                and (found.agency or "").upper() == gold["agency"].upper()
            )
            if ok:
                fig.exact += 1
            else:
                fig.errors.append(f"{label['page']}: {found} vs {gold} <- {first[:70]!r}")
    return fig


_PRINTED_DATELINE = re.compile(r"^[^()\n]{2,60}\([^()\n]{2,20}\)\s*(?:—|–|-)")


def measure_page_datelines(records: list[tuple[dict, str]]) -> tuple[int, int, int]:
    """On the page's own line that opens each gold-dateline story (what the pipeline sees,
    typos included): (right, lines that print a dateline, lines that print none, as when
    an outlet dropped it). Stories whose opening is not on the page are left out."""
    right = printed = dropped = 0
    for label, text in records:
        lines = text.split("\n")
        for story in label["stories"]:
            gold = story["dateline"]
            if gold is None:
                continue
            first = story["body"].split("\n\n", 1)[0]
            _, offset = parse_dateline(first)
            probe = first[offset : offset + 30]
            line = next((x for x in lines if probe in x), None)
            if line is None:
                continue
            if not _PRINTED_DATELINE.match(line):
                dropped += 1
                continue
            printed += 1
            found, _ = parse_dateline(line)
            right += int(
                found is not None
                and norm(found.place) == norm(gold["place"])
                and (found.agency or "").upper() == gold["agency"].upper()
            )
    return right, printed, dropped


def _score_lines(
    records: list[tuple[dict, str]], key: str, predict: Callable[[str], bool], tail_counts: bool
) -> PR:
    pr = PR()
    for label, text in records:
        items = [x for s in label["stories"] for x in s[key]]
        gold = {norm(x) for x in items}
        if tail_counts:  # a multi-line caption is found by the line that carries its credit
            gold = {norm(x.rsplit("\n", 1)[-1]) for x in items}
        seen: set[str] = set()
        for line in text.split("\n"):
            if not line.strip() or not predict(line):
                continue
            n = norm(line)
            if n in gold:
                pr.tp += 1
                seen.add(n)
            else:
                pr.fp += 1
                pr.errors.append(f"FP {label['page']}: {line[:150]!r}")
        pr.gold += len(gold)
        pr.found += len(seen)
        pr.errors.extend(f"FN {label['page']}: {m[:150]!r}" for m in sorted(gold - seen))
    return pr


def measure_captions(records: list[tuple[dict, str]], tail_counts: bool = True) -> PR:
    return _score_lines(records, "captions", lambda s: parse_caption(s) is not None, tail_counts)


def caption_set_f1(records: list[tuple[dict, str]]) -> float:
    """The scorer's caption F1, with each page's stories pooled (no segmentation needed)."""
    f1s = []
    for label, text in records:
        gold = {norm(c) for s in label["stories"] for c in s["captions"]}
        if gold:
            pred = {norm(x) for x in text.split("\n") if parse_caption(x) is not None}
            f1s.append(2 * len(gold & pred) / (len(gold) + len(pred)))
    return sum(f1s) / len(f1s) if f1s else 1.0


def measure_corrections(records: list[tuple[dict, str]]) -> PR:
    return _score_lines(records, "corrections", is_correction, tail_counts=False)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--limit", type=int, default=None, help="first N pages only")
    ap.add_argument("--show", type=int, default=15, help="print up to K errors per measure")
    args = ap.parse_args()
    records = list(load(limit=args.limit))
    print(f"wire-dev pages: {len(records)}")

    d = measure_datelines(records)
    print(f"\n(a) dateline exact on gold-dateline stories: {d.exact_rate:.4f} ({d.exact}/{d.gold})")
    print(f"    gold-null stories with nothing found: {d.null_ok}/{d.null}"
          f" (false positives {len(d.false_pos)})")
    print(f"    overall exact incl. null cases: {d.overall_rate:.4f}")
    right, printed, dropped = measure_page_datelines(records)
    print(f"    on the page's own opening line, where it prints a dateline:"
          f" {right / max(1, printed):.4f} ({right}/{printed}; {dropped} pages print none)")
    for e in d.errors[: args.show]:
        print("    MISS", e)
    for e in d.false_pos[: args.show]:
        print("    FP  ", e)

    for name, tail in (("strict (whole gold caption = one line)", False), ("line-level", True)):
        c = measure_captions(records, tail_counts=tail)
        print(f"\n(b) captions, {name}: {c.line()}")
        if not tail:
            print(f"    page-level caption set F1 (scorer's formula, stories pooled):"
                  f" {caption_set_f1(records):.4f}")
        if tail:
            for e in c.errors[: args.show]:
                print("   ", e)

    k = measure_corrections(records)
    print(f"\n(c) corrections: {k.line()}")
    for e in k.errors[: args.show]:
        print("   ", e)


if __name__ == "__main__":
    main()
