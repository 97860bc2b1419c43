"""HTML pages (`.html`, `.htm`, gzipped or not; also the HTML inside JSONL and WARC records)
→ a Page whose text is the extractor's main text and whose markup is what the tags say.

Decoding: valid UTF-8 is UTF-8; otherwise the charset the HTTP response declared, then the
page's <meta charset>, then detection (uchardet, through resiliparse): pages in windows-1252 or
Shift_JIS are common in old crawls and must not be read as broken UTF-8.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import NamedTuple

import numba as nb
import numpy as np
from lxml.etree import ElementDefaultClassLookup, HTMLParser, XPath, strip_elements
from lxml.html import HtmlComment, HtmlElement, fromstring
from resiliparse.parse.encoding import bytes_to_str, detect_encoding
from trafilatura.utils import is_dubious_html, repair_faulty_html

from copydesk.readers.decode import is_blank, normalise_newlines
from copydesk.readers.extract import DEFAULT_EXTRACTOR, extract_text
from copydesk.readers.guard import Pending, unreadable
from copydesk.readers.markup import appended_stories, read_markup, take_comments
from copydesk.readers.stream import MAX_RECORD_BYTES, read_page_file
from copydesk.readers.text import folder_source
from copydesk.readers.urls import url_host
from copydesk.records import Markup, Page, Reject

HTML_SUFFIXES = (".html.gz", ".htm.gz", ".html", ".htm")


@dataclass(frozen=True)
class HtmlReading:
    """How HTML pages are read: the extractor of their main text, and whether their readers'
    comments are kept (`--comments`). Reading the comments is trafilatura's search of the
    comment section, ~2 ms a page: done only when asked."""

    extractor: str = DEFAULT_EXTRACTOR
    comments: bool = False


DEFAULT_READING = HtmlReading()

# Deeper than this, a page is generated junk or an attack: the shared benchmarks' 1,700 real
# pages nest at most ~300 deep, and resiliparse's main-content pass takes time growing with
# the square of the depth (10,000 levels: 10 s), so depth is checked before parsing.
MAX_DEPTH = 1000
# A page of which more than this share is NUL characters is binary (an image, a PDF); a few
# NULs in a page of text (22 in 195 KB, from a broken template) are dropped, as a browser does.
MAX_NUL_SHARE = 0.01
# How far down the open elements an end tag is looked for: an end tag the count leaves open
# only deepens it (the guard errs towards rejecting), and without a bound each stray end tag
# under hundreds of open <span> walked them all (8 MB of "</q>": 53 s).
_END_TAG_REACH = 64

# How the depth kernel treats each element, as an HTML parser builds the tree: its kind, and
# for the elements whose end tags are implied, its rank within its group. Elements not named
# here open an element that only a matching end tag closes.
_NEVER_OPEN = 0  # void elements, and html, head and body (built once whatever the tags say)
_SPECIAL = 1  # an end tag for another element does not close what is inside these
_RUBY = 2
_FOREIGN = 3  # inside <svg> or <math>, "/>" closes its element; in HTML it is ignored
# Groups of implied end tags: a start tag first closes the open elements of its group ranked
# no higher (a <p> after a <p>, an <li> after an <li>, a <tr> after a cell and its row; ruby's
# only inside a <ruby>). All but the options and ruby's are special.
_P, _LI, _DL, _TABLE, _OPTIONS, _RUBY_TEXT = range(4, 10)
_ELEMENTS = {
    **dict.fromkeys(
        ("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
         "track", "wbr", "param", "keygen", "html", "head", "body"),
        (_NEVER_OPEN, 0),
    ),
    **dict.fromkeys(
        ("address", "applet", "article", "aside", "blockquote", "button", "caption", "center",
         "colgroup", "details", "dir", "div", "dl", "fieldset", "figcaption", "figure",
         "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "iframe",
         "main", "marquee", "menu", "nav", "object", "ol", "pre", "section", "select",
         "summary", "table", "template", "ul"),
        (_SPECIAL, 0),
    ),
    "ruby": (_RUBY, 0), "svg": (_FOREIGN, 0), "math": (_FOREIGN, 0),
    "p": (_P, 1), "li": (_LI, 1), "dt": (_DL, 1), "dd": (_DL, 1),
    "td": (_TABLE, 1), "th": (_TABLE, 1), "tr": (_TABLE, 2),
    "thead": (_TABLE, 3), "tbody": (_TABLE, 3), "tfoot": (_TABLE, 3),
    "option": (_OPTIONS, 1), "optgroup": (_OPTIONS, 2),
    **dict.fromkeys(("rb", "rt", "rp", "rtc"), (_RUBY_TEXT, 1)),
}


def _name_key(name: bytes) -> int:
    """A tag name's first 8 ASCII characters as one integer (its bytes, little-endian): how
    the depth kernel compares names without making strings ("figcaption" is "figcapti")."""
    return int.from_bytes(name[:8], "little")


_BY_KEY = sorted((_name_key(n.encode()), kind, rank) for n, (kind, rank) in _ELEMENTS.items())
_ELEMENT_KEYS = np.array([k for k, _, _ in _BY_KEY], np.uint64)
_ELEMENT_KINDS = np.array([kind for _, kind, _ in _BY_KEY], np.int8)
_ELEMENT_RANKS = np.array([rank for _, _, rank in _BY_KEY], np.int8)
_RUBY_KEY = np.uint64(_name_key(b"ruby"))


# trafilatura's memory grows with the page's elements, ~3 KB each (an 8 MB page of 95,000
# paragraphs: 278 MB); resiliparse's far less (130 MB). The shared benchmarks' 1,678 pages
# have at most 15,793 elements (median 925): a page past this many is no article page, and
# goes to resiliparse, so that no page of at most 8 MB takes more than ~200 MB (issue #13).
TRAFILATURA_ELEMENTS = 50_000


def _elements(dom: HtmlElement) -> int:
    return sum(1 for _ in dom.iter())


def html_doc_id(name: str) -> str:
    for suffix in HTML_SUFFIXES:
        if name.lower().endswith(suffix):
            return name[: -len(suffix)]
    return name


def _codec(charset: str | None) -> str | None:
    """A declared charset Python knows, or None (a typo in a header is no reason to fail)."""
    if not charset:
        return None
    try:
        name = codecs.lookup(charset.strip().strip("\"'")).name
        bytes(4).decode(name)  # a text encoding (not `undefined`, `base64`, `zlib`)
    except (LookupError, ValueError):  # unknown, no text encoding, a NUL in the name
        return None
    return name


def decode_html(data: bytes, charset: str | None = None) -> str:
    """The page as text: UTF-8 if it is valid UTF-8, else by the declared charset, else its
    <meta charset>, else detection."""
    return _decode(data, charset).text


class _Decoded(NamedTuple):
    text: str  # the page, newlines normalised
    utf8: bytes | None  # a UTF-8 page's bytes, BOM and CRs gone: `text` encoded exactly
    ascii_tags: bool  # the page's bytes spell its tags in ASCII (all but UTF-16 and UTF-32)
    stray_bytes: bool = False  # a UTF-8 page's few bytes that are not UTF-8, read as cp1252


def _stray_byte(error: UnicodeError) -> tuple[str, int]:
    """A byte that is not UTF-8 in a UTF-8 page, read as windows-1252 (where such strays come
    from: a Latin-1 alt text or comment pasted into the template)."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    return error.object[error.start:error.end].decode("cp1252", errors="replace"), error.end


