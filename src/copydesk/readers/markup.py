"""What a page's markup says about its story: headline, date, byline, canonical URL, language,
captions. Read from lxml's tree of the page (the one trafilatura and htmldate read, without
its scripts and the site's navigation and footers: html.py).

Order of trust, from what wcxb-dev shows: the page's <h1> names the story more often than
og:title or <title> (which carry the site's name and SEO wording): on 400 of its pages, 74%
against 39%. A date the page prints and marks as the publication's (microdata, <time pubdate>)
comes first, then one the publisher states in JSON-LD or article:published_time: each is right
more often than one htmldate guesses, so htmldate's search is the fallback. Over all of them, a
date printed under the headline (not an update's) is the date as the reader sees it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from bisect import bisect_right
from collections.abc import Iterator
from copy import deepcopy
from itertools import accumulate, islice
from typing import Any

from htmldate import find_date
from htmldate.extractors import try_date_expr
from htmldate.validators import get_max_date, get_min_date
from lxml import etree
from lxml.etree import XPath
from lxml.html import Element, HtmlElement
from trafilatura.json_metadata import normalize_authors
from trafilatura.main_extractor import extract_comments
from trafilatura.metadata import METANAME_AUTHOR, PROPERTY_AUTHOR
from trafilatura.settings import Extractor

from copydesk.annotate.dates import printed_dates
from copydesk.clean.shape import PROSE_WORDS
from copydesk.readers.dates import normalise_date
from copydesk.records import Caption, Markup
from copydesk.words import WORD

# Schema.org types whose headline and dates are the page's own story.
_ARTICLE_TYPES = ("Article", "NewsArticle", "BlogPosting", "ReportageNews", "AnalysisNewsArticle",
                  "OpinionNewsArticle", "Report", "WebPage", "LiveBlogPosting")
# JSON-LD blocks larger than this are catalogues, not a page's description; skip them.
MAX_JSON_LD_CHARS = 200_000
# (attribute, value) of the <meta> elements that state a publication date, most trusted first.
_DATE_METAS = (
    ("property", "article:published_time"),
    ("itemprop", "datePublished"),
    ("name", "date"),
    ("name", "pubdate"),
    ("name", "publish-date"),
    ("name", "parsely-pub-date"),
    ("name", "dc.date.issued"),
    ("name", "DC.date.issued"),
)
_META_KEYS = ("property", "name", "itemprop", "http-equiv")
_ARTICLE_TIME = XPath("//article//time[@datetime]")
_TIME = XPath("//time[@datetime]")
# (Found by the attribute: a third of the time of testing every element, //*[@itemprop=...].)
_DATE_PUBLISHED = XPath('//@itemprop[.="datePublished"]/..')
# What marks a date as a later update's, not the publication's: "Updated on", "entry-modified".
_UPDATED = re.compile(
    r"updat|modif|aktualisiert|mis\s+à\s+jour|actualizad|aggiornat|bijgewerkt", re.IGNORECASE
)
_EARLIEST = get_min_date(None)
# (By its attributes: half the time of testing every element, //*[@rel="author"].)
_AUTHOR_LINK = XPath('//@rel[.="author"]/..')
# What the address of an author's page holds (WordPress's /author/jane-doe/, and most sites').
_AUTHOR_PAGES = ("/author/", "/authors/", "/autor/", "/auteur/")
# A timestamp's UTC offset: "Z", "+00:00", "+0000", "GMT".
_UTC = re.compile(r"(?:Z|[+-]00:?00|\bGMT|\bUTC)$", re.IGNORECASE)
# A date in a URL's path: /2023/11/08/
_URL_DATE = re.compile(r"/((?:19|20)[0-9]{2})/([01]?[0-9])/([0-3]?[0-9])(?:/|$)")
_TITLE_SUFFIX = re.compile(r"\s+[|–—·:-]\s+[^|–—·]{1,60}$")
_CREDIT_CLASS = re.compile(r"credit|copyright|source|photographer", re.I)
_SPACE = re.compile(r"\s+")
# A caption longer than this is an article teaser in a <figure>, not a caption.
MAX_CAPTION_CHARS = 600
MAX_HEADLINE_WORDS = 40


def _clean(text: str | None) -> str | None:
    if not text:
        return None
    text = _SPACE.sub(" ", text).strip()
    return text or None


def _declared(dom: HtmlElement) -> dict[tuple[str, str], str]:
    """What the page's <meta> and <link> elements declare, by (attribute, value): the first
    content of each ("property", "og:title"), and the first href of each ("rel", "canonical")."""
    found: dict[tuple[str, str], str] = {}
    for element in dom.iter("meta", "link"):
        if element.tag == "link":
            rel, href = element.get("rel"), element.get("href")
            if rel is not None and href is not None:
                found.setdefault(("rel", rel), href)
            continue
        content = element.get("content")
        if content is None:
            continue
        for key in _META_KEYS:
            if (value := element.get(key)) is not None:
                found.setdefault((key, value), content)
    return found


def _spaced_text(element: HtmlElement) -> str:
    """An element's text with a space where two of its elements' texts meet as two words: an
    <h1> of a kicker and a title in two <span>s is "Kicker Title", not "KickerTitle"
    (text_content() glues them). A letter set apart for its style (<span>C</span>ycle) joins
    as printed: a space goes only before a capital or an opening quote."""
    parts: list[str] = []

    def add(text: str | None, boundary: bool) -> None:
        if not text:
            return
        if boundary and parts and _GLUED.match(parts[-1][-1:] + text[:1]):
            parts.append(" ")
        parts.append(text)

    def walk(node: HtmlElement) -> None:
        add(node.text, True)
        for child in node:
            if isinstance(child.tag, str):
                walk(child)
            add(child.tail, True)

    walk(element)
    return "".join(parts)


# Two texts that meet glued: a letter, digit or closing mark, then a capital or an opening quote.
_GLUED = re.compile(r"[\w.!?:;,\"”’»)][\"“„«¿¡(]|[\w.!?:;,\"”’»)](?=[A-ZÀ-ÖØ-Þ])")


def _first_text(path: XPath, dom: HtmlElement) -> str | None:
    found = path(dom)
    return _clean(found[0].text_content()) if found else None


def json_ld(dom: HtmlElement) -> Iterator[dict[str, Any]]:
    """Every JSON object in the page's JSON-LD blocks, @graph members included."""
    for script in dom.iter("script"):
        raw = script.text
        if script.get("type") != "application/ld+json" or not raw or len(raw) > MAX_JSON_LD_CHARS:
            continue
        try:
            stack: list[Any] = [json.loads(raw)]
        except (ValueError, RecursionError):
            continue  # publishers' JSON-LD is often broken; it is a hint, not the page
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(reversed(item))
            elif isinstance(item, dict):
                yield item
                stack.append(item.get("@graph"))


