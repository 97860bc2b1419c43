"""Pages as the web has them (issue #16): bylines in the page's language and never an outlet or
an address, dates as the outlet printed them, headlines in parts, readers' comments."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from lxml.html import fromstring

from copydesk.engines.local import run
from copydesk.engines.rules import RunOptions
from copydesk.readers.html import HtmlReading, html_page
from copydesk.readers.markup import appended_stories, person_names, read_markup
from copydesk.records import Page

STORY = (
    "<p>The harbour board of Veldmark voted on Tuesday to close the old ferry pier for repairs "
    "that engineers say cannot wait until the spring tides have passed.</p>"
    "<p>Ferries will berth at the fish quay from Monday, the board said, and the crossing to "
    "Orrin Island will take about ten minutes longer while the works last.</p>"
    "<p>Fishing crews who use the quay were told they would keep two berths throughout, after "
    "they complained at a public meeting last week that they had not been consulted.</p>"
)


def page(head: str = "", article: str = "", after: str = "", lang: str = "en") -> str:
    return (
        f'<html lang="{lang}"><head><title>Ferry pier closes | Veldmark Courier</title>{head}'
        f"</head><body><article><h1>Ferry pier closes</h1>{article}{STORY}</article>{after}"
        "</body></html>"
    )


def markup_of(html: str, url: str | None = None):
    return read_markup(fromstring(html), url)


@pytest.mark.parametrize(
    ("article", "lang"),
    [
        ('<p class="meta"><a href="/author/ines-marrow/" title="View all posts by Ines Marrow">'
         "View all posts by Ines Marrow</a></p>", "en"),
        ('<div class="post-meta"><a href="/autor/ines-marrow/">Zeige alle Beiträge von Ines '
         "Marrow</a></div>", "de"),
        ('<p class="signature">Par Ines Marrow</p>', "fr"),
        ('<div><p>Written by</p><p>Ines Marrow</p></div>', "en"),
    ],
    ids=["en-link", "de-link", "fr-par", "label"],
)
def test_a_printed_byline_is_the_name_without_its_lead(article: str, lang: str) -> None:
    assert markup_of(page(article=article, lang=lang)).byline == "Ines Marrow"


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("By Ines Marrow and Tomas Bell", "Ines Marrow, Tomas Bell"),
        ("Von Ines Marrow", "Ines Marrow"),
        ("Escrito por Ines Marrow", "Ines Marrow"),
        ("Author: Posted by Ines Marrow", "Ines Marrow"),
        ("Ines Marrow Dec", "Ines Marrow"),  # a date the cleaning left its month of
        ("Di Stefano Orrin", "Di Stefano Orrin"),  # an Italian "di" leads only in lowercase
        ("https://courier.example/staff/ines-marrow", None),
        ("Veldmark Courier (www.courier.example)", None),
        ("page.head.extra.author", None),
        ("admin", None),
        ("July", None),
    ],
)
def test_person_names(text: str, names: str | None) -> None:
    assert person_names(text) == names


def test_an_outlet_is_no_byline_and_a_person_elsewhere_in_the_graph_is() -> None:
    graph = {"@context": "https://schema.org", "@graph": [
        {"@type": "NewsArticle", "headline": "Ferry pier closes",
         "author": [{"@id": "#ines"}, {"@type": "Organization", "name": "Veldmark Courier"}],
         "publisher": {"@type": "NewsMediaOrganization", "name": "Veldmark Courier"}},
        {"@type": "Person", "@id": "#ines", "name": "Ines Marrow"},
    ]}
    head = f'<script type="application/ld+json">{json.dumps(graph)}</script>'
    assert markup_of(page(head)).byline == "Ines Marrow"
    # The outlet named as the author in a <meta>, the publisher in JSON-LD: no person.
    only_outlet = {"@type": "NewsArticle", "publisher": {"name": "Veldmark Courier"}}
    head = (f'<meta name="author" content="Veldmark Courier"><script type="application/ld+json">'
            f"{json.dumps(only_outlet)}</script>")
    assert markup_of(page(head)).byline is None


def test_every_citation_author_is_read() -> None:
    head = "".join(f'<meta name="citation_author" content="{n}">'
                   for n in ("Ines Marrow", "Tomas Bell", "Orla Quist"))
    assert markup_of(page(head)).byline == "Ines Marrow, Tomas Bell, Orla Quist"


def test_an_evening_story_in_utc_keeps_the_date_the_outlet_printed() -> None:
    # 2023-11-08 at 22:28 in New York is 2023-11-09 03:28 UTC.
    stamp = '<meta property="article:published_time" content="2023-11-09T03:28:35+00:00">'
    assert markup_of(page(stamp)).date == "2023-11-09"  # nothing says otherwise
    printed = '<time datetime="2023-11-08T22:28:35-05:00">Nov. 8, 2023</time>'
    assert markup_of(page(stamp, printed)).date == "2023-11-08"
    url = "https://courier.example/2023/11/08/ferry-pier-closes/"
    assert markup_of(page(stamp), url).date == "2023-11-08"
    canonical = f'<link rel="canonical" href="{url}">'
    assert markup_of(page(stamp + canonical)).date == "2023-11-08"
    # A <time> of another instant (a comment's) or a URL of two days before says nothing.
    other = '<time datetime="2023-11-08T21:00:00-05:00">Nov. 8</time>'
    assert markup_of(page(stamp, other)).date == "2023-11-09"
    assert markup_of(page(stamp), "https://courier.example/2023/11/07/x").date == "2023-11-09"
    # A timestamp with its own offset is the outlet's date as it stands.
    local = '<meta property="article:published_time" content="2023-11-08T22:28:35-05:00">'
    assert markup_of(page(local), "https://courier.example/2023/11/07/x").date == "2023-11-08"


def test_the_date_the_page_prints_as_its_publication_wins() -> None:
    ld = ('<script type="application/ld+json">{"@type": "NewsArticle", '
          '"datePublished": "2025-11-29T09:00:00-05:00"}</script>')
    assert markup_of(page(ld)).date == "2025-11-29"
    # Microdata on the printed date, or HTML's <time pubdate>: what the reader sees, over
    # the CMS's JSON-LD (a republication's stamp).
    marked = '<p class="meta" itemprop="datePublished">Posted on 8 Oct 2022</p>'
    assert markup_of(page(ld, marked)).date == "2022-10-08"
    pubdate = '<p>Published <time pubdate datetime="2025-08-13">August 13, 2025</time></p>'
    assert markup_of(page(ld, pubdate)).date == "2025-08-13"
    # Teasers of other stories each with their date: a listing's dates, none the page's.
    teasers = "".join(
        f'<div class="card"><h3>Story {d}</h3><span itemprop="datePublished" '
        f'content="2026-03-{d}T12:00:00-05:00">March {d}, 2026</span></div>' for d in (12, 13)
    )
    assert markup_of(page(ld, after=teasers)).date == "2025-11-29"


def test_a_time_without_datetime_is_read_as_printed_and_an_update_is_not_the_date() -> None:
    # The markup states only the update; htmldate's search takes it when nothing else says.
    modified = '<meta property="article:modified_time" content="2024-10-28T10:00:00+00:00">'
    assert markup_of(page(modified)).date == "2024-10-28"
    times = ('<p><time class="entry-time">April 26, 2024</time> '
             '<time class="entry-modified-time">Updated on: October 28, 2024</time></p>')
    assert markup_of(page(modified, times)).date == "2024-04-26"
    updated = '<p><time>Last updated 28.10.2024</time> <time>26.04.2024</time></p>'
    assert markup_of(page(modified, updated)).date == "2024-04-26"


def test_the_date_printed_under_the_headline_is_the_date_the_reader_sees() -> None:
    # JSON-LD's stamp is the template's (a republication, a migration): the page prints
    # another date under its headline, before the story's text.
    ld = ('<script type="application/ld+json">{"@type": "NewsArticle", '
          '"datePublished": "2021-08-12T19:35:44+00:00"}</script>')
    assert markup_of(page(ld)).date == "2021-08-12"
    header = '<div class="byline"><span>By Ines Marrow</span> <span>March 5, 2025</span></div>'
    assert markup_of(page(ld, header)).date == "2025-03-05"
    # The UTC stamp of an evening story, the day before printed under the headline.
    utc = ('<script type="application/ld+json">{"@type": "NewsArticle", '
           '"datePublished": "2025-12-19T02:02:58Z"}</script>')
    assert markup_of(page(utc, "<div>Dec 18, 2025</div>")).date == "2025-12-18"
    # The markup's date printed there too (with an update's): it stands.
    both = "<p>Published 12/08/2021 · Updated March 5, 2025</p>"
    assert markup_of(page(ld, both)).date == "2021-08-12"  # (12/08 read either way)
    # An update's date alone is no publication's.
    assert markup_of(page(ld, "<p>Last updated: March 5, 2025</p>")).date == "2021-08-12"
    # A date in the story's text, or after its first paragraph, is the story's matter.
    assert markup_of(page(ld, after="<p>March 5, 2025</p>")).date == "2021-08-12"
    # Teasers of other stories under the headline: dates that disagree are none the page's.
    teasers = "<ul><li>Storm closes bridge 03/01/2025</li><li>Budget passed 02/11/2024</li></ul>"
    assert markup_of(page(ld, teasers)).date == "2021-08-12"


@pytest.mark.parametrize(
    ("h1", "headline"),
    [
        ('<span class="kicker">Harbour</span><span class="title">Ferry pier closes</span>',
         "Harbour Ferry pier closes"),
        ('<span>Streik bei der Arbeit</span><span>"Wir bleiben"</span>',
         'Streik bei der Arbeit "Wir bleiben"'),
        ('Ferry pier <span class="drop">c</span>loses', "Ferry pier closes"),
        ("Ferry <em>pier</em> closes", "Ferry pier closes"),
    ],
)
def test_the_parts_of_an_h1_are_words_apart(h1: str, headline: str) -> None:
    html = page().replace("<h1>Ferry pier closes</h1>", f"<h1>{h1}</h1>")
    assert markup_of(html).headline == headline


COMMENTS = (
    '<section id="comments"><h2>Comments</h2><ol class="comment-list">'
    '<li class="comment"><p>The quay is too small for the ferry and the boats together.</p></li>'

    '<li class="comment"><p>About time: the pier has been shaking for years.</p></li>'
    "</ol></section>"
)


def test_readers_comments_are_apart_from_the_story() -> None:
    read = html_page(page(after=COMMENTS).encode(), "pier", "pier.html",
                     reading=HtmlReading(comments=True))
    assert isinstance(read, Page) and read.markup is not None
    assert read.markup.comments == (
        "The quay is too small for the ferry and the boats together.",
        "About time: the pier has been shaking for years.",
    )
    assert "shaking" not in read.text


@pytest.mark.parametrize("keep", [False, True])
def test_no_byline_is_a_commenters_whether_comments_are_kept_or_not(keep: bool) -> None:
    # The story names no author; the comment section's "comment-author" is a reader's.
    comments = (
        '<section id="comment-thread"><div class="comment"><span class="comment-author">Tobin '
        "Quarrel</span><p>The quay is too small for the ferry and the boats together.</p></div>"
        "</section>"
    )
    read = html_page(page(after=comments).encode(), "pier", "pier.html",
                     reading=HtmlReading(comments=keep))
    assert isinstance(read, Page) and read.markup is not None
    assert read.markup.byline is None
    assert bool(read.markup.comments) == keep
    # Left in the page, the commenter's mark would be the one byline it has.
    assert markup_of(page(after=comments)).byline == "Tobin Quarrel"


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_comments_are_in_the_output_only_when_asked_for(tmp_path: Path, fmt: str) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "pier.html").write_text(page(after=COMMENTS))
    (tmp_path / "in" / "nul.html").write_bytes(page().encode().replace(b"</h1>", b"</h1>\0"))
    rows = {}
    for comments in (False, True):
        out = tmp_path / f"out-{comments}"
        run([str(tmp_path / "in")], out, RunOptions(fmt=fmt, quiet=True, comments=comments))
        if fmt == "jsonl":
            stories = [json.loads(line) for line in (out / "stories.jsonl").open()]
        else:
            stories = pq.read_table(out / "stories.parquet").to_pylist()
        rows[comments] = {s["doc_id"]: s for s in stories}
        stats = json.loads((out / "stats.json").read_text())
        assert stats["degraded"] == {"NUL characters dropped": 1}
    assert all("comments" not in s for s in rows[False].values())
    assert rows[True]["pier"]["comments"][1] == "About time: the pier has been shaking for years."
    assert rows[True]["nul"]["comments"] == []
    for doc_id, story in rows[True].items():
        assert {k: v for k, v in story.items() if k != "comments"} == rows[False][doc_id]


NEXT = (
    "<article><h1>{title}</h1><p>{title}: the council of Orrin Island met on Thursday to "
    "discuss the winter timetable of the island's ferries and the price of a return ticket.</p>"
    "<p>Its members agreed to keep the early crossing and to review the fares in the spring, "
    "when the works on the Veldmark pier are expected to be done.</p></article>"
)


def test_stories_an_endless_scroll_appends_are_not_the_pages_story() -> None:
    appended = "".join(NEXT.format(title=t) for t in ("Orrin fares stay", "Winter timetable set"))
    html = page('<meta property="og:title" content="Ferry pier closes">', after=appended)
    read = html_page(html.encode(), "pier", "pier.html")
    assert isinstance(read, Page) and "spring tides" in read.text
    assert "Orrin Island met" not in read.text


def test_a_listing_of_whole_articles_is_no_story_with_others_appended() -> None:
    # The page's title names none of its articles: a section page, no article is its own.
    articles = "".join(NEXT.format(title=t) for t in ("Orrin fares stay", "Winter timetable set"))
    listing = f"<html><head><title>Harbour news</title></head><body>{articles}</body></html>"
    assert appended_stories(fromstring(listing)) == []
    named = listing.replace("Harbour news", "Winter timetable set | Veldmark Courier")
    [other] = appended_stories(fromstring(named))
    assert other.findtext(".//h1") == "Orrin fares stay"
