"""HTML pages: main text with paragraphs, the markup's metadata, legacy encodings, bad pages."""

from __future__ import annotations

import gzip
import json
import pickle
import time
from pathlib import Path

import pytest
from lxml.html import tostring
from trafilatura import load_html

from copydesk.pipeline import process_page
from copydesk.readers import html, read_inputs
from copydesk.readers.extract import EXTRACTORS
from copydesk.readers.guard import Pending, made
from copydesk.readers.html import (
    MAX_DEPTH,
    HtmlReading,
    decode_html,
    drop_site_regions,
    html_page,
    nesting_depth,
    parse_dom,
    read_html_file,
    strip_unread,
)
from copydesk.records import Caption, Page, Reject

PARAGRAPHS = [
    "The harbour board of Veldmark voted on Tuesday to close the old ferry pier for repairs "
    "that engineers say cannot wait until the spring tides have passed.",
    "Ferries will berth at the fish quay from Monday, the board said, and the crossing to "
    "Orrin Island will take about ten minutes longer while the works last.",
    "Fishing crews who use the quay were told they would keep two berths throughout, after "
    "they complained at a public meeting last week that they had not been consulted.",
    "The repairs are expected to cost about four million crowns and to take eleven weeks, "
    "according to the board's own estimate published with the decision.",
]

STORY_PAGE = """<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>Veldmark closes ferry pier for repairs | The Veldmark Courier</title>
<meta property="og:title" content="Veldmark closes ferry pier for repairs">
<meta name="author" content="Ines Marrow">
<link rel="canonical" href="https://www.courier.example/news/ferry-pier">
<script type="application/ld+json">
{{"@context": "https://schema.org", "@type": "NewsArticle",
  "headline": "Veldmark closes ferry pier for repairs",
  "datePublished": "2024-03-05T08:30:00+01:00",
  "author": {{"@type": "Person", "name": "Ines Marrow"}}}}
</script>
</head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/sport">Sport</a></li></ul></nav>
<article>
<h1>Veldmark closes ferry pier for repairs</h1>
<p class="byline">By Ines Marrow</p>
<figure><img src="pier.jpg" alt="">
<figcaption>The old ferry pier at low tide. <span class="credit">Photo: Tomas Bell</span>
</figcaption></figure>
{paragraphs}
</article>
<footer><p>Copyright 2024 The Veldmark Courier. All rights reserved.</p></footer>
</body>
</html>
"""


def story_html() -> str:
    return STORY_PAGE.format(paragraphs="\n".join(f"<p>{p}</p>" for p in PARAGRAPHS))


@pytest.mark.parametrize("extractor", sorted(EXTRACTORS))
def test_main_text_keeps_paragraphs_and_drops_chrome(extractor: str) -> None:
    page = html_page(story_html().encode(), "pier", "pier.html", reading=HtmlReading(extractor))
    assert isinstance(page, Page)
    for paragraph in PARAGRAPHS:
        assert f"\n\n{paragraph}" in page.text or page.text.startswith(paragraph)
    assert "Sport" not in page.text.split("\n")
    assert "All rights reserved" not in page.text


def test_markup_metadata() -> None:
    page = html_page(story_html().encode(), "pier", "pier.html")
    assert isinstance(page, Page) and page.markup is not None
    assert page.markup.headline == "Veldmark closes ferry pier for repairs"
    assert page.markup.date == "2024-03-05"  # the date printed, not moved to UTC
    assert page.markup.byline == "Ines Marrow"
    assert page.markup.canonical_url == "https://www.courier.example/news/ferry-pier"
    assert page.markup.lang == "en"
    caption = Caption("The old ferry pier at low tide.", "Photo: Tomas Bell")
    assert page.markup.captions == (caption,)
    # With no URL given, the canonical one names the page and its outlet.
    assert page.url == "https://www.courier.example/news/ferry-pier"
    assert page.source == "courier.example"
    assert page.date == "2024-03-05"


@pytest.mark.parametrize("extractor", sorted(EXTRACTORS))
def test_annotation_prefers_the_markup_for_the_primary_story(extractor: str) -> None:
    # Whatever the extractor keeps of the <h1>, the byline line and the <figcaption>, they
    # become the story's headline, byline and caption, not body text.
    page = html_page(story_html().encode(), "pier", "pier.html", reading=HtmlReading(extractor))
    assert isinstance(page, Page)
    [story] = process_page(page).stories
    assert story.primary
    assert story.headline == "Veldmark closes ferry pier for repairs"
    assert story.byline == "Ines Marrow"
    assert story.date == "2024-03-05"
    assert story.lang == "en"
    assert story.captions == [Caption("The old ferry pier at low tide.", "Photo: Tomas Bell")]
    assert story.body.split("\n\n") == PARAGRAPHS


