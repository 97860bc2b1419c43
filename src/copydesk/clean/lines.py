"""A page as the cleaner sees it: its lines."""

from __future__ import annotations

from copydesk.readers import header_date
from copydesk.records import Page

# More lines than any article has (the shared benchmarks' 6,000 pages have at most ~5,100).
# Each line judged costs ~0.5 KB (its features, verdict and fate): a page of 4 million
# one-character lines (8 MB) took 2.2 GB, so a page past this is refused whole instead.
MAX_PAGE_LINES = 200_000


class TooManyLines(ValueError):
    """A page with more than MAX_PAGE_LINES lines: the engine rejects it with this message."""

    def __init__(self, lines: int) -> None:
        super().__init__(f"too many lines: {lines:,}, the limit is {MAX_PAGE_LINES:,}")
        self.lines = lines


def check_line_count(page: Page) -> None:
    """Raise TooManyLines for a page with more lines than MAX_PAGE_LINES; counted before the
    page is split, so that it costs no memory."""
    lines = page.text.count("\n") + 1
    if lines > MAX_PAGE_LINES:
        raise TooManyLines(lines)


def page_lines(page: Page) -> list[str]:
    """The page's lines, numbered as in the input, with a `date YYYY-MM-DD` header prefix cut
    from the first line (the header is metadata; what follows it on that line is judged).
    Raises TooManyLines for a page with more than MAX_PAGE_LINES."""
    check_line_count(page)
    lines = page.text.split("\n")
    _, prefix = header_date(page.text)
    if prefix:
        lines[0] = lines[0][prefix:]
    return lines
