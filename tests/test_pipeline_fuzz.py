"""Fuzz properties of the whole page path (issue #13): process_page takes any page a reader can
make without a traceback, and accounts for every input line exactly once (the audit's notion
of tests/test_pipeline.py: fates numbered 0..n-1, each line's pieces put together the line).

A reader's page holds no lone surrogate (they become U+FFFD) and no CR (newlines are
normalised), so the generated pages hold neither; every other character may be anywhere.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from copydesk.clean import outlet
from copydesk.records import Caption, Markup, Page
from tests.bad_input import (
    CHROME_WORDS,
    STORY_LINE,
    any_char,
    awkward_char,
    bad_line,
    fuzz_settings,
)
from tests.test_pipeline import _accounted

maybe_text = st.one_of(st.none(), st.text(st.one_of(any_char, awkward_char), max_size=40))

# What an HTML page's markup may say: process_page then trusts the extractor's paragraphs.
page_markup = st.one_of(
    st.none(),
    st.builds(
        Markup,
        headline=st.one_of(maybe_text, st.sampled_from([STORY_LINE, *CHROME_WORDS])),
        date=st.one_of(st.none(), st.just("2025-07-31")),
        byline=maybe_text,
        lang=st.sampled_from([None, "en", "ar", "he"]),
        captions=st.lists(st.builds(Caption, st.text(max_size=60), maybe_text), max_size=3)
        .map(tuple),
    ),
)


def reader_text(lines: list[str]) -> str:
    return "\n".join(lines).replace("\r", "\n")


# The `date` header a text page may open with: alone on its line, before text, not a date.
# (Not a date and before text, it would be text before a flood: bad_input.FLOOD_BETWEEN_WORDS.)
HEADERS = ("", "date 2025-01-02\n", "date 2025-01-02 ", " date 2025-01-02\t", "date 2025-02-30\n")


@st.composite
def bad_page(draw: st.DrawFn, source: str | None = None) -> Page:
    text = draw(st.sampled_from(HEADERS)) + reader_text(draw(st.lists(bad_line, max_size=30)))
    return Page("p", text, source=source, markup=draw(page_markup))


@fuzz_settings
@given(page=bad_page())
def test_any_page_is_processed_and_fully_accounted_for(page: Page) -> None:
    _accounted(page)


@fuzz_settings
@given(pages=st.lists(bad_page("outlet.example"), min_size=2, max_size=4))
def test_any_pages_of_one_outlet_are_accounted_for_with_its_chrome(pages: list[Page]) -> None:
    # Lines recurring across the outlet's pages become its chrome: the path through the
    # outlet tables.
    chrome = outlet.learn(pages)
    for page in pages:
        _accounted(page, chrome)