def test_headline_is_the_h1_the_declared_titles_agree_with() -> None:
    html = (
        "<html><head><title>Lamp makers merge | Trade Weekly</title></head><body>"
        "<h1>Trade Weekly</h1><h1>Lamp makers merge</h1>"
        + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "</body></html>"
    )
    page = html_page(html.encode(), "lamps", "lamps.html")
    assert isinstance(page, Page) and page.markup is not None
    assert page.markup.headline == "Lamp makers merge"


def test_broken_json_ld_is_ignored() -> None:
    html = story_html().replace('"@type": "NewsArticle",', '"@type": "NewsArticle",,')
    page = html_page(html.encode(), "pier", "pier.html")
    assert isinstance(page, Page) and page.markup is not None
    assert page.markup.headline == "Veldmark closes ferry pier for repairs"


# --- encodings -------------------------------------------------------------------------

FRENCH = (
    "Le café de la place a rouvert ses portes après six mois de travaux ; les habitués, "
    "ravis, ont fêté l’événement jusqu’à minuit — « enfin ! » disait la patronne."
)
JAPANESE = (
    "先日、港町の図書館で古い地図の展示が始まりました。多くの市民が訪れ、"
    "百年前の海岸線や今はない桟橋の写真を熱心に見ていました。展示は来月末まで続きます。"
)


def page_in(encoding: str, text: str, meta: bool) -> bytes:
    head = f'<meta charset="{encoding}">' if meta else ""
    body = f"<article><p>{text}</p><p>{text}</p></article>"
    html = f"<html><head>{head}</head><body>{body}</body></html>"
    return html.encode(encoding)


@pytest.mark.parametrize("meta", [True, False], ids=["meta-charset", "detected"])
@pytest.mark.parametrize(("encoding", "text"), [("windows-1252", FRENCH), ("shift_jis", JAPANESE)])
def test_legacy_encodings_are_decoded(encoding: str, text: str, meta: bool) -> None:
    assert text in decode_html(page_in(encoding, text, meta))


def test_the_http_charset_wins_over_a_wrong_meta() -> None:
    data = page_in("windows-1252", FRENCH, meta=False).replace(
        b"<head>", b'<head><meta charset="utf-8">'
    )
    assert FRENCH in decode_html(data, "windows-1252")
    page = html_page(data, "cafe", "cafe", charset="windows-1252")
    assert isinstance(page, Page) and FRENCH in page.text


def test_valid_utf8_is_utf8_whatever_the_header_says() -> None:
    # A server's default ISO-8859-1 header, and a <meta charset> too far down to be seen.
    filler = "<meta name='keywords' content='ferry, harbour, island'>" * 40
    html = f"<html><head>{filler}<meta charset='utf-8'></head><body><p>{FRENCH}</p></body></html>"
    assert FRENCH in decode_html(html.encode("utf-8"), "iso-8859-1")


def test_an_unknown_declared_charset_falls_back_to_the_page() -> None:
    assert FRENCH in decode_html(page_in("windows-1252", FRENCH, meta=True), "x-no-such")


@pytest.mark.parametrize("charset", [None, "utf-8"], ids=["meta-charset", "http-charset"])
def test_stray_latin1_bytes_in_a_utf8_page_leave_its_accents_whole(charset: str | None) -> None:
    # Declared UTF-8 and UTF-8 but for an alt text pasted in Latin-1: read whole as cp1252,
    # every accent of the story was mojibake ("cafÃ©").
    data = page_in("utf-8", FRENCH, meta=True).replace(
        b"<article>", '<img alt="Caf\xe9 de la place"><article>'.encode("latin-1")
    )
    page = html_page(data, "cafe", "cafe.html", charset=charset)
    assert isinstance(page, Page) and FRENCH in page.text and "Ã" not in page.text
    assert page.degraded == ("stray bytes read as windows-1252",)
    assert "Café de la place" in decode_html(data)


