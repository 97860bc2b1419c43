"""A page's lines, and the refusal of a page with more lines than any article."""

import tracemalloc

import pytest

from copydesk.clean.classify import clean_page
from copydesk.clean.lines import MAX_PAGE_LINES, TooManyLines, page_lines
from copydesk.clean.unwrap import unwrap
from copydesk.records import Page


def test_a_page_at_the_limit_keeps_every_line() -> None:
    page = Page("d1", "a\n" + "b\n" * (MAX_PAGE_LINES - 2) + "c")
    lines = page_lines(page)
    assert len(lines) == MAX_PAGE_LINES
    assert lines[0] == "a" and lines[-1] == "c"


def test_a_page_past_the_limit_is_refused_whole_with_its_count() -> None:
    page = Page("d1", "a\n" * MAX_PAGE_LINES)
    with pytest.raises(TooManyLines, match="too many lines: 200,001, the limit is 200,000"):
        clean_page(page)
    with pytest.raises(TooManyLines) as raised:
        page_lines(page)
    assert raised.value.lines == MAX_PAGE_LINES + 1


def test_millions_of_one_character_lines_are_refused_before_they_are_split() -> None:
    # 8 MB of one-character lines took 2.2 GB to judge; refused, they cost nothing.
    page = Page("d1", "a\n" * 4_000_000)
    tracemalloc.start()
    try:
        with pytest.raises(TooManyLines):
            unwrap(page)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 1_000_000