def _types(item: dict[str, Any]) -> list[str]:
    # Publishers write any JSON at any key ("@type": 1, "@type": {...}): only strings name a type.
    kind = item.get("@type")
    if isinstance(kind, str):
        return [kind]
    return [k for k in kind if isinstance(k, str)] if isinstance(kind, list) else []


def _article(dom: HtmlElement) -> dict[str, Any]:
    """The JSON-LD object describing the page's story, or {}: an Article-like type first."""
    found = [i for i in json_ld(dom) if any(t in _ARTICLE_TYPES for t in _types(i))]
    found.sort(key=lambda i: "WebPage" in _types(i))  # a WebPage only if no Article
    if not found:
        return {}
    # Its author is often a reference ({"@id": ...}) to a Person elsewhere in the @graph.
    people = {i["@id"]: i for i in json_ld(dom) if isinstance(i.get("@id"), str) and "name" in i}
    author = found[0].get("author")
    refs = author if isinstance(author, list) else [author]
    resolved = [
        people.get(a["@id"], a) if isinstance(a, dict) and isinstance(a.get("@id"), str) else a
        for a in refs
    ]
    return {**found[0], "author": resolved}


def _words(text: str) -> set[str]:
    return set(WORD.findall(text.lower()))


def appended_stories(dom: HtmlElement) -> list[HtmlElement]:
    """Other stories the page carries whole after its own (an endless-scroll feed appends
    each next article, its <h1> and all): of the page's outermost <article>s with an <h1>,
    all but the one whose <h1> the page's declared titles name. None on a listing, whose
    title names no one article, nor where no other <article> has an <h1> of its own."""
    stories = [
        (a, h) for a in dom.iter("article")
        if (h := a.find(".//h1")) is not None and not any(
            p.tag == "article" for p in a.iterancestors()
        )
    ]
    if len(stories) < 2:
        return []
    declared = _declared(dom)
    title = dom.find(".//title")
    titles = (declared.get(("property", "og:title")), declared.get(("name", "twitter:title")),
              title.text_content() if title is not None else None)
    words = set().union(*(_words(t) for t in titles if t))
    shares = [len(_words(h.text_content()) & words) / max(1, len(_words(h.text_content())))
              for _, h in stories]
    best = max(shares)
    if best < _OWN_TITLE_SHARE or shares.count(best) > 1:
        return []
    own = shares.index(best)
    return [a for i, (a, _) in enumerate(stories) if i != own]


