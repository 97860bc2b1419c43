"""Hard-wrapped text put back into paragraphs, before anything is judged.

Plain-text feeds, e-mail, PDF and OCR output break each paragraph into lines of at most some
width W (about 72 characters), while a site's chrome around them stays in short lines of its
own. The cleaner, the segmenter and annotation all judge a page line by line, and the line
classifier learnt on one paragraph a line, so a wrapped page is re-joined first: one paragraph,
one line. `Unwrapped.covers` says which input lines each line holds, so that every input line
still gets the fate of its paragraph in the audit.

The test is the shape of the text, after the classic re-flow: a line was broken by the wrapper
when it is full, i.e. the next line's first word would not have fitted on it within W. A page
is wrapped when several of its blocks of consecutive lines are whole paragraphs by that test
at one width, every line of the block within W and every line but the last full. Lists of
short lines (menus, verse) are never full at any width worth the name; a list of long items of
one length may look full, but seldom holds a longer item nowhere and a shorter one only last.
"""

from __future__ import annotations

from dataclasses import replace
from typing import NamedTuple

from copydesk.readers import header_date
from copydesk.records import Page

# The widths text is wrapped at: narrower is a newspaper column or a list, where items of one
# length pass the test as often as prose; wider is no wrapping.
MIN_WIDTH = 50
MAX_WIDTH = 100
# A full line fills at least this share of the width: a shorter one followed by a long word (a
# URL) has room to spare all the same.
FULL_SHARE = 0.5
# So many broken lines at one width make a page wrapped, one paragraph at least broken twice:
# a line that passes the test may be chance (a list item whose next item opens with a long
# word, an item printed twice), each one more is one more coincidence.
MIN_BREAKS = 5


class Unwrapped(NamedTuple):
    """A page with each wrapped paragraph re-joined on one line."""

    page: Page  # the page itself when nothing was wrapped
    covers: tuple[range, ...]  # per line of page.text, the input lines it holds


def unwrap(page: Page) -> Unwrapped:
    lines = page.text.split("\n")
    same = Unwrapped(page, tuple(range(i, i + 1) for i in range(len(lines))))
    # An extractor's text (HTML) has its paragraphs from the markup: it is not wrapped.
    if page.markup is not None:
        return same
    sizes = [len(t.rstrip()) for t in lines]
    # The `date` header line is the reader's, not the outlet's: it is never joined.
    start = 1 if header_date(page.text)[1] else 0
    fits = {b: _widths(b, lines, sizes) for b in _blocks(sizes, start)}
    width = _width(fits)
    paragraphs = [b for b, widths in fits.items() if width in widths]
    breaks = [len(b) - 1 for b in paragraphs]
    if sum(breaks) < MIN_BREAKS or max(breaks, default=0) < 2:
        return same
    covers: list[range] = []
    kept: list[str] = []
    at = 0
    for block in paragraphs:
        covers.extend(range(i, i + 1) for i in range(at, block.start))
        kept.extend(lines[at : block.start])
        covers.append(block)
        kept.append(" ".join([lines[block.start].rstrip(), *(lines[i].strip() for i in block[1:])]))
        at = block.stop
    covers.extend(range(i, i + 1) for i in range(at, len(lines)))
    kept.extend(lines[at:])
    return Unwrapped(replace(page, text="\n".join(kept)), tuple(covers))


def _blocks(sizes: list[int], start: int) -> list[range]:
    """The page's blocks of two or more consecutive non-blank lines, from line `start`."""
    blocks = []
    i = start
    while i < len(sizes):
        j = i
        while j < len(sizes) and sizes[j]:
            j += 1
        if j - i >= 2:
            blocks.append(range(i, j))
        i = j + 1
    return blocks


def _widths(block: range, lines: list[str], sizes: list[int]) -> range:
    """The widths at which a block is one paragraph, wrapped: no line is wider, and every line
    but the last is full, its next line's first word (and a space) would not have fitted on it.
    A continuation line is not indented: an indent opens a paragraph."""
    low = max(MIN_WIDTH, max(sizes[i] for i in block))
    if low > MAX_WIDTH:
        return range(0)
    high = MAX_WIDTH
    for i in block[:-1]:
        after = lines[i + 1]
        if after[0].isspace() or sizes[i] < FULL_SHARE * low:
            return range(0)
        high = min(high, sizes[i] + len(after.split(None, 1)[0]), int(sizes[i] / FULL_SHARE))
    return range(low, high + 1)


def _width(fits: dict[range, range]) -> int:
    """The width at which the most lines are broken (0: none)."""
    breaks = [0] * (MAX_WIDTH + 2)
    for block, widths in fits.items():
        if widths:
            breaks[widths.start] += len(block) - 1
            breaks[widths.stop] -= len(block) - 1
    best, width, running = 0, 0, 0
    for w in range(MAX_WIDTH + 1):
        running += breaks[w]
        if running > best:
            best, width = running, w
    return width
