"""A page as the cleaner sees it: its lines, the keys that say two lines are the same, and the
lines joined into one string so that a regular expression scans a whole page in one call
(one C-level scan a page instead of one Python call a line is most of the cleaner's speed)."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from copydesk.readers import header_date
from copydesk.records import Page

_WORD = re.compile(r"\w+")
_DIGITS = re.compile(r"\d+")


def page_lines(page: Page) -> list[str]:
    """The page's lines, numbered as in the input, with a `date YYYY-MM-DD` header prefix cut
    from the first line (the header is metadata; what follows it on that line is judged)."""
    lines = page.text.split("\n")
    _, prefix = header_date(page.text)
    if prefix:
        lines[0] = lines[0][prefix:]
    return lines


def line_key(text: str) -> str:
    """What must match for two lines to count as the same line: the words, case-folded, with
    numbers masked (a footer's "© 2025" and "© 2026" are one line of chrome)."""
    return line_keys([text])[0]


def line_words(lines: Sequence[str]) -> list[list[str]]:
    """The words of each line."""
    return list(map(_WORD.findall, lines))


def line_keys(lines: Sequence[str]) -> list[str]:
    """line_key of each line."""
    return keys_of(line_words(lines))


def keys_of(words: list[list[str]]) -> list[str]:
    """line_key of each line from its line_words(), all lines in one pass."""
    return _DIGITS.sub("0", "\n".join(map(" ".join, words)).lower()).split("\n")


@dataclass(frozen=True, slots=True)
class Joined:
    """Lines (none containing a newline) joined by newlines, and where each one starts."""

    text: str
    starts: np.ndarray


def join(lines: Sequence[str]) -> Joined:
    lengths = np.fromiter(map(len, lines), np.int64, len(lines))
    starts = np.concatenate(([0], np.cumsum(lengths + 1)[:-1])) if len(lines) else lengths
    return Joined("\n".join(lines), starts)


def rows_containing(needles: Iterable[str], joined: Joined) -> np.ndarray:
    """Whether each line contains any of the needles (none holding a newline). str.find over
    the whole page is far faster than a regular expression's alternation of words; after a
    hit the search resumes at the next line, so a common needle costs a find per line."""
    text, starts = joined.text, joined.starts.tolist()
    hit = np.zeros(len(starts), dtype=bool)
    for needle in needles:
        i = text.find(needle)
        while i >= 0:
            row = bisect_right(starts, i) - 1
            hit[row] = True
            if row + 1 == len(starts):
                break
            i = text.find(needle, starts[row + 1])
    return hit


def lowered(joined: Joined) -> Joined:
    """The joined lines lower-cased, line by line (lower() can change a line's length)."""
    return join([t.lower() for t in joined.text.split("\n")])