# The share of an <h1>'s words the declared titles must have for it to name the page's story.
_OWN_TITLE_SHARE = 0.5


def headline(
    dom: HtmlElement, declared: dict[tuple[str, str], str], article: dict[str, Any]
) -> str | None:
    """The story's headline: the <h1> that best agrees with the page's declared titles, else
    the declared title without its " | Site" suffix."""
    ld_headline = article.get("headline")
    title = dom.find(".//title")
    titles = [
        d for d in (
            _clean(ld_headline) if isinstance(ld_headline, str) else None,
            _clean(declared.get(("property", "og:title"))),
            _clean(declared.get(("name", "twitter:title"))),
            _clean(title.text_content()) if title is not None else None,
        ) if d
    ]
    heads = [h for n in dom.iter("h1") if (h := _clean(_spaced_text(n)))]
    heads = [h for h in heads if len(WORD.findall(h)) <= MAX_HEADLINE_WORDS]
    if heads:
        # Pages with several <h1> (logo, section name, story) mostly name the story in their
        # declared titles too: take the <h1> sharing most words with them.
        words = set().union(*map(_words, titles)) if titles else set()
        return max(heads, key=lambda h: len(_words(h) & words))
    for title_text in titles:
        return _TITLE_SUFFIX.sub("", title_text)
    return None


def _stated(value: str, dom: HtmlElement, url: str | None) -> str | None:
    """The date of a markup timestamp as the outlet printed it. A timestamp in UTC ("Z",
    "+00:00") is often the outlet's local time converted: an evening story in New York is
    stamped the next day. Then a date the page states in its own time wins: a <time> of the
    same instant with its offset, else the URL's date when it is the day before."""
    date = normalise_date(value)
    if date is None or not _UTC.search(value):
        return date
    instant = _instant(value)
    for time in _TIME(dom):
        stamp = time.get("datetime") or ""
        if not _UTC.search(stamp) and instant and _instant(stamp) == instant:
            return normalise_date(stamp)
    if url and (m := _URL_DATE.search(url)):
        try:
            printed = dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return date
        if printed + dt.timedelta(days=1) == dt.date.fromisoformat(date):
            return printed.isoformat()
    return date


def _instant(value: str) -> dt.datetime | None:
    """A timestamp with an offset as an instant (to the minute), else None."""
    try:
        stamp = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if stamp.tzinfo is None:
        return None
    try:
        return stamp.astimezone(dt.UTC).replace(second=0, microsecond=0)
    except OverflowError:  # a year-1 timestamp east of UTC
        return None


def _published(dom: HtmlElement) -> list[HtmlElement]:
    """The printed elements marked as the publication's date: microdata's datePublished (its
    <meta>s are read with the others) and HTML's <time pubdate>."""
    marked = [e for e in _DATE_PUBLISHED(dom) if e.tag != "meta"]
    return marked + [t for t in dom.iter("time") if t.get("pubdate") is not None]


def _printed_date(text: str) -> str | None:
    """A date as a page prints it ("February 9th, 2024", "09.02.2024"), by htmldate's own
    reading of a date expression (without its slow external parser)."""
    return try_date_expr(_clean(text), "%Y-%m-%d", False, _EARLIEST, get_max_date(None))