codecs.register_error("copydesk-stray-cp1252", _stray_byte)


def _decode(data: bytes, charset: str | None) -> _Decoded:
    # Valid UTF-8 first: servers often declare ISO-8859-1 by default for UTF-8 pages, and a
    # <meta> past the first kilobyte goes unseen (uchardet then guessed cp1252 for a UTF-8
    # page in scrapinghub), while legacy-encoded text is almost never valid UTF-8.
    # Newlines are normalised in the bytes (a CR byte is never part of a longer UTF-8
    # character), so that `utf8` is the text's exact encoding.
    utf8 = data.removeprefix(codecs.BOM_UTF8)
    if b"\r" in utf8:
        utf8 = utf8.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    try:
        return _Decoded(utf8.decode("utf-8"), utf8, True)
    except UnicodeDecodeError:
        pass
    encoding = _codec(charset) or detect_encoding(data, from_html_meta=True)
    if _codec(encoding) == "utf-8":
        # Declared UTF-8 (or found so) and UTF-8 but for a few stray bytes: read as a whole
        # in another charset, every accented letter of the story would be mojibake.
        return _Decoded(utf8.decode("utf-8", "copydesk-stray-cp1252"), None, True, True)
    # Undecodable bytes become U+FFFD rather than costing the page.
    text = normalise_newlines(bytes_to_str(data, encoding, errors="replace"))
    return _Decoded(text, None, not (_codec(encoding) or "").startswith(("utf-16", "utf-32")))


