import numpy as np

from copydesk.annotate import corrections
from copydesk.annotate.captions import parse_caption
from copydesk.annotate.corrections import is_correction
from copydesk.annotate.dateline import parse_dateline
from copydesk.clean import features
from copydesk.clean.lines import join, line_key, line_keys, lowered, rows_containing
from copydesk.clean.shape import chrome_shape, is_appeal, page_appeals, page_shapes
from copydesk.records import Page

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


def _lines(*pages: list[Page]) -> list[str]:
    found = [ln for group in pages for p in group for ln in p.text.split("\n") if ln.strip()]
    return found + CRAFTED


def test_parser_needles_are_necessary(demo_pages: list[Page], seed_pages: list[Page]) -> None:
    """The cleaner runs the annotate parsers only on lines holding their needles: any line a
    parser accepts must hold one, or the cleaner would miss it (a parser change can break this)."""
    lines = _lines(demo_pages, seed_pages)
    joined = join(lines)
    lower = lowered(joined)
    ends_paren = [t.rstrip().endswith(")") for t in lines]
    captions = rows_containing(features._CAPTION_NEEDLES, lower)
    fixes = rows_containing(features._CORRECTION_NEEDLES, lower)
    datelines = rows_containing(features._DATELINE_NEEDLES, joined)
    for i, line in enumerate(lines):
        assert parse_caption(line) is None or captions[i] or ends_paren[i], line
        assert not is_correction(line) or fixes[i], line
        assert parse_dateline(line)[0] is None or datelines[i], line
    assert set(corrections._STEMS) <= set(features._CORRECTION_NEEDLES)
    assert sum(parse_caption(t) is not None for t in CRAFTED) == 4
    assert sum(parse_dateline(t)[0] is not None for t in CRAFTED) == 4
    assert sum(is_correction(t) for t in CRAFTED) == 3


def test_page_scans_equal_line_by_line(demo_pages: list[Page], seed_pages: list[Page]) -> None:
    lines = _lines(demo_pages, seed_pages)
    joined = join(lines)
    words = [len(line_key(t).split()) for t in lines]
    shapes = page_shapes(joined, lowered(joined), np.array(words))
    assert shapes == [chrome_shape(t, n) for t, n in zip(lines, words, strict=True)]
    assert page_appeals(joined, lowered(joined)) == [is_appeal(t) for t in lines]
    assert line_keys(lines) == [line_key(t) for t in lines]
