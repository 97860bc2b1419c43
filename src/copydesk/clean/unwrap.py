"""Hard-wrapped text put back into paragraphs, before anything is judged.

Plain-text feeds, e-mail, PDF and OCR output break each paragraph into lines of at most some
width W (about 72 characters), while a site's chrome around them stays in short lines of its
own. The cleaner, the segmenter and annotation all judge a page line by line, and the line
classifier learnt on one paragraph a line, so a wrapped page is re-joined first: one paragraph,
one line. `Unwrapped.starts` says which input lines each line holds, so that every input line
still gets the fate of its paragraph in the audit.

The test is the shape of the text, after the classic re-flow: a line was broken by the wrapper
when it is full, its next line's first word (and a space) would not have fitted on it within W.
A block of consecutive non-blank lines is one wrapped paragraph at W when no line of it is
wider and every line but the last is full; W is the width at which most lines are so broken,
and a page is wrapped when enough are (_wrapped). Whole blocks, never single pairs of lines: a
site's lists of long items (teasers, menus of headlines) hold many pairs that pass the test by
chance, but seldom a whole block whose only short line is its last. So a heading or a line of
chrome printed against a wrapped paragraph, with no blank line between, leaves that paragraph
as it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import NamedTuple

from copydesk.clean.lines import check_line_count
from copydesk.readers import header_date
from copydesk.records import Page

# The widths text is wrapped at: narrower is a newspaper column or a list, where items of one
# length pass the test as often as prose; wider is no wrapping.
MIN_WIDTH = 50
MAX_WIDTH = 100
# A full line fills at least this share of the width: a shorter one followed by a long word (a
# URL) has room to spare all the same.
FULL_SHARE = 0.5
# A longer word (a URL, a path) fits on few lines whatever they hold: that it did not fit on the
# line above says no more of that line than that it is this full.
LONG_WORD = 30
# So many broken lines at one width make a page wrapped, one paragraph at least broken twice:
# a line that passes the test may be chance (a list item whose next item opens with a long
# word, an item printed twice), each one more is one more coincidence. A brief may hold only
# one paragraph: broken this often, and ending short, it is one.
MIN_BREAKS = 5
LONE_BREAKS = 3


class Unwrapped(NamedTuple):
    """A page with each wrapped paragraph re-joined on one line. Line k of page.text holds the
    input lines range(starts[k], starts[k + 1])."""

    page: Page  # the page itself when nothing was wrapped
    starts: Sequence[int]  # each line's first input line, then the input's line count


def unwrap(page: Page) -> Unwrapped:
    """The page with its wrapped paragraphs re-joined, each line's pieces parted by a space;
    the page itself unless it is wrapped. Raises TooManyLines for a page with more than
    MAX_PAGE_LINES (the first step of the path, it refuses such a page before any work)."""
    check_line_count(page)
    lines = page.text.split("\n")
    same = Unwrapped(page, range(len(lines) + 1))
    # An extractor's text (HTML) has its paragraphs from the markup: it is not wrapped.
    if page.markup is not None:
        return same
    sizes = list(map(len, map(str.rstrip, lines)))
    # The `date` header line is the reader's, not the outlet's: it is never joined.
    start = 1 if header_date(page.text)[1] else 0
    fits = {b: w for b in _blocks(sizes, start) if (w := _widths(b, lines, sizes))}
    if sum(len(b) - 1 for b in fits) < LONE_BREAKS:  # too few broken lines at any width
        return same
    width = _width(fits)
    paragraphs = [b for b, widths in fits.items() if width in widths]
    if not _wrapped(paragraphs, sizes, width):
        return same
    starts: list[int] = []
    kept: list[str] = []
    at = 0
    for block in paragraphs:
        starts.extend(range(at, block.start + 1))
        kept.extend(lines[at : block.start])
        kept.append(" ".join([lines[block.start].rstrip(), *(lines[i].strip() for i in block[1:])]))
        at = block.stop
    starts.extend(range(at, len(lines) + 1))
    kept.extend(lines[at:])
    return Unwrapped(replace(page, text="\n".join(kept)), starts)


def _wrapped(paragraphs: list[range], sizes: list[int], width: int) -> bool:
    """Whether the page is wrapped: enough broken lines, one paragraph broken twice at least;
    or one paragraph broken LONE_BREAKS times and ending short, as paragraphs do and lists
    seldom do (their last item is as long as the others): a brief."""
    breaks = [len(b) - 1 for b in paragraphs]
    if sum(breaks) >= MIN_BREAKS and max(breaks) >= 2:
        return True
    return any(
        len(b) - 1 >= LONE_BREAKS and sizes[b[-1]] < FULL_SHARE * width for b in paragraphs
    )


def _blocks(sizes: list[int], start: int) -> list[range]:
    """The page's blocks of two or more consecutive non-blank lines, from line `start`."""
    blocks = []
    i = start
    while i < len(sizes):
        # Found by the blank lines (list.index), not line by line: most pages' chrome is long
        # lists of lines without a blank between.
        try:
            j = sizes.index(0, i)
        except ValueError:
            j = len(sizes)
        if j - i >= 2:
            blocks.append(range(i, j))
        i = j + 1
    return blocks


def _widths(block: range, lines: list[str], sizes: list[int]) -> range:
    """The widths at which a block is one paragraph, wrapped: no line is wider, and every line
    but the last is full, its next line's first word (and a space) would not have fitted on it.
    A continuation line is not indented: an indent opens a paragraph."""
    low = max(MIN_WIDTH, *sizes[block.start : block.stop])
    if low > MAX_WIDTH:
        return range(0)
    high = MAX_WIDTH
    for i in block[:-1]:
        after = lines[i + 1]
        if after[0].isspace() or sizes[i] < FULL_SHARE * low:
            return range(0)
        word = min(len(after.split(None, 1)[0]), LONG_WORD)
        high = min(high, sizes[i] + word, int(sizes[i] / FULL_SHARE))
    return range(low, high + 1)


def _width(fits: dict[range, range]) -> int:
    """The width at which the most lines of the blocks are broken."""
    breaks = [0] * (MAX_WIDTH + 2)
    for block, widths in fits.items():
        breaks[widths.start] += len(block) - 1
        breaks[widths.stop] -= len(block) - 1
    best, width, running = 0, 0, 0
    for w in range(MAX_WIDTH + 1):
        running += breaks[w]
        if running > best:
            best, width = running, w
    return width
