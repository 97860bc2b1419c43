"""The markup reader on JSON-LD of every JSON type at every key it reads."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml.html import fromstring

from copydesk.readers.markup import read_markup

# Any JSON value, nested a few levels.
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)
# The keys the reader looks at, each with any value, or a plausible one.
_KEYS = ("@type", "@graph", "headline", "author", "name", "datePublished", "dateCreated", "image")
json_ld_objects = st.fixed_dictionaries(
    {},
    optional={
        key: json_values | st.sampled_from(["NewsArticle", "WebPage", "2025-07-31", "Jane Roe"])
        for key in _KEYS
    },
)
json_ld_values = st.recursive(
    json_ld_objects | json_values,
    lambda inner: st.lists(inner, max_size=3)
    | st.fixed_dictionaries({"@graph": inner}, optional={"@type": json_values}),
    max_leaves=6,
)


def _page(ld: object) -> str:
    # ensure_ascii: no "</script>" or control character can end the block early.
    return (
        '<html><head><script type="application/ld+json">'
        + json.dumps(ld, ensure_ascii=True).replace("/", "\\/")
        + "</script></head><body><h1>Harbor freezes</h1><p>The bay froze.</p></body></html>"
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ld=json_ld_values)
def test_json_ld_of_any_shape_never_breaks_the_reader(ld: object) -> None:
    markup = read_markup(fromstring(_page(ld)))
    assert markup.headline == "Harbor freezes"
    assert markup.byline is None or isinstance(markup.byline, str)


def test_a_numeric_type_is_no_type_and_a_list_of_types_is_read() -> None:
    # Not an article: its author is not the story's.
    numeric = {"@type": 1, "author": "Jane Roe"}
    assert read_markup(fromstring(_page(numeric))).byline is None
    typed = {"@type": ["Thing", 7, "NewsArticle"], "datePublished": "2025-07-31",
             "author": [{"name": "Jane Roe"}, {"name": ["Ann Poe", None, 3]}, 12, None]}
    markup = read_markup(fromstring(_page(typed)))
    assert markup.date == "2025-07-31"
    assert markup.byline == "Jane Roe, Ann Poe"



def test_a_page_whose_root_is_an_svg_is_read() -> None:
    """A fragment parsed with an <svg> at its root (htmldate drops <svg>s from their parent,
    and there is none): the page is read, without a URL as with one, whose date it takes."""
    from copydesk.readers.html import html_page
    from copydesk.records import Page

    body = (
        "<svg><p>HARWICK, Vermont (Brookline Wire) \u2014 The county board voted on Tuesday to "
        "reopen the covered bridge after a winter of repairs, its chair said.</p>"
    ).encode()
    for url, date in ((None, None), ("https://harwick.example/2024/03/12/bridge", "2024-03-12")):
        page = html_page(body, "svg-root", "test", url=url)
        assert isinstance(page, Page)
        assert "covered bridge" in page.text
        assert page.markup is not None and page.markup.date == date
