"""A page as the cleaner sees it: its lines."""

from __future__ import annotations

from copydesk.readers import header_date
from copydesk.records import Page


def page_lines(page: Page) -> list[str]:
    """The page's lines, numbered as in the input, with a `date YYYY-MM-DD` header prefix cut
    from the first line (the header is metadata; what follows it on that line is judged)."""
    lines = page.text.split("\n")
    _, prefix = header_date(page.text)
    if prefix:
        lines[0] = lines[0][prefix:]
    return lines