def publication_date(
    dom: HtmlElement, declared: dict[tuple[str, str], str], article: dict[str, Any],
    url: str | None = None, headline: str | None = None,
) -> str | None:
    """The date the page states for its story: `url` (the page's canonical URL, else the one
    it was fetched at) may say it as the outlet printed it. A date printed under the story's
    `headline`, before its text, and not an update's, is the date as the reader sees it: it
    wins over the markup's when the markup's is not printed there (a republication's stamp, a
    UTC conversion, the template's date)."""
    marked = _marked_date(dom, declared, article, url)
    heading = _heading(dom, headline)
    if heading is None:
        return marked
    printed = _header_dates(heading)
    if not printed or any(marked in readings for _, readings in printed):
        return marked
    # Dates that disagree there are teasers' (a listing of other stories under the headline)
    if len({readings[0] for _, readings in printed}) > 1:
        return marked
    return printed[0][1][0]


# The most text a story's header (its byline, date, reading time, labels) runs to.
_HEADER_CHARS = 400


def _heading(dom: HtmlElement, headline: str | None) -> HtmlElement | None:
    """The <h1> the headline was read from."""
    if headline is None:
        return None
    return next((h for h in dom.iter("h1") if _clean(_spaced_text(h)) == headline), None)


def _header_dates(heading: HtmlElement) -> list[tuple[int, list[str]]]:
    """The dates printed after the headline and before the story's first line of prose,
    but for an update's ("Updated on", "Last modified:")."""
    header = ""
    for text in _following_text(heading):
        text = " ".join(text.split())
        if len(text.split()) >= PROSE_WORDS or len(header) > _HEADER_CHARS:
            break
        if text:
            header += " " + text
    return [
        (start, readings) for start, readings in printed_dates(header)
        if not _UPDATED.search(header[max(0, start - _LABEL_CHARS):start])
    ]


# How far before a date its label ("Last updated on") may start.
_LABEL_CHARS = 30


def _following_text(element: HtmlElement) -> Iterator[str]:
    """The page's text after an element, in reading order, read lazily."""
    while element is not None:
        if element.tail:
            yield element.tail
        for sibling in element.itersiblings():
            if isinstance(sibling.tag, str):
                yield from sibling.itertext()
            if sibling.tail:
                yield sibling.tail
        element = element.getparent()


def _marked_date(
    dom: HtmlElement, declared: dict[tuple[str, str], str], article: dict[str, Any],
    url: str | None,
) -> str | None:
    """The date the page's markup marks as the publication's, else htmldate's guess."""
    # Microdata's datePublished on a printed element, or HTML's <time pubdate>: the date the
    # reader sees, marked as the publication's, wins over JSON-LD (on wcxb-dev, where the two
    # differ, JSON-LD's was a republication's stamp). The date in its attribute, else as it
    # prints it; only if they agree (teasers of other stories carry theirs: a listing's).
    published = {
        (value and _stated(value, dom, url)) or _printed_date(element.text_content())
        for element in _published(dom)
        for value in [element.get("datetime") or element.get("content")]
    } - {None}
    if len(published) == 1:
        return published.pop()
    for value in (article.get("datePublished"), article.get("dateCreated")):
        if isinstance(value, str) and (date := _stated(value, dom, url)):
            return date
    for key in _DATE_METAS:
        if (value := _clean(declared.get(key))) and (date := _stated(value, dom, url)):
            return date
    times = _ARTICLE_TIME(dom) or _TIME(dom)
    if times and (value := times[0].get("datetime")) and (date := _stated(value, dom, url)):
        return date
    # A <time> without a datetime, as it prints its date: the first that is no update's.
    for time in dom.iter("time"):
        if time.get("datetime") is not None:
            continue
        text = time.text_content()
        if not _UPDATED.search(f"{time.get('class')} {text}") and (date := _printed_date(text)):
            return date
    # htmldate reads what is left (URL patterns, visible dates); original_date asks for the
    # publication rather than the last update. Its extensive search (any date in the page) is
    # right more often than it is wrong: on wcxb-dev it finds 34 more correct dates than the
    # plain search, where the markup states none. It is given the page's lxml tree (without
    # scripts or the site's navigation and footers, html.py) so that it does not parse the
    # page again. Its parser of last resort, dateparser, tries every locale on a string no
    # locale reads (~20 ms each, a few strings on a third of those pages); htmldate has no
    # option to narrow it.
    found = find_date(_rooted(dom), url=url, original_date=True, extensive_search=True)
    return found if isinstance(found, str) else None