def nesting_depth(markup: bytes, limit: int = MAX_DEPTH) -> int:
    """How deep the page's elements nest, counted from its tags as an HTML parser nests them
    but without building the tree; past `limit`, limit + 1 (the count stops there).
    `markup`: the page in an encoding that spells tags in ASCII (UTF-8, windows-1252, ...)."""
    return int(
        _depth(np.frombuffer(markup, np.uint8), limit, _ELEMENT_KEYS, _ELEMENT_KINDS,
               _ELEMENT_RANKS, np.zeros(0, np.bool_))
    )


def flattened(markup: bytes, limit: int = MAX_DEPTH) -> bytes:
    """The page without the tags that would nest its elements deeper than `limit` (their text
    kept): what a browser shows of a page nested thousands deep, at a depth the extractors
    read in time. Its article mostly sits at a normal depth, and keeps its tags. `markup`: as
    for nesting_depth."""
    page = np.frombuffer(markup, np.uint8)
    keep = np.ones(page.shape[0], np.bool_)
    _depth(page, limit, _ELEMENT_KEYS, _ELEMENT_KINDS, _ELEMENT_RANKS, keep)
    return page[keep].tobytes()


@nb.njit(cache=True, nogil=True)
def _depth(
    page: np.ndarray, limit: int, keys: np.ndarray, kinds: np.ndarray, ranks: np.ndarray,
    keep: np.ndarray,
) -> int:
    # A scan of the bytes in numba: as a regular expression with a Python loop over its
    # matches it cost more than the resiliparse parse it guards.
    # A tag is "<", an optional "/", a name opening with an ASCII letter, anything up to the
    # next ">"; it closes itself when "/" is the last character before that ">", spaces aside.
    # The open elements are a stack of name keys, as the parser keeps them: an end tag closes
    # the nearest open element of its name and all inside it, and is ignored when there is
    # none or a special element (a <div>, a cell) stands between (a stray </q> closes nothing).
    # With a `keep` mask (one flag a byte), the scan goes on past `limit`: a start tag that
    # would open an element deeper, and an end tag that closes nothing, are marked dropped.
    n = page.shape[0]
    flatten = keep.shape[0] == n
    stack = np.zeros(limit + 1, np.uint64)
    special = np.zeros(limit + 1, np.bool_)  # whether each open element is special
    depth = deepest = 0
    ruby = 0  # open <ruby> elements
    foreign = -1  # the stack index of the outermost open <svg> or <math>, or -1
    i = 0
    while i < n:
        if page[i] != 60:  # "<"
            i += 1
            continue
        tag = i
        i += 1
        closing = i < n and page[i] == 47  # "/"
        if closing:
            i += 1
        if i >= n or not 97 <= (page[i] | 32) <= 122:  # an ASCII letter
            continue
        key = np.uint64(0)
        length = 0
        while i < n and (97 <= (page[i] | 32) <= 122 or 48 <= page[i] <= 57 or page[i] == 45):
            if length < 8:
                lower = page[i] | 32 if page[i] >= 65 else page[i]
                key |= np.uint64(lower) << np.uint64(8 * length)
            length += 1
            i += 1
        last = 0
        while i < n and page[i] != 62:  # ">"
            if page[i] > 32:
                last = page[i]
            i += 1
        if i >= n:
            break  # an unfinished tag at the end of the page
        i += 1
        at = _find(keys, key)
        kind = kinds[at] if at >= 0 else -1
        if kind == _NEVER_OPEN:
            continue
        if closing:
            top = depth - 1
            while top >= 0 and stack[top] != key:
                top = -1 if special[top] or top < depth - _END_TAG_REACH else top - 1
            if top >= 0:
                for j in range(top, depth):
                    ruby -= stack[j] == _RUBY_KEY
                depth = top
                if foreign >= depth:
                    foreign = -1
            elif flatten:
                keep[tag:i] = False
            continue
        if last == 47 and foreign >= 0:
            continue
        if kind >= _P and (kind != _RUBY_TEXT or ruby > 0):
            # Implied end tags: the open elements of its group ranked no higher close first.
            while depth > 0:
                held = _find(keys, stack[depth - 1])
                if held < 0 or kinds[held] != kind or ranks[held] > ranks[at]:
                    break
                depth -= 1
        if flatten and depth == limit:
            keep[tag:i] = False
            continue
        if kind == _RUBY:
            ruby += 1
        elif kind == _FOREIGN and foreign < 0:
            foreign = depth
        stack[depth] = key
        special[depth] = _special(kind)
        depth += 1
        deepest = max(deepest, depth)
        if depth > limit:
            break
    return deepest


@nb.njit(cache=True, nogil=True)
def _find(keys: np.ndarray, key: np.uint64) -> int:
    """Where `key` is in the sorted `keys`, or -1."""
    at = np.searchsorted(keys, key)
    return at if at < keys.shape[0] and keys[at] == key else -1