def test_a_few_nul_characters_are_dropped_not_the_page() -> None:
    # NULs in a page of text (a broken template): a browser shows the page, so do we.
    data = story_html().encode().replace(b"</h1>", b"</h1>" + b"\x00" * 3)
    page = html_page(data, "pier", "pier.html")
    assert isinstance(page, Page) and page.degraded == ("NUL characters dropped",)
    assert all(p in page.text for p in PARAGRAPHS) and "\x00" not in page.text


# --- files and bad pages ---------------------------------------------------------------


def test_html_files_plain_and_gzipped(tmp_path: Path) -> None:
    (tmp_path / "courier").mkdir()
    (tmp_path / "courier" / "pier.html").write_text(story_html())
    (tmp_path / "courier" / "cafe.htm.gz").write_bytes(
        gzip.compress(page_in("windows-1252", FRENCH, meta=True))
    )
    pages = {p.doc_id: p for p in read_inputs([str(tmp_path)]) if isinstance(p, Page)}
    assert set(pages) == {"courier/pier", "courier/cafe"}  # paths under the folder named
    assert FRENCH in pages["courier/cafe"].text
    # No canonical URL: the folder names the outlet.
    assert pages["courier/cafe"].source == "courier"


def test_html_record_in_jsonl(tmp_path: Path) -> None:
    records = [
        {"id": "r1", "html": story_html(), "url": "https://courier.example/r1"},
        {"id": "r1b", "html": story_html(), "date": "2024-03-07"},
        {"id": "r2", "html": 7},
    ]
    path = tmp_path / "crawl.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n")
    page, dated, bad = read_inputs([str(path)])
    assert isinstance(page, Page) and page.markup is not None
    assert page.url == "https://courier.example/r1"
    assert page.markup.headline == "Veldmark closes ferry pier for repairs"
    assert page.date == "2024-03-05"  # the markup's
    assert isinstance(dated, Page) and dated.date == "2024-03-07"  # the record's own wins
    assert bad == Reject(f"{path}:3", "'html' must be a string, not int", "r2")


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty page"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10, "binary content"),
        (b"<html><head><title>Home</title></head><body></body></html>", "no main text"),
    ],
)
def test_pages_without_text_are_rejected(tmp_path: Path, data: bytes, reason: str) -> None:
    path = tmp_path / "bad.html"
    path.write_bytes(data)
    [reject] = made(read_html_file(path))
    assert isinstance(reject, Reject) and reject.reason.startswith(reason)


def test_an_html_file_is_read_where_its_page_is_made(tmp_path: Path) -> None:
    """What an engine sends a worker for an HTML file is where the file is, not its bytes: the
    process listing the files does not gunzip them all. A file gone by then is that page's
    reject, said as for any file that cannot be read."""
    path = tmp_path / "ferry.html.gz"
    data = story_html().encode() + b"<!-- padding -->" * 10_000
    path.write_bytes(gzip.compress(data))
    [pending] = read_html_file(path)
    assert isinstance(pending, Pending)
    assert len(pickle.dumps(pending)) < 2_000 < len(data)
    [page] = made([pending])
    assert isinstance(page, Page) and page.text.startswith("Veldmark closes ferry pier")
    path.unlink()
    assert made([pending]) == [Reject(str(path), "cannot read: No such file or directory")]


def nested(depth: int) -> bytes:
    return b"<html><body>" + b"<div><span>" * depth + b"x" + b"</span></div>" * depth + b"</body>"


def test_a_30_mb_page_of_nested_tags_is_rejected_and_the_run_goes_on(tmp_path: Path) -> None:
    huge = tmp_path / "nest.html"
    with huge.open("wb") as f:  # 30 MB, written in pieces
        f.write(b"<html><body>")
        for _ in range(30):
            f.write(b"<div><span>" * 95_325)
    (tmp_path / "pier.html").write_text(story_html())
    t0 = time.perf_counter()
    records = list(read_inputs([str(tmp_path)]))
    assert time.perf_counter() - t0 < 10
    reject, page = records
    assert isinstance(reject, Reject) and reject.reason.startswith("page too large")
    assert isinstance(page, Page)


DEEP = f"markup nested deeper than {MAX_DEPTH:,} elements: the deeper tags dropped"