def _rooted(dom: HtmlElement) -> HtmlElement:
    """The tree under an <html> root: htmldate drops what it does not read (an <svg>, a
    <form>) from its parent, and fails on a page whose root is one (a fragment such as
    `<svg><p>...`). Such a page's tree is copied under a root of its own, ours left as is."""
    if dom.tag == "html":
        return dom
    root = Element("html")
    root.append(deepcopy(dom))
    return root


# What opens a byline or an author link, in the languages of the shared pages: "View all posts
# by", "Zeige alle Beiträge von", "Publié par", "Escrito por", "Author:" (trafilatura's own
# cleaning knows only English and German "by"/"von" at the very start).
_BYLINE_LEAD = re.compile(
    r"^\s*(?:(?:view|see|read|more|all|other)\s+(?:all\s+|more\s+)?(?:posts|articles|stories)"
    r"\s+(?:by|from)|(?:zeige\s+)?alle\s+(?:beiträge|artikel)\s+von|(?:ein\s+)?beitrag\s+von"
    r"|(?:written|posted|published|words|story|reporting)\s+by|by|von|verfasst\s+von"
    r"|(?:publié|écrit|rédigé)\s+par|par|(?:escrito|publicado|redactado)\s+por|por"
    r"|(?:scritto|pubblicato)\s+da|a\s+cura\s+di|(?-i:di|av|af)|door|geschreven\s+door|przez"
    r"|(?:author|authors|autor|autorin|autore|auteur|auteurs|autora|forfatter|författare)\b"
    r")\s*:?\s+",
    re.IGNORECASE,
)
# Not a person's name: a web address, an e-mail address, a template's key or a handle with
# dots or digits ("page.head.author", "jdoe42", "@jdoe"), a site's account ("admin"). (A
# lowercase handle, "jdoe", is how some blogs sign: kept.)
_NOT_A_NAME = re.compile(
    r"https?:|www\.|\w\.(?:com|org|net|de|fr|co)\b|@|^[\w.]*[\d._][\w.]*$"
    r"|^(?i:admin|administrator|webmaster|anonymous|unknown|guest|user)$"
)
# A date left after a name once trafilatura's cleaning took its digits ("Jane Doe Dec").
_MONTH_TAIL = re.compile(
    r"(?:\s+(?:last\s+)?(?:updated|published|posted|on))?\s+(?:jan|feb|mar|apr|may|jun|jul|aug"
    r"|sep|sept|oct|nov|dec|january|february|march|april|june|july|august|september|october"
    r"|november|december)\.?$|^(?:(?:last\s+)?(?:updated|published|posted)\s+)?(?:jan|feb|mar"
    r"|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|august"
    r"|september|october|november|december)\.?$",
    re.IGNORECASE,
)
# JSON-LD types that are no person: the outlet, a brand.
_BODIES = {"Organization", "NewsMediaOrganization", "Corporation", "Brand", "WebSite"}