@nb.njit(cache=True, nogil=True)
def _special(kind: int) -> bool:
    return kind == _SPECIAL or _P <= kind <= _TABLE


# What neither trafilatura (which removes these itself) nor htmldate reads: scripts other than
# JSON-LD, styles, SVG drawings, <noscript> and <iframe>. Dropped once from the shared lxml
# tree, they no longer slow every copy and walk of it, and htmldate finds the date on a few
# more pages whose markup states none (BENCHMARKS.md, "Figures behind the code's choices").
# Their tails (text after them) stay. All but the scripts go in one call of lxml's: the same
# trees as dropping each found by XPath, in less time.
_SCRIPTS = XPath('//script[not(@type="application/ld+json")]')
_UNREAD = ("style", "svg", "noscript", "iframe")


# trafilatura's own parser (utils.HTML_PARSER) is lxml.html's, which picks each element's class
# by a Python callback (input, form, label... have their own) every time an element is touched:
# ~2,000 calls a page in trafilatura and htmldate, neither of which uses those classes. This
# one has the same settings and gives every element lxml.html's HtmlElement from C: the same
# text and dates, in less time.
_PARSER = HTMLParser(
    collect_ids=False, default_doctype=False, encoding="utf-8", remove_comments=True,
    remove_pis=True,
)
_PARSER.set_element_class_lookup(
    ElementDefaultClassLookup(element=HtmlElement, comment=HtmlComment)
)


def parse_dom(html: str, utf8: bytes | None = None) -> HtmlElement | None:
    """The page's lxml tree as trafilatura's load_html makes it (its repairs, its fallback to
    parsing bytes, its rejection of what is not HTML), on the parser above. `utf8`: `html`
    in UTF-8, if the caller has it.

    Where trafilatura's repairs would leave the page as it is, lxml reads `utf8` itself:
    handed a str, it has the whole page converted for libxml2, and the repairs' search for
    characters XML forbids takes as long again (together 40% of the parse on wcxb-dev)."""
    beginning = html[:50].lower()
    if utf8 is not None and _needs_no_repair(html, utf8, beginning):
        tree = _parse(utf8)
    else:
        html = repair_faulty_html(html, beginning)
        tree = _parse(html)
        if tree is None or len(tree) < 1:
            tree = _parse(html.encode("utf-8", "surrogatepass"))
    if tree is not None and is_dubious_html(beginning) and len(tree) < 2:
        return None
    return tree


def _needs_no_repair(html: str, utf8: bytes, beginning: str) -> bool:
    """Whether trafilatura's repair_faulty_html would return `html` as it is. It deletes the
    characters XML forbids, and mends a doctype or a self-closed <html/> in the first lines
    (within its first 4,096 characters)."""
    head = html[:_REPAIRED_HEAD]
    return _xml_characters_only(utf8) and repair_faulty_html(head, beginning) == head


_REPAIRED_HEAD = 4096


def _xml_characters_only(utf8: bytes) -> bool:
    """No character XML forbids: C0 controls other than tab and newline (a CR has been made a
    newline), U+FFFE, U+FFFF. numpy over the bytes: a regular expression over the str is 0.5
    ms a page."""
    page = np.frombuffer(utf8, np.uint8)
    controls = np.count_nonzero(page < 32)
    if controls != np.count_nonzero(page == 10) + np.count_nonzero(page == 9):
        return False
    lead = np.flatnonzero(page[:-2] == 0xEF)  # U+FFFE and U+FFFF are EF BF BE and EF BF BF
    return not np.any((page[lead + 1] == 0xBF) & (page[lead + 2] >= 0xBE))


def _parse(html: str | bytes) -> HtmlElement | None:
    try:
        return fromstring(html, parser=_PARSER)
    except Exception:  # as load_html: a str declaring an XML encoding, or lxml's own errors
        return None


def strip_unread(dom: HtmlElement) -> None:
    for element in _SCRIPTS(dom):
        element.drop_tree()
    strip_elements(dom, *_UNREAD, with_tail=False)


# The page's navigation, menus, asides and footers; an article's or the main content's own
# footer or aside is the story's (HTML's meaning of them: its byline, its date).
_SITE_REGIONS = XPath(
    "(//nav|//menu|//aside|//footer)[not(ancestor::article) and not(ancestor::main)]"
)


