"""Hypothesis strategies for the input a crawl really holds at its worst (issue #13): JSON of
every type where a string is expected, deep and malformed markup, control characters,
whitespace floods after chrome words, huge numbers, RTL and combining characters.

Shared by the fuzz properties of the readers (tests/readers/test_readers_fuzz.py) and of the
whole page path (tests/test_pipeline_fuzz.py).
"""

from __future__ import annotations

import json

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# Examples build files, markup and whole pages: slow-ish and noisy, so no deadline; the
# counts keep the fuzz properties together within ~20 s of `make test`.
fuzz_settings = settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Python refuses to turn an integer of more digits than this into a string or back
# (sys.get_int_max_str_digits): past it, "a number" is a different bug from any other.
INT_DIGITS_LIMIT = 4300

# Every character a str may hold except lone surrogates (the readers replace those).
any_char = st.characters(exclude_categories=("Cs",))

# Characters that break naive text handling: C0/C1 controls, line and paragraph separators
# str.splitlines splits on but "\n" does not, bidi controls, combining marks, zero-width
# and non-breaking spaces, the byte-order mark, noncharacters.
awkward_char = st.sampled_from(
    [
        *map(chr, range(0x20)), "\x7f", "\x85", "\xa0", "\u2028", "\u2029", "\u200b",
        "\u200d", "\u202e", "\u202c", "\u2066", "\u0301", "\u0336", "\u05d0", "\u0627",
        "\ufeff", "\ufffd", "\ufffe", "\uffff", "\U0001f600", "\U0010ffff",
    ]
)

whitespace = st.sampled_from([" ", "\t", "\xa0", "\u3000", "\u2003", "\x0b", "\x0c", "\n"])

# Words the cleaner reads as chrome, for whitespace floods after them.
CHROME_WORDS = (
    "Share", "Advertisement", "Subscribe", "Read more", "Menu", "Sign up", "Related",
    "Updated 10:30", "© 2026", "Recommended Articles", "date 2025-01-02",
)

STORY_LINE = (
    "PORTVILLE, Maine (AP) — The town voted on Tuesday to rebuild the pier after the storm "
    "that tore it from its pilings in January, the harbour master said."
)


# The longest whitespace run between two words in a flood (the cleaner's shape patterns once
# backtracked over such runs: tests/clean/test_shape_fuzz.py times them apart).
FLOOD_BETWEEN_WORDS = 5_000


@st.composite
def flood(draw: st.DrawFn) -> str:
    """A chrome word followed (or preceded) by a run of thousands of whitespace characters,
    sometimes with another word after the run."""
    word = draw(st.sampled_from(CHROME_WORDS))
    if draw(st.booleans()):
        run = draw(whitespace) * draw(st.integers(1, FLOOD_BETWEEN_WORDS))
        return word + run + draw(st.sampled_from(CHROME_WORDS))
    run = draw(whitespace) * draw(st.integers(1, 20_000))
    return word + run if draw(st.booleans()) else run + word


def _repeated(piece: st.SearchStrategy[str], most: int) -> st.SearchStrategy[str]:
    return st.tuples(piece, st.integers(1, most)).map(lambda pair: pair[0] * pair[1])


# One line of a bad page (it may hold newlines of its own: floods do).
bad_line = st.one_of(
    st.text(any_char, max_size=80),
    st.text(st.one_of(awkward_char, any_char), max_size=80),
    st.sampled_from(["", " ", STORY_LINE, *CHROME_WORDS]),
    flood(),
    _repeated(st.sampled_from(["word ", "é", "\u05e9\u05dc\u05d5\u05dd ", "a\u0301", "x"]),
              30_000),  # very long lines
    _repeated(st.just(STORY_LINE + " "), 40),
    st.integers(1, 3_000).map(lambda n: "\n".join("abc"[i % 3] for i in range(n))),
)


# Any JSON value; the floats include NaN and the infinities, which Python's json reads and
# writes. Integers stay within INT_DIGITS_LIMIT: huge numbers have their own strategy.
json_scalar = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(),
    st.text(st.one_of(any_char, awkward_char), max_size=30),
)
json_value = st.recursive(
    json_scalar,
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)

# Writing JSON by hand, for what json.dumps will not write: a number of thousands of digits
# (json.dumps refuses it), nesting deeper than the parser's recursion limit.
huge_number = st.builds(
    lambda digits, sign, tail: sign + "9" * digits + tail,
    st.integers(INT_DIGITS_LIMIT + 1, 6000),
    st.sampled_from(["", "-"]),
    st.sampled_from(["", ".5", "e5", "e99999"]),
)
deep_json = st.builds(
    lambda opener, depth: opener * depth, st.sampled_from(["[", '{"a":']), st.integers(1, 50_000)
)


def dumps(value: object) -> str:
    """JSON text for `value`; lone surrogates stay escaped (\\ud800), as JSON allows."""
    return json.dumps(value, ensure_ascii=True, allow_nan=True)


# JSON-LD: the objects publishers write, with every field of any JSON type. The @type has its
# own strategy, given to markup(): a number or a boolean there is a known failure
# (tests/readers/test_readers_fuzz.py), kept apart so that the other properties still hold.
LD_KEYS = ("@graph", "@context", "headline", "author", "name", "datePublished", "dateCreated",
           "image", "publisher")
