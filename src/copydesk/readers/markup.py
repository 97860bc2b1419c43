"""What a page's markup says about its story: headline, date, byline, canonical URL, language,
captions. Read from the parsed DOM (resiliparse's HTMLTree) in one pass of CSS queries.

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
from lxml.html import HtmlElement
from resiliparse.parse.html import DOMNode, HTMLTree

from copydesk.readers.dates import normalise_date
from copydesk.records import Caption, Markup

# Schema.org types whose headline and dates are the page's own story.
_ARTICLE_TYPES = ("Article", "NewsArticle", "BlogPosting", "ReportageNews", "AnalysisNewsArticle",
                  "OpinionNewsArticle", "Report", "WebPage", "LiveBlogPosting")
# JSON-LD blocks larger than this are catalogues, not a page's description; skip them.
MAX_JSON_LD_CHARS = 200_000
_DATE_METAS = (
    'meta[property="article:published_time"]',
    'meta[itemprop="datePublished"]',
    'meta[name="date"]',
    'meta[name="pubdate"]',
    'meta[name="publish-date"]',
    'meta[name="parsely-pub-date"]',
    'meta[name="dc.date.issued"]',
    'meta[name="DC.date.issued"]',
)
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


def _attr(doc: DOMNode, selector: str, name: str = "content") -> str | None:
    node = doc.query_selector(selector)
    return _clean(node.getattr(name)) if node is not None else None


def _text(doc: DOMNode, selector: str) -> str | None:
    node = doc.query_selector(selector)
    return _clean(node.text) if node is not None else None


def json_ld(doc: DOMNode) -> Iterator[dict[str, Any]]:
    """Every JSON object in the page's JSON-LD blocks, @graph members included."""
    for script in doc.query_selector_all('script[type="application/ld+json"]'):
        raw = script.text
        if len(raw) > MAX_JSON_LD_CHARS:
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
    kind = item.get("@type")
    return [kind] if isinstance(kind, str) else [k for k in kind or [] if isinstance(k, str)]


def _article(doc: DOMNode) -> dict[str, Any]:
    """The JSON-LD object describing the page's story, or {}: an Article-like type first."""
    found = [i for i in json_ld(doc) if any(t in _ARTICLE_TYPES for t in _types(i))]
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


def headline(doc: DOMNode, article: dict[str, Any]) -> str | None:
    """The story's headline: the <h1> that best agrees with the page's declared titles, else
    the declared title without its " | Site" suffix."""
    ld_headline = article.get("headline")
    declared = [
        d for d in (
            _clean(ld_headline) if isinstance(ld_headline, str) else None,
            _attr(doc, 'meta[property="og:title"]'),
            _attr(doc, 'meta[name="twitter:title"]'),
            _text(doc, "title"),
        ) if d
    ]
    heads = [h for n in doc.query_selector_all("h1") if (h := _clean(n.text))]
    heads = [h for h in heads if len(_WORD.findall(h)) <= MAX_HEADLINE_WORDS]
    if heads:
        # Pages with several <h1> (logo, section name, story) mostly name the story in their
        # declared titles too: take the <h1> sharing most words with them.
        words = set().union(*map(_words, declared)) if declared else set()
        return max(heads, key=lambda h: len(_words(h) & words))
    for title in declared:
        return _TITLE_SUFFIX.sub("", title)
    return None


def publication_date(
    doc: DOMNode, article: dict[str, Any], html: str | HtmlElement
) -> str | None:
    for value in (article.get("datePublished"), article.get("dateCreated")):
        if isinstance(value, str) and (date := normalise_date(value)):
            return date
    for selector in _DATE_METAS:
        if (value := _attr(doc, selector)) and (date := normalise_date(value)):
            return date
    node = doc.query_selector("article time[datetime]") or doc.query_selector("time[datetime]")
    if node is not None and (value := node.getattr("datetime")) and (date := normalise_date(value)):
        return date
    # htmldate reads what is left (URL patterns, visible dates); original_date asks for the
    # publication rather than the last update. Its extensive search (any date in the page) is
    # right more often than it is wrong: on wcxb-dev it finds 34 more correct dates than the
    # plain search, where the markup states none. It is given the page's lxml tree (without
    # scripts or the site's navigation and footers, html.py) so that it does not parse the
    # page again. Its parser of last resort,
    # dateparser, tries every locale on a string no locale reads (~20 ms each, a few strings
    # on a third of those pages); htmldate has no option to narrow it.
    found = find_date(html, original_date=True, extensive_search=True)
    return found if isinstance(found, str) else None


def byline(doc: DOMNode, article: dict[str, Any]) -> str | None:
    names = [n for n in (_clean(x) for x in _names(article.get("author"))) if n]
    if names:
        return ", ".join(dict.fromkeys(names))
    return _attr(doc, 'meta[name="author"]') or _text(doc, '[rel="author"]')


def canonical_url(doc: DOMNode) -> str | None:
    return _attr(doc, 'link[rel="canonical"]', "href") or _attr(doc, 'meta[property="og:url"]')


def language(doc: DOMNode) -> str | None:
    """The primary subtag of <html lang>, lowercased: `en-GB` is `en`."""
    value = _attr(doc, "html", "lang") or _attr(doc, 'meta[http-equiv="content-language"]')
    if not value:
        return None
    code = value.split("-")[0].split("_")[0].lower()
    return code if code.isalpha() and 2 <= len(code) <= 3 else None


def captions(doc: DOMNode) -> tuple[Caption, ...]:
    """Each distinct <figcaption>, with the credit when the markup sets it apart (an element
    whose class says credit or copyright, or a <small>/<cite> inside the caption)."""
    found: dict[str, Caption] = {}
    for node in doc.query_selector_all("figcaption"):
        credit_node = next(
            (n for n in node.query_selector_all("*")
             if n.tag in ("small", "cite") or _CREDIT_CLASS.search(n.class_name or "")),
            None,
        )
        credit = _clean(credit_node.text) if credit_node is not None else None
        text = _clean(node.text)
        if credit and text and text.endswith(credit):
            text = _clean(text[: -len(credit)])
        if not text or len(text) > MAX_CAPTION_CHARS or text in found:
            continue
        found[text] = Caption(text, credit)
    return tuple(found.values())


def read_markup(tree: HTMLTree, html: str | HtmlElement) -> Markup:
    """The markup's story metadata from resiliparse's `tree`; `html` (the page, or lxml's tree
    of it) is for htmldate."""
    doc = tree.document
    article = _article(doc)
    return Markup(
        headline=headline(doc, article),
        date=publication_date(doc, article, html),
        byline=byline(doc, article),
        canonical_url=canonical_url(doc),
        lang=language(doc),
        captions=captions(doc),
    )