def _authors(value: Any) -> Iterator[str]:
    """The people in a JSON-LD author value: strings, and Persons' names (an Organization is
    the outlet, not a byline)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict) and not _BODIES.intersection(_types(value)):
        yield from _authors(value.get("name"))
    elif isinstance(value, list):
        for item in value:
            yield from _authors(item)


def _outlet_names(article: dict[str, Any]) -> set[str]:
    """The publisher the JSON-LD names (an organisation): an author by that name is the outlet,
    not a person. (A site's own name is no such sign: a personal blog bears its author's.)"""
    publisher = article.get("publisher")
    name = publisher.get("name") if isinstance(publisher, dict) else None
    return {" ".join(WORD.findall(name.lower()))} if isinstance(name, str) else set()


def person_names(text: str, outlets: set[str] = frozenset()) -> str | None:
    """The people a byline or author field names, "A, B", without its lead ("By", "Von",
    "View all posts by"), roles and handles; None if it names none (an outlet, an address)."""
    text = (_clean(text) or "").strip("\"'“”")
    text = _BYLINE_LEAD.sub("", _BYLINE_LEAD.sub("", text))  # "Author: Posted by ..."
    if not text or _NOT_A_NAME.search(text):
        return None
    found = normalize_authors(None, text)  # trafilatura's: splits names, drops roles and dates
    names = [
        n for name in (found or "").split("; ")
        if (n := _MONTH_TAIL.sub("", name).strip())
        and " ".join(WORD.findall(n.lower())) not in outlets and not _NOT_A_NAME.search(n)
    ]
    return ", ".join(names) or None


def _byline_fields(
    dom: HtmlElement, declared: dict[tuple[str, str], str], article: dict[str, Any]
) -> Iterator[str]:
    """Where a page names its authors, most trusted first: JSON-LD, <meta> author fields, a
    rel=author link, then the elements trafilatura reads (byline and author classes...)."""
    people = [n for n in _authors(article.get("author")) if n.strip()]
    if people:
        yield "; ".join(people)
    # Every <meta> author field: a paper's citation_author is one a name.
    metas = [
        content for m in dom.iter("meta")
        if (content := m.get("content"))
        and ((m.get("name") or "").lower() in METANAME_AUTHOR
             or (m.get("property") or "").lower() in PROPERTY_AUTHOR
             or (m.get("itemprop") or "").lower() == "author")
    ]
    if metas:
        yield "; ".join(dict.fromkeys(metas))
    if value := _first_text(_AUTHOR_LINK, dom):
        yield value
    if value := _author_element(dom):
        yield value
    pages = (a for a in dom.iter("a") if any(p in (a.get("href") or "") for p in _AUTHOR_PAGES))
    for link in islice(pages, _AUTHOR_LINKS_TRIED):
        if (value := _clean(link.text_content())) and len(value) <= _MAX_BYLINE_CHARS:
            yield value
    yield from _labelled_bylines(dom)


# The elements trafilatura's extract_author reads, most specific first (its AUTHOR_XPATHS,
# and its AUTHOR_DISCARD_XPATHS for what is no byline: comments, dates, captions). Its XPaths
# test their regular expressions by a call into Python on every element, and it copies the
# tree first; read in one walk of the tree here (an XPath of contains() tests instead of the
# walk is slower still).
_AUTHOR_TIERS = (
    (frozenset(("a", "address", "div", "link", "p", "span", "strong")), re.compile(
        r"^(?:rel|id|class)=author$|^itemprop=author name$|^data-testid=Author(?:Card|URL)$"
        r"|^class=.*(?:author-?name|AuthorName|authorName)")),
    (frozenset(("a", "div", "h3", "h4", "p", "span")), re.compile(
        r"^class=(?:byline|username|byl|BBL)$|^itemprop=.*author|^id=.*(?:author|zuozhe|bianji"
        r"|xiaobian)|^class=.*(?:author|channel-name|zuozhe|bianji|xiaobian|submitted-by"
        r"|posted-by|journalist-name)")),
    (None, re.compile(
        r"^data-component=.*Byline|^itemprop=.*author|^id=.*[Aa]uthor"
        r"|^class=.*(?:[Aa]uthor|screenname|writer|[Bb]yline)")),
)
_AUTHOR_ATTRIBUTES = frozenset(("rel", "id", "class", "itemprop", "data-testid", "data-component"))
# A word every one of the tiers' patterns needs in a mark.
_AUTHOR_WORDS = re.compile(
    r"uthor|[Bb]yl|BBL|username|screenname|writer|zuozhe|bianji|xiaobian|channel-name"
    r"|submitted-by|posted-by|journalist-name"
)
_NO_BYLINE = re.compile(
    r"^(?:id|class)=(?:comments|title|date)$|^id=(?:comments|comment-?list|ProductReviews)"
    r"|^class=(?:[Cc]omments|.*(?:commentlist|comments-list|sidebar|is-hidden|quote"
    r"|embedly-instagram|article-(?:share|support)|print|category|meta-date|meta-reviewer))"
    r"|^data-component=.*Figure"
)
_MAX_AUTHOR_CHARS = 120


def _marks(element: HtmlElement) -> list[str]:
    # items(): one call for all attributes; most elements have none of these
    return [f"{a}={v}" for a, v in element.items() if a in _AUTHOR_ATTRIBUTES]


def _discarded(node: HtmlElement) -> bool:
    """A comment section, a date, a figure: trafilatura's parts that hold no byline."""
    return node.tag in ("time", "figure") or (
        node.tag in ("a", "div", "section", "span")
        and any(_NO_BYLINE.match(m) for m in _marks(node))
    )