ARTICLE_TYPES = ("NewsArticle", "Article", "WebPage", "Person", "BlogPosting", "")
ld_type = st.one_of(
    st.sampled_from(ARTICLE_TYPES),
    st.lists(st.one_of(st.sampled_from(ARTICLE_TYPES), json_value), max_size=3),
    st.none(),
    st.text(max_size=10),
    st.dictionaries(st.text(max_size=5), json_value, max_size=2),
)
scalar_ld_type = st.one_of(st.integers(), st.floats(), st.booleans())
ld_value = st.one_of(
    st.sampled_from(ARTICLE_TYPES),
    st.sampled_from(["2025-07-31", "2025-02-30T10:00:00Z", "0000-00-00", "Thu, 31 Jul 2025"]),
    json_value,
)


def ld_objects(types: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    """JSON-LD values: objects (with an @type of `types`, or none), lists and @graphs of them."""
    typed = st.builds(
        lambda fields, kind: {**fields, "@type": kind[0]} if kind else fields,
        st.dictionaries(st.sampled_from(LD_KEYS), ld_value, max_size=5),
        st.one_of(st.just(()), types.map(lambda kind: (kind,))),
    )
    return st.recursive(
        typed,
        lambda inner: st.lists(inner, max_size=3)
        | st.builds(lambda members, rest: {**rest, "@graph": members}, inner, typed),
        max_leaves=6,
    )


# Markup: tags nested or not, matched or not, attributes well-formed or not, among text and
# the fragments that trip parsers.
TAGS = ("html", "head", "body", "article", "main", "div", "p", "span", "h1", "title", "a",
        "figure", "figcaption", "small", "time", "nav", "footer", "aside", "table", "td", "li",
        "script", "style", "svg", "noscript", "iframe", "meta", "link", "br", "frameset",
        "template", "select", "math")
attribute = st.one_of(
    st.sampled_from([
        ' lang="en-GB"', " lang=\"\xff\"", ' datetime="2025-07-31"', ' datetime="99999-99-99"',
        ' rel="author"', ' rel="canonical" href="http://[::1"', ' class="credit"',
        ' property="article:published_time" content="2025-07-31T10:00Z"',
        ' property="og:title" content="A | B"', ' name="author" content="Ann"',
        ' charset="utf-16"', ' http-equiv="content-type" content="text/html; charset=x-bogus"',
        ' a=" b=\'c <x y="<"', " =", ' "quoted"', " a=<>", " \x00=\x00",
    ]),
    st.text(st.one_of(any_char, awkward_char), max_size=20).map(lambda t: " " + t),
)
FRAGMENTS = ("<", ">", "</", "<!--", "-->", "<![CDATA[", "]]>", "&#0;", "&#xD800;", "&#x110000;",
             "&nbsp", "&", "<?xml version=\"1.0\" encoding=\"utf-16\"?>", "<!DOCTYPE html>",
             "<html/>", "\x00", "\ufeff")


@st.composite
def element(draw: st.DrawFn) -> str:
    tag = draw(st.sampled_from(TAGS))
    if draw(st.booleans()):
        tag = tag.upper()
    attributes = "".join(draw(st.lists(attribute, max_size=3)))
    close = draw(st.sampled_from([">", "/>", " >", ""]))
    return f"<{tag}{attributes}{close}"


def markup(ld_types: st.SearchStrategy[object] = ld_type) -> st.SearchStrategy[str]:
    """A page's markup as pieces: elements, end tags, parser-tripping fragments, text, JSON-LD
    scripts (their @type drawn from `ld_types`), deep nesting around the depth the reader
    refuses (html.MAX_DEPTH)."""
    json_ld = st.one_of(ld_objects(ld_types).map(dumps), huge_number, deep_json,
                        st.text(max_size=40))
    piece = st.one_of(
        element(),
        st.sampled_from(TAGS).map(lambda tag: f"</{tag}>"),
        st.sampled_from(FRAGMENTS),
        st.text(st.one_of(any_char, awkward_char), max_size=60),
        st.just(f"<p>{STORY_LINE}</p>"),
        json_ld.map(lambda body: f'<script type="application/ld+json">{body}</script>'),
        st.builds(lambda tag, depth: f"<{tag}>" * depth,
                  st.sampled_from(["div", "span", "b", "p"]), st.integers(1, 1_200)),
        st.builds(lambda tag, depth: f"</{tag}>" * depth, st.sampled_from(["div", "span"]),
                  st.integers(1, 1_200)),
    )
    return st.lists(piece, max_size=25).map("".join)


# The bytes of a page as crawled: mostly UTF-8, sometimes another encoding, sometimes broken.
ENCODINGS = ("utf-8", "utf-8", "utf-8", "latin-1", "utf-16", "cp1252", "shift_jis")


@st.composite
def markup_bytes(draw: st.DrawFn) -> bytes:
    encoded = draw(markup()).encode(draw(st.sampled_from(ENCODINGS)), errors="replace")
    if draw(st.integers(0, 4)) == 0:  # sometimes a few raw bytes spliced in
        at = draw(st.integers(0, len(encoded)))
        encoded = encoded[:at] + draw(st.binary(max_size=8)) + encoded[at:]
    return encoded