@pytest.mark.parametrize("extractor", sorted(EXTRACTORS))
def test_a_page_nested_too_deep_is_read_without_its_deeper_tags(extractor: str) -> None:
    # The story at a normal depth, then 2 MB of wrappers 100,000 levels deep (a broken widget):
    # resiliparse alone would take hours on it; read flattened past the limit, it takes no time.
    data = story_html().encode().replace(b"</article>", b"</article>" + nested(100_000))
    t0 = time.perf_counter()
    page = html_page(data, "deep", "deep.html", reading=HtmlReading(extractor))
    assert time.perf_counter() - t0 < 5
    assert isinstance(page, Page) and page.degraded == (DEEP,)
    assert all(p in page.text for p in PARAGRAPHS)
    assert page.markup is not None
    assert page.markup.headline == "Veldmark closes ferry pier for repairs"


def test_flattening_keeps_the_text_and_drops_only_the_tags_past_the_limit() -> None:
    flat = html.flattened(nested(10), limit=5)
    assert nesting_depth(nested(10), limit=5) == 6  # (the count stops)
    kept = b"<html><body>" + b"<div><span>" * 2 + b"<div>x</div>" + b"</span></div>" * 2
    assert flat == kept + b"</body>"


def test_real_nesting_is_accepted() -> None:
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS).encode()
    data = b"<html><body>" + b"<div>" * 200 + body + b"</div>" * 200 + b"</body></html>"
    assert isinstance(html_page(data, "ok", "ok.html"), Page)


def test_a_date_only_printed_in_the_page_is_found() -> None:
    # No JSON-LD, meta or <time>: htmldate reads the printed date from the lxml tree that
    # trafilatura read, and the text is whole.
    html = (
        "<html><head><title>Veldmark closes ferry pier</title></head><body><article>"
        "<h1>Veldmark closes ferry pier</h1><p class='date'>Published 5 March 2024</p>"
        + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "</article></body></html>"
    )
    page = html_page(html.encode(), "pier", "pier.html")
    assert isinstance(page, Page) and page.markup is not None
    assert page.markup.date == "2024-03-05"
    assert page.text.split("\n\n")[-len(PARAGRAPHS):] == PARAGRAPHS


def test_a_fragment_trafilatura_does_not_take_keeps_its_text_and_headline() -> None:
    # One element, no <html>: load_html's rule says it is not a page (parse_dom gives None).
    html = (
        "<article><div><h1>Veldmark closes ferry pier</h1>"
        + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "</div></article>"
    )
    assert parse_dom(html) is None
    page = html_page(html.encode(), "frag", "frag.html")
    assert isinstance(page, Page) and page.markup is not None
    assert page.markup.headline == "Veldmark closes ferry pier"
    assert all(p in page.text for p in PARAGRAPHS)


def undated_page(article_footer: str, nav_closed: bool = True) -> bytes:
    """A story whose markup states no date, between a menu, a most-read list and a footer that
    each print other dates."""
    return (
        "<html><head><title>Veldmark closes ferry pier</title></head><body><nav><ul>"
        "<li><a href='/'>Home</a></li><li><a href='/archive'>Archive: 14 January 2019</a></li>"
        "</ul>" + ("</nav>" if nav_closed else "")
        + "<main><article><h1>Veldmark closes ferry pier</h1>"
        + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + article_footer + "</article></main>"
        "<aside><h2>Most read</h2><ul><li>Council budget passed, 2 February 2021</li>"
        "<li>Storm closes the bridge, 9 November 2020</li></ul></aside>"
        "<footer><p>Copyright 2025 The Veldmark Courier</p></footer></body></html>"
    ).encode()


def test_the_sites_regions_are_dropped_and_the_storys_kept() -> None:
    dom = parse_dom(undated_page("<footer><p>Published 5 March 2024</p></footer>").decode())
    assert dom is not None
    drop_site_regions(dom)
    assert not dom.xpath("//nav|//aside|/html/body/footer")
    assert dom.xpath("//article/footer")  # the story's own
    text = dom.text_content()
    assert "Most read" not in text and "Copyright" not in text
    assert all(p in text for p in PARAGRAPHS)
    # Unclosed, the <nav> holds the whole page in libxml2's tree: it stays.
    dom = parse_dom(undated_page("", nav_closed=False).decode())
    assert dom is not None
    drop_site_regions(dom)
    assert dom.xpath("//nav") and all(p in dom.text_content() for p in PARAGRAPHS)