def _byline_text(element: HtmlElement) -> str:
    """The element's text without its discarded parts (a <time> in the byline)."""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and not _discarded(child):
            parts.append(_byline_text(child))
        parts.append(child.tail or "")
    return " ".join(parts)


# The attributes that may mark an author, every one in the page in document order.
_MARKING = XPath("|".join(f"//@{name}" for name in sorted(_AUTHOR_ATTRIBUTES)))
_AUTHOR_TAG = XPath("//author")


def _marked(dom: HtmlElement) -> list[HtmlElement]:
    """The elements, in document order, with an attribute naming one of the tiers' words, and
    any <author>. Most elements have none: the attributes' values are searched in one string,
    not element by element."""
    values = _MARKING(dom)
    starts = list(accumulate((len(v) + 1 for v in values), initial=0))
    found: list[HtmlElement] = []
    for match in _AUTHOR_WORDS.finditer("\n".join(values)):
        element = values[bisect_right(starts, match.start()) - 1].getparent()
        if not found or found[-1] is not element:  # (an element's attributes come together)
            found.append(element)
    if authors := _AUTHOR_TAG(dom):  # rare: placed among the others in document order
        order = {e: i for i, e in enumerate(dom.iter(etree.Element))}
        found = sorted({*found, *authors}, key=order.__getitem__)
    return found


def _author_element(dom: HtmlElement) -> str | None:
    """The text of the first element marked as the author's (by class, id, rel, itemprop),
    as trafilatura's extract_author finds it, most specific marks first."""
    found: list[list[HtmlElement]] = [[] for _ in _AUTHOR_TIERS]
    for element in _marked(dom):
        tag = element.tag
        marks = [f"{a}={v}" for a, v in element.items()
                 if a in _AUTHOR_ATTRIBUTES and _AUTHOR_WORDS.search(v)]
        for tier, (tags, pattern) in enumerate(_AUTHOR_TIERS):
            if (tier == 0 and tag == "author") or (
                (tags is None or tag in tags) and any(pattern.match(m) for m in marks)
            ):
                found[tier].append(element)
                break
    for elements in found:
        for element in elements:
            if any(map(_discarded, (element, *element.iterancestors()))):
                continue
            text = _clean(_byline_text(element))
            if text and 2 < len(text) < _MAX_AUTHOR_CHARS:
                return text
    return None


# The first few author links: further down they are other stories' (a listing, comments).
_AUTHOR_LINKS_TRIED = 3
_MAX_BYLINE_CHARS = 80
# A printed byline's label alone ("Written by", "Autor:"), the name in the next element.
_BYLINE_LABEL = re.compile(
    r"^(?:written\s+by|posted\s+by|by|author|von|autor|autorin|par|auteur|por|di|door|av)\s*:?$",
    re.IGNORECASE,
)


def _labelled_bylines(dom: HtmlElement) -> Iterator[str]:
    """Bylines as the page prints them: an element whose text is "Written by Jane Doe", or the
    label "Written by" with the name in the element after it."""
    for element in dom.iter("p", "div", "span", "li", "strong", "em", "small"):
        text = _clean(element.text)
        if not text or len(text) > _MAX_BYLINE_CHARS:
            continue
        if _BYLINE_LABEL.match(text):
            after = element.getnext()
            name = _clean(after.text_content()) if after is not None else None
            if name and len(name) <= _MAX_BYLINE_CHARS:
                yield name
        elif _BYLINE_LEAD.match(text) and len(element) == 0:
            yield text


def byline(
    dom: HtmlElement, declared: dict[tuple[str, str], str], article: dict[str, Any]
) -> str | None:
    outlets = _outlet_names(article)
    return next(
        (names for field in _byline_fields(dom, declared, article)
         if (names := person_names(field, outlets))),
        None,
    )


def canonical_url(declared: dict[tuple[str, str], str]) -> str | None:
    return _clean(declared.get(("rel", "canonical"))) or _clean(
        declared.get(("property", "og:url"))
    )


