import numpy as np
from tests.conftest import shared_path

from copydesk.annotate import corrections
from copydesk.annotate.captions import parse_caption
from copydesk.annotate.corrections import is_correction
from copydesk.annotate.dateline import parse_dateline
from copydesk.clean import features, kernel, shape
from copydesk.readers import read_inputs
from copydesk.records import Page, Reason

# Lines of the shapes the annotate parsers document, beside the corpora's own.
CRAFTED = [
    "Workers clear debris in Kyiv on Monday. REUTERS/Jane Roe",
    "A crowd gathers outside the court. Photograph: Jane Roe/AFP",
    "The mayor speaks at the opening. Jane Roe/AFP via Getty Images",
    "Divers search the harbour, Wednesday, July 30, 2025. (AP Photo/Moises Castillo)",
    "Photo: Jane Doe/Reuters",
    "LA MESILLA, Guatemala (AP) — Migrants waited at the border on Tuesday for buses.",
    "Paris (AFP) - The government said on Monday that it would raise the tax.",
    "NEW YORK, March 3 (Reuters) - Stocks rose on Friday as investors weighed the data.",
    "WASHINGTON — The Senate voted late on Thursday to pass the spending bill.",
    "Correction: An earlier version of this story misstated the mayor's age.",
    "This article has been corrected to show the vote was held on Tuesday.",
    "Editor's note: This story was updated to correct the name of the company.",
]


# Button-sized shapes and their near misses.
SHAPED = [
    "Share on Facebook", "SIGN UP for our newsletter", "Skip to content", "Page 2 of 5", "3 of 10",
    "Recommended Articles", "Don't miss", "Editor's picks", "Updated 10:30 a.m.", "5 min read",
    "Jun 10, 2025", "© 2026 Riverbend Gazette. All rights reserved.", "ADVERTISEMENT",
    "Story continues below advertisement", "  Follow us: ", "Shareholders met on Monday",
    "Menus of the city", "x", "X", "Posted 3 hours ago",
]


def _lines(demo_pages: list[Page], seed_pages: list[Page]) -> list[str]:
    wire = shared_path("bench", "wire-dev", "pages.jsonl.gz")
    bench = [p for p in read_inputs([str(wire)]) if isinstance(p, Page)][::10]
    found = [
        ln for group in (demo_pages, seed_pages, bench) for p in group
        for ln in p.text.split("\n") if ln.strip()
    ]
    return found + CRAFTED + SHAPED


def test_parser_needles_are_necessary(demo_pages: list[Page], seed_pages: list[Page]) -> None:
    """The cleaner runs the annotate parsers, and its own patterns, only on lines holding their
    needles: any line one accepts must hold one, or the cleaner would miss it (a parser change
    can break this)."""
    lines = _lines(demo_pages, seed_pages)
    counts, _ = kernel.line_counts(lines, found=features._NEEDLES)
    found = counts[:, kernel.NEEDLES].tolist()
    captions = features._may_be_caption(counts).tolist()
    datelines = features._may_be_dateline(counts).tolist()
    first = counts[:, kernel.FIRST]
    listed = (kernel.is_in(features._LIST_MARKS, first) | kernel.is_digit(first)).tolist()
    for i, line in enumerate(lines):
        assert parse_caption(line) is None or captions[i], line
        assert not is_correction(line) or found[i] & features._CORRECTION, line
        assert parse_dateline(line)[0] is None or datelines[i], line
        assert not features._LIST_ITEM.match(line) or listed[i], line
        assert not features._SEPARATORS.search(line) or found[i] & features._SEPARATOR, line
        assert not features._LINKISH.search(line) or found[i] & features._LINK, line
    assert set(corrections._STEMS) <= set(features._CORRECTION_NEEDLES)
    assert sum(parse_caption(t) is not None for t in CRAFTED) == 4
    assert sum(parse_dateline(t)[0] is not None for t in CRAFTED) == 4
    assert sum(is_correction(t) for t in CRAFTED) == 3


def test_shapes_and_appeals_equal_their_patterns_on_every_line(
    demo_pages: list[Page], seed_pages: list[Page]
) -> None:
    """page_shapes tries the patterns on few lines; the same patterns tried on every line
    find the same shapes, and the appeal cues the same appeals."""
    lines = _lines(demo_pages, seed_pages)
    counts, _ = kernel.line_counts(lines, found=features._NEEDLES)
    long_shapes = frozenset({Reason.NOTICE, Reason.APPEAL})
    every = shape._matcher(shape._SHORT | long_shapes)
    plain = []
    for line, words in zip(lines, counts[:, kernel.WORDS].tolist(), strict=True):
        m = (every if words <= shape.SHORT_LINE_WORDS else shape._matcher(long_shapes)).fullmatch(
            shape._core(line)
        )
        if shape.is_code(line):
            plain.append(Reason.CODE)
        else:
            plain.append(Reason[m.lastgroup] if m and m.lastgroup else None)
    assert shape.page_shapes(lines, counts) == plain
    assert sum(s is not None for s in plain) > 1000
    shaped = shape.page_shapes(SHAPED, kernel.line_counts(SHAPED, found=features._NEEDLES)[0])
    assert shaped == plain[-len(SHAPED) :]
    assert len(set(shaped)) == 7  # six shapes, and None for the near misses

    def appeal(line: str) -> bool:
        return len({m.group(0).lower() for m in shape._APPEAL_CUES.finditer(line)}) >= 2

    assert shape.page_appeals(lines, counts) == [appeal(t) for t in lines]


def test_score_context_reads_the_first_looks_runs_of_kept_lines() -> None:
    # Seven lines: a kept run of three (one removed line inside it), a removed gap of three,
    # then a lone kept line.
    scores = np.array([0.9, 0.2, 0.8, 0.7, 0.1, 0.1, 0.1, 0.6])
    got = features.score_context(scores, 0.5)
    assert got.shape == (8, len(features.SCORE_CONTEXT))
    column = {name: i for i, name in enumerate(features.SCORE_CONTEXT)}

    def col(name: str) -> list[float]:
        return got[:, column[name]].astype(float).round(4).tolist()

    assert col("score") == scores.round(4).tolist()
    assert col("score@-1")[:2] == [-1.0, 0.9]  # nothing above the first line
    assert col("score@+3")[-3:] == [-1.0, -1.0, -1.0]
    assert col("page_max_score") == [0.9] * 8
    assert col("page_kept_share") == [0.5] * 8
    # A gap of one removed line stays inside the run; one of three ends it.
    assert col("run_log_kept") == [round(float(np.log1p(3)), 4)] * 4 + [0.0] * 3 + [
        round(float(np.log1p(1)), 4)
    ]
    assert col("run_mean_score")[:4] == [0.65] * 4
    assert col("in_largest_run") == [1.0] * 4 + [0.0] * 4
    assert col("kept_before") == [0.0, 0.25, 0.25, 0.5, 0.75, 0.75, 0.75, 0.75]
    assert col("kept_after") == [0.75, 0.75, 0.5, 0.25, 0.25, 0.25, 0.25, 0.0]
    # The means are over the window's lines on the page: all eight lie within five rows of row 3.
    assert col("score_mean_5")[3] == round(float(scores[:9].mean()), 4)
