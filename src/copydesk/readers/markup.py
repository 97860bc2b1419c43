"""What a page's markup says about its story: headline, date, byline, canonical URL, language,
captions. Read from lxml's tree of the page (the one trafilatura and htmldate read, without
its scripts and the site's navigation and footers: html.py).

Order of trust, from what wcxb-dev shows: the page's <h1> names the story more often than
og:title or <title> (which carry the site's name and SEO wording): on 400 of its pages, 74%
against 39%. A date the publisher states in JSON-LD or article:published_time is right more
often than one htmldate guesses, so htmldate's search is the fallback.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from htmldate import find_date
from lxml.etree import XPath
from lxml.html import HtmlElement

from copydesk.readers.dates import normalise_date
from copydesk.records import Caption, Markup

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
_AUTHOR_LINK = XPath('//*[@rel="author"]')
_TITLE_SUFFIX = re.compile(r"\s+[|–—·:-]\s+[^|–—·]{1,60}$")
_WORD = re.compile(r"\w+")
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
    return found[0] if found else {}


def _names(value: Any) -> list[str]:
    """Author names from a JSON-LD author value: a string, a Person, or a list of them."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return _names(value.get("name"))
    if isinstance(value, list):
        return [n for v in value for n in _names(v)]
    return []


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.lower()))


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
    heads = [h for n in dom.iter("h1") if (h := _clean(n.text_content()))]
    heads = [h for h in heads if len(_WORD.findall(h)) <= MAX_HEADLINE_WORDS]
    if heads:
        # Pages with several <h1> (logo, section name, story) mostly name the story in their
        # declared titles too: take the <h1> sharing most words with them.
        words = set().union(*map(_words, titles)) if titles else set()
        return max(heads, key=lambda h: len(_words(h) & words))
    for title_text in titles:
        return _TITLE_SUFFIX.sub("", title_text)
    return None


def publication_date(
    dom: HtmlElement, declared: dict[tuple[str, str], str], article: dict[str, Any]
) -> str | None:
    for value in (article.get("datePublished"), article.get("dateCreated")):
        if isinstance(value, str) and (date := normalise_date(value)):
            return date
    for key in _DATE_METAS:
        if (value := _clean(declared.get(key))) and (date := normalise_date(value)):
            return date
    times = _ARTICLE_TIME(dom) or _TIME(dom)
    if times and (value := times[0].get("datetime")) and (date := normalise_date(value)):
        return date
    # htmldate reads what is left (URL patterns, visible dates); original_date asks for the
    # publication rather than the last update. Its extensive search (any date in the page) is
    # right more often than it is wrong: on wcxb-dev it finds 34 more correct dates than the
    # plain search, where the markup states none. It is given the page's lxml tree (without
    # scripts or the site's navigation and footers, html.py) so that it does not parse the
    # page again. Its parser of last resort, dateparser, tries every locale on a string no
    # locale reads (~20 ms each, a few strings on a third of those pages); htmldate has no
    # option to narrow it.
    found = find_date(dom, original_date=True, extensive_search=True)
    return found if isinstance(found, str) else None


def byline(
    dom: HtmlElement, declared: dict[tuple[str, str], str], article: dict[str, Any]
) -> str | None:
    names = [n for n in (_clean(x) for x in _names(article.get("author"))) if n]
    if names:
        return ", ".join(dict.fromkeys(names))
    return _clean(declared.get(("name", "author"))) or _first_text(_AUTHOR_LINK, dom)


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


def read_markup(dom: HtmlElement) -> Markup:
    """The markup's story metadata from lxml's tree of the page (htmldate reads it too)."""
    declared = _declared(dom)
    article = _article(dom)
    return Markup(
        headline=headline(dom, declared, article),
        date=publication_date(dom, declared, article),
        byline=byline(dom, declared, article),
        canonical_url=canonical_url(declared),
        lang=language(dom, declared),
        captions=captions(dom),
    )
