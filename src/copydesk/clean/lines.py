"""A page as the cleaner sees it: its lines, and the keys that say two lines are the same."""

from __future__ import annotations

import re

from copydesk.readers import header_date
from copydesk.records import Page

_NON_WORD = re.compile(r"[\W_]+")
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
    return _DIGITS.sub("0", _NON_WORD.sub(" ", text.lower())).strip()