def test_other_stories_dates_are_not_the_page_date() -> None:
    # htmldate alone would date it by the most-read list (2020-11-09).
    page = html_page(undated_page(""), "pier", "pier.html")
    assert isinstance(page, Page) and page.markup is not None
    assert page.markup.date is None


@pytest.mark.parametrize("nav_closed", [True, False])
def test_the_articles_own_footer_dates_it(nav_closed: bool) -> None:
    # Unclosed, the <nav> holds the whole page in libxml2's tree: it is kept for the search.
    data = undated_page("<footer><p>Published 5 March 2024</p></footer>", nav_closed)
    page = html_page(data, "pier", "pier.html")
    assert isinstance(page, Page) and page.markup is not None
    assert page.markup.date == "2024-03-05"


@pytest.mark.parametrize("html", [
    STORY_PAGE,
    # a doctype on the first line with more after it, which load_html repairs
    "<!DOCTYPE html><html><body><p>One</p>\n<p>Two</p></body></html>",
    # an XML declaration: lxml takes such a page only as bytes
    '<?xml version="1.0" encoding="utf-8"?><html><body><p>Declared</p></body></html>',
    # ...and read as the UTF-8 it was encoded in, whatever charset it claims
    '<?xml version="1.0" encoding="windows-1252"?><html><head><meta charset="windows-1252">'
    "</head><body><p>Caf\u00e9 on the quay</p></body></html>",
    # no "html" in the first 50 characters and one element: not HTML to load_html
    "<p>A lone paragraph with nothing around it at all, and nothing else.</p>",
    # the same with two elements: taken
    "<div>A first block of text on the page,</div><div>and a second one after it.</div>",
    "<html/>\n<body><p>Self-closed html element</p></body>",
    # characters XML forbids (a form feed, U+FFFF), which the repairs delete
    "<html><body><p>Page\x0cbreak</p><p>Not a character: \uffff.</p></body></html>",
    # a doctype naming its DTD, on a line of its own: the repairs drop it
    '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
    '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n<html><body><p>Strict</p></body></html>',
    # nothing to repair, with text in several scripts
    "<!doctype html>\n<html><body><p>Caf\u00e9 \u6771\u4eac \U0001f600</p></body></html>",
    "",
])
def test_parse_dom_gives_the_tree_trafilatura_loads(html: str) -> None:
    theirs = load_html(html)
    # From the text alone, and with its UTF-8 bytes (read directly where nothing needs repair).
    for ours in (parse_dom(html), parse_dom(html, html.encode("utf-8"))):
        assert (ours is None) == (theirs is None)
        if ours is not None:
            assert tostring(ours) == tostring(theirs)
            assert {type(e).__name__ for e in ours.iter()} == {"HtmlElement"}


def test_what_no_reader_uses_is_dropped_and_the_rest_kept() -> None:
    html = story_html().replace(
        "</head>",
        "<style>p { color: red }</style><script>var published = '2019-01-01';</script></head>",
    ).replace(
        "<article>",
        "<article><svg><path d='M0 0'/></svg><noscript>Enable JavaScript</noscript>"
        "<iframe src='ad.html'></iframe>Before the story.",
    )
    dom = parse_dom(html)
    assert dom is not None
    strip_unread(dom)
    assert not dom.xpath("//style|//svg|//noscript|//iframe|//script[not(@type)]")
    assert dom.xpath('//script[@type="application/ld+json"]')  # htmldate reads JSON-LD
    text = dom.text_content()
    assert "Before the story." in text and PARAGRAPHS[0] in text
    assert "Enable JavaScript" not in text


def test_nesting_depth_counts_open_elements() -> None:
    # <html>, <body> and <br> never deepen the tree; "/>" closes nothing in HTML (<div/> opens
    # a <div>), only inside <svg> or <math>.
    assert nesting_depth(b"<html><body><div><p>a<br/><div/><span>b</span></div></body>") == 4
    assert nesting_depth(b'<div title="a > b"><svg><path d="M0"/></svg></div>') == 2
    assert nesting_depth(nested(400)) == 800
    # Names compare without case; a "/" inside an attribute does not close the tag; a tag
    # cut off by the end of the page counts for nothing.
    assert nesting_depth(b'<DIV><Br><A href="/x/">a</A></DIV><optgroup><colgroups>') == 2
    assert nesting_depth(b"<div><span") == 1


def test_past_the_limit_the_count_stops() -> None:
    assert nesting_depth(nested(1500)) == MAX_DEPTH + 1
    assert nesting_depth(nested(10), limit=5) == 6