def drop_site_regions(dom: HtmlElement) -> None:
    """Drop the page's navigation, menus, asides (related and most-read lists) and footers,
    and the whole stories an endless-scroll page appends after its own (markup.py).

    trafilatura deletes them itself, after walking them with a dozen XPath searches and
    copying them twice: without them it takes 6% less time on wcxb-dev, 10% on scrapinghub,
    with the same text on all but 2 of their 974 pages (one better, one worse). For htmldate
    their dates are other stories' or the copyright year: on wcxb-dev's 246 pages whose markup
    states no date, it is right as often (100 of the 140 dated ones), guesses a date for 95
    rather than 102 of the 106 undated ones, and takes about a third less time.

    A region holding half the page's text stays: on some sites libxml2 nests the whole page in
    an unclosed <nav>."""
    half = len(dom.text_content()) / 2
    for region in _SITE_REGIONS(dom):
        if len(region.text_content()) <= half:
            region.drop_tree()  # its tail is the text after it: kept
    # Whole stories appended after the page's own (endless scroll) are not its body.
    for story in appended_stories(dom):
        story.drop_tree()


def html_page(
    data: bytes,
    doc_id: str,
    origin: str,
    *,
    url: str | None = None,
    source: str | None = None,
    date: str | None = None,
    charset: str | None = None,
    reading: HtmlReading = DEFAULT_READING,
) -> Page | Reject:
    """One HTML document → its Page, or a Reject saying why there is none.

    `date` is a date the input states for the page (a JSONL record's field): like a text
    record's field, it wins over what the page says; the markup's date comes next. A crawl
    date is not a publication date, so WARC records pass none.
    """
    extractor = reading.extractor
    html, utf8, ascii_tags, stray_bytes = _decode(data, charset)
    # A page is read as a browser shows it; only what is no text at all is refused.
    degraded = ["stray bytes read as windows-1252"] if stray_bytes else []
    if (nuls := html.count("\x00")) > len(html) * MAX_NUL_SHARE:
        return Reject(origin, "binary content", doc_id)
    if nuls:
        html = html.replace("\x00", "")
        utf8 = utf8.replace(b"\x00", b"") if utf8 is not None else None
        degraded.append("NUL characters dropped")
    if nesting_depth(data if ascii_tags else html.encode("utf-8")) > MAX_DEPTH:
        utf8 = flattened(html.encode("utf-8"))
        html = utf8.decode("utf-8")
        degraded.append(f"markup nested deeper than {MAX_DEPTH:,} elements: the deeper tags "
                        "dropped")
    # One lxml tree (parse_dom) for trafilatura, htmldate and the markup's queries; resiliparse
    # parses the page itself where it runs (extract.py). None of them alters the tree.
    dom = parse_dom(html, utf8)
    if dom is not None:
        strip_unread(dom)
        drop_site_regions(dom)
        if extractor == "trafilatura" and _elements(dom) > TRAFILATURA_ELEMENTS:
            extractor = "resiliparse"
    text = extract_text(html, dom, extractor)
    if is_blank(text):
        return Reject(origin, "no main text found in the HTML", doc_id)
    # A page parse_dom does not take (a fragment without <html>: trafilatura reads none) may
    # still carry a headline or captions.
    markup_dom = dom if dom is not None else _parse(html)
    markup = Markup()
    if markup_dom is not None:
        # After the extractor, which copied the tree; before the markup is read, so that no
        # byline or date is a comment's.
        comments = take_comments(markup_dom, reading.comments)
        markup = replace(read_markup(markup_dom, url), comments=comments)
    url = url or markup.canonical_url
    return Page(
        doc_id=doc_id,
        text=text,
        url=url,
        source=(url_host(url) if url else None) or source,
        date=date or markup.date,
        origin=origin,
        markup=markup,
        degraded=tuple(degraded),
    )


def read_html_file(
    path: Path, reading: HtmlReading = DEFAULT_READING, name: str | None = None, *,
    limit: int = MAX_RECORD_BYTES,
) -> Iterator[Pending]:
    """The one Page in an HTML file, or a Reject saying why there is none, Pending: reading
    the file as well as extracting its text is left to where the engine makes pages, so that
    with several workers the process listing the files does not gunzip them all itself.
    `name`: the file's path under its input root (InputFile.name), for the id; else its own
    name."""
    yield Pending(str(path), partial(
        _html_file_page, path, html_doc_id(name or path.name), reading, limit
    ))


def _html_file_page(path: Path, doc_id: str, reading: HtmlReading, limit: int) -> Page | Reject:
    origin = str(path)
    try:
        data = read_page_file(path, limit)
    except OSError as error:
        return unreadable(origin, error)
    if isinstance(data, str):
        return Reject(origin, data, doc_id)
    if not data or data.isspace():  # not data.strip(): that copies the page
        return Reject(origin, "empty page", doc_id)
    return html_page(data, doc_id, origin, source=folder_source(path), reading=reading)