def language(dom: HtmlElement, declared: dict[tuple[str, str], str]) -> str | None:
    """The primary subtag of <html lang>, lowercased: `en-GB` is `en`."""
    value = _clean(dom.get("lang")) or _clean(declared.get(("http-equiv", "content-language")))
    if not value:
        return None
    code = value.split("-")[0].split("_")[0].lower()
    return code if code.isalpha() and 2 <= len(code) <= 3 else None


def captions(dom: HtmlElement) -> tuple[Caption, ...]:
    """Each distinct <figcaption>, with the credit when the markup sets it apart (an element
    whose class says credit or copyright, or a <small>/<cite> inside the caption)."""
    found: dict[str, Caption] = {}
    for node in dom.iter("figcaption"):
        credit_node = next(
            (n for n in node.iterdescendants()
             if n.tag in ("small", "cite") or _CREDIT_CLASS.search(n.get("class") or "")),
            None,
        )
        credit = _clean(credit_node.text_content()) if credit_node is not None else None
        text = _clean(node.text_content())
        if credit and text and text.endswith(credit):
            text = _clean(text[: -len(credit)])
        if not text or len(text) > MAX_CAPTION_CHARS or text in found:
            continue
        found[text] = Caption(text, credit)
    return tuple(found.values())


# Where a page may keep its readers' comments: the <div>s and <section>s trafilatura's
# COMMENTS_XPATH looks for, most specific first, as (id, class) patterns. Tested in one walk of
# those elements: its regular expressions, or XPath's own contains() tests, cost several
# times as much, on every page.
_COMMENT_SECTIONS = (
    (re.compile(r"commentlist|comment-list"),
     re.compile(r"commentlist|comment-list|comment-page|comments-content|post-comments")),
    (re.compile(r"^comment"), re.compile(r"^(?:comment|Comments)|article-comments")),
    (re.compile(r"^(?:comol|disqus_thread|dsq-comments)"), None),
    (re.compile(r"^social"), re.compile(r"comment")),
)
# What every one of them has: most elements have not.
_COMMENT_ID = re.compile(r"comment|^(?:comol|disqus_thread|dsq-comments|social)")
_COMMENT_CLASS = re.compile(r"comment|^Comments")


def comment_section(dom: HtmlElement) -> HtmlElement | None:
    """The page's section of readers' comments, if it has one: the first of the most specific
    kind (_COMMENT_SECTIONS)."""
    found, rank = None, len(_COMMENT_SECTIONS)
    for element in dom.iter("div", "section"):
        ident, kind = element.get("id"), element.get("class")
        if not ((ident and _COMMENT_ID.search(ident)) or (kind and _COMMENT_CLASS.search(kind))):
            continue
        for i, (ids, kinds) in enumerate(_COMMENT_SECTIONS[:rank]):
            if (ident and ids.search(ident)) or (kind and kinds and kinds.search(kind)):
                found, rank = element, i
                break
        if rank == 0:
            break
    return found


def take_comments(dom: HtmlElement, keep: bool) -> tuple[str, ...]:
    """Take the readers' comment section out of `dom` (no byline or date is read from a
    comment); and if `keep`, its comments, each a paragraph, as trafilatura reads them."""
    section = comment_section(dom)
    if section is None:
        return ()
    found = ()
    if keep:
        # trafilatura's reading, over what holds the section only; it takes out what it read
        comments, _, _ = extract_comments(section.getparent(), _COMMENT_OPTIONS)
        found = tuple(text for c in comments if (text := _clean(" ".join(c.itertext()))))
    if section.getparent() is not None:
        section.drop_tree()
    return found


_COMMENT_OPTIONS = Extractor(output_format="txt", comments=True)


def read_markup(dom: HtmlElement, url: str | None = None) -> Markup:
    """The markup's story metadata from lxml's tree of the page (htmldate reads it too).
    `url`: where the page was fetched, if the input says."""
    declared = _declared(dom)
    article = _article(dom)
    title = headline(dom, declared, article)
    return Markup(
        headline=title,
        date=publication_date(dom, declared, article, canonical_url(declared) or url, title),
        byline=byline(dom, declared, article),
        canonical_url=canonical_url(declared),
        lang=language(dom, declared),
        captions=captions(dom),
    )