def test_an_end_tag_closes_only_an_open_element_of_its_name() -> None:
    # A stray end tag closes nothing; one for an open element closes all inside it.
    assert nesting_depth(b"<div></q>" * 10) == 10
    assert nesting_depth(b"<div><span><b>x</div><div>y</div>") == 3
    # ... unless a special element stands between: </span> does not reach out of a <div>.
    assert nesting_depth(b"<span><div></span>" * 10) == 20


def test_implied_end_tags_close_their_group_as_the_parser_does() -> None:
    assert nesting_depth(b"<p>a" * 100) == 1
    assert nesting_depth(b"<ul>" + b"<li>a" * 100 + b"</ul>") == 2
    assert nesting_depth(b"<dl><dt>a<dd>b<dt>c<dd>d</dl>") == 2
    assert nesting_depth(b"<table><tbody><tr><td>a<td>b<tr><th>c<td>d</table>") == 4
    # <rt> ends an <rt> only inside <ruby>; elsewhere the parser nests them.
    assert nesting_depth(b"<ruby>" + b"<rt>a" * 100) == 2
    assert nesting_depth(b"<rt>a" * 100) == 100


def test_stray_end_tags_under_many_open_elements_are_counted_quickly() -> None:
    # Each end tag is looked for a bounded way down: 8 MB of them under 999 open <span> took
    # 53 s when each walked the whole stack.
    t0 = time.perf_counter()
    assert nesting_depth(b"<span>" * 999 + b"</q>" * 2_000_000) == 999
    assert time.perf_counter() - t0 < 2


@pytest.mark.parametrize("extractor", sorted(EXTRACTORS))
@pytest.mark.parametrize(
    "data",
    [
        # Passed as depth 1 when every end tag closed an element: resiliparse then built
        # 50,000 levels (141 s), and 36 s for the <rt>.
        b"<html><body>" + b"<div></q>" * 50_000 + b"<p>The council met.</p></body></html>",
        b"<html><body><p>The council met.</p>" + b"<rt>x" * 100_000 + b"</body></html>",
    ],
    ids=["stray-end-tags", "nested-rt"],
)
def test_nesting_the_old_count_missed_is_read_quickly(extractor: str, data: bytes) -> None:
    t0 = time.perf_counter()
    page = html_page(data, "deep", "deep.html", reading=HtmlReading(extractor))
    assert time.perf_counter() - t0 < 2
    assert isinstance(page, Page) and page.degraded == (DEEP,)
    assert "The council met." in page.text


def test_deep_nesting_in_utf16_is_flattened_too() -> None:
    page = "<html><body><p>The council met on Monday.</p>" + nested(2000).decode()[12:]
    data = "\ufeff".encode("utf-16-le") + page.encode("utf-16-le")
    read = html_page(data, "deep", "deep.html")
    assert isinstance(read, Page) and read.degraded == (DEEP,)
    assert "The council met on Monday." in read.text


def test_a_page_of_very_many_elements_goes_to_resiliparse(monkeypatch: pytest.MonkeyPatch) -> None:
    body = "".join(f"<p>Paragraph {i} of the council's long list of harbour works.</p>"
                   for i in range(40))
    data = f"<html><body><article>{body}</article></body></html>".encode()
    monkeypatch.setitem(EXTRACTORS, "resiliparse", lambda html, dom: "Read by resiliparse.")
    page = html_page(data, "d", "o", reading=HtmlReading("trafilatura"))
    assert isinstance(page, Page) and page.text.startswith("Paragraph 0 of the council")
    monkeypatch.setattr(html, "TRAFILATURA_ELEMENTS", 30)  # the page has 44
    page = html_page(data, "d", "o", reading=HtmlReading("trafilatura"))
    assert isinstance(page, Page) and page.text == "Read by resiliparse."


@pytest.mark.parametrize("charset", ["UNDEFINED", "base64", "zlib", "rot13", "no\x00such"])
def test_a_declared_charset_that_decodes_no_text_is_passed_over(charset: str) -> None:
    data = "<html><body><p>Caf\xe9 owners in Veldmark met on Monday, the council said.</p>"
    page = html_page((data + "</body></html>").encode("latin-1"), "d", "o", charset=charset)
    assert isinstance(page, Page) and "Veldmark met on Monday" in page.text
