"""Assemble one story record from a cleaned page and the span the segmenter found.

Besides the body and captions, the story claims metadata lines: its headline (the headline-like
line just above its text, preferring the one the page title names), a byline and a timestamp
between headline and text, and correction lines anywhere in its region. Each claimed line is
returned with its field, so the audit can say what became of it.
"""

from __future__ import annotations

import hashlib
import re
from itertools import islice, pairwise

from copydesk.annotate.byline import parse_byline
from copydesk.annotate.captions import parse_caption
from copydesk.annotate.dateline import parse_dateline
from copydesk.annotate.dates import parse_date
from copydesk.annotate.lang import detect_lang
from copydesk.clean.features import STOPWORDS
from copydesk.records import Caption, Fate, LineVerdict, Page, Reason, Story, StorySpan
from copydesk.segment.stories import (
    HEADLINE_REACH,
    LEDE_LINES,
    NOT_HEADLINE,
    TITLE_SEPARATORS,
    content_words,
    headline_like,
    plain,
)
from copydesk.words import WORD

# Share of a headline's words a line must print to print the headline.
SAME_WORDS = 0.8
# Share of a headline's content words that its lede repeats: headlines are written from the
# lede, so many of their subject words recur in its first paragraphs.
LEDE_SUPPORT = 0.4
# How many paragraphs into a story its dateline may stand.
DATELINE_PARAGRAPHS = 3
# The title line stands among the first lines of a page, before the navigation ends.
TITLE_REACH = 25
# The whitespace before a separator, matched from the start of its run only: a search trying
# `\s+` from each space of a long run rescans the rest of it each time (12,000 spaces: 2 s).
_GAP = r"(?<!\s)\s++"
_BREADCRUMB = re.compile(rf"{_GAP}[>›»/]\s+")
# "Headline | Site", "Headline | Section | Site": a pipe parts a title from the site's name.
_PIPE = re.compile(rf"{_GAP}\|\s+")
# "Headline - Site", "Headline :: Site", "Headline » Site": a dash also parts clauses of a
# headline, so what follows it is cut only when it names the outlet.
_DASH_SUFFIX = re.compile(rf"{_GAP}(?:[–—»-]|::)\s+(?P<site>[^|–—»]{{1,60}})$")
_DOMAIN = re.compile(r"^[\w-]+(\.[\w-]+)+$")
# Read once: in Python 3.11 each lookup of an enum member is a descriptor call, and this one
# is asked of every line above a story.
_CAPTION, _BODY = Fate.CAPTION, Fate.BODY


def story_id(doc_id: str, position: int, body: str) -> str:
    """Content-derived: the same page text gives the same id, in any run, on any machine."""
    h = hashlib.blake2b(f"{doc_id}\x1f{position}\x1f{body}".encode(), digest_size=8)
    return h.hexdigest()


def _names_outlet(site: str, outlet: str | None) -> bool:
    """Whether a title's suffix is the outlet's name: a domain, the host's name spelled out
    ("The Daily Planet" on dailyplanet.com, "by Ann Lee" on annlee.example), or a name of the
    host's among its words ("Center for Open Learning (COLEARN)" on colearn.uni.example)."""
    site = site.strip().lower()
    if _DOMAIN.match(site):
        return True
    if not outlet:
        return False
    host = outlet.lower()
    words = WORD.findall(site.removeprefix("the ").removeprefix("by "))
    squeezed = "".join(words)
    names = set(host.split(".")[:-1]) - _SECTION_HOSTS  # not the top-level domain
    return (len(squeezed) >= 3 and squeezed in re.sub(r"[-.]", "", host)) or any(
        len(w) >= _HOST_NAME_CHARS and w in names for w in words
    )


# A word this long that is one of the host's names names it ("colearn" in colearn.example);
# shorter ones are too common ("new", "the").
_HOST_NAME_CHARS = 4
# Names of a host's part, not of the outlet (news.example.com): words of any headline.
_SECTION_HOSTS = frozenset(("www", "news", "blog", "blogs", "home", "info", "shop", "store"))


def _title_of(line: str, outlet: str | None = None) -> str | None:
    """The headline inside a title-shaped line: "Headline | Site", "Headline - Site" or
    "Home > News > Headline"."""
    text = line.strip()
    crumbs = _BREADCRUMB.split(text)
    if len(crumbs) >= 3:
        return crumbs[-1]
    parts = _PIPE.split(text)
    if 2 <= len(parts) <= 3 and WORD.search(parts[0]):  # more parts: a menu
        return parts[0]
    m = _DASH_SUFFIX.search(text)
    if m and _names_outlet(m["site"], outlet):
        return text[: m.start()]
    return None


# What parts a headline from the site's name in a title: "Headline - Site", "Site: Headline".
# A colon parts "Blog: Headline" with no space before it; the others stand between spaces.
_TITLE_PART = re.compile(
    rf"{_GAP}(?:[{re.escape(TITLE_SEPARATORS.replace(':', ''))}]|::){_GAP}|:{_GAP}"
)


def _title_parts(title: str) -> set[str]:
    """The title's text before each separator and after it, as `plain` gives it."""
    cuts = list(_TITLE_PART.finditer(title))
    return {
        plain(part)
        for m in cuts for part in (title[: m.start()], title[m.end():]) if part.strip()
    }


def page_title(verdicts: list[LineVerdict], outlet: str | None = None) -> str:
    """The page's title. Pages begin with their <title> when the crawler kept it, under a date
    it may print ("date 2025-03-01"): that line, without the site's name ("Headline | Site"),
    or whole when it looks like a headline and is not the site's chrome. Else the first
    title-shaped line near the top, else "" (no title known)."""
    top = list(islice((v for v in verdicts if v.text.strip()), TITLE_REACH))
    k = next((i for i, v in enumerate(top) if parse_date(v.text) is None), None)
    # A menu's word may open a headline ("Home Depot sales miss", "Latest trends in ..."):
    # the <title> is one when it reads as a phrase and names the subject of the page's text.
    if k is not None and top[k].reason in _MENU_SHAPES and _names_the_text(top[k], verdicts):
        top[k] = top[k]._replace(reason=None)
    # A <title> may end with a full stop; the headline in it does not.
    first = top[k]._replace(text=top[k].text.strip().removesuffix(".")) if k is not None else None
    if first and (first.reason is Reason.OUTLET_CHROME or not _may_be_headline(first)):
        first = None
    if first and _title_of(top[k].text, outlet) is None:
        return first.text
    for v in top:
        # A page's title is its own: not the outlet's menu ("Home | News | Sports") nor a
        # notice ("We use cookies ... Accept all | Reject all").
        if v.reason in NOT_HEADLINE or v.reason is Reason.OUTLET_CHROME:
            continue
        title = _title_of(v.text, outlet)
        if title is not None and parse_byline(title) is None and parse_date(title) is None:
            return title
    return first.text if first else ""


# The shapes a line takes by its first word alone ("Home", "Latest", "Recommended").
_MENU_SHAPES = {Reason.NAVIGATION, Reason.RELATED}
# Words a phrase has at least, one of them a function word: menus list names ("Home News
# Sports Opinion"), a headline is written.
_PHRASE_WORDS = 5


def _names_the_text(line: LineVerdict, verdicts: list[LineVerdict]) -> bool:
    """Whether a line reads as a phrase and the page takes it as its headline: the page's
    first lines of text share its subject words, or it is printed again right above text."""
    words = WORD.findall(line.text.lower())
    if len(words) < _PHRASE_WORDS or not any(w in STOPWORDS for w in words):
        return False
    body = (v.text for v in verdicts if v.fate is _BODY)
    if _names_lede(line.text, _content_words(" ".join(islice(body, LEDE_LINES)))):
        return True
    text = line.text.strip()
    below = [v for v in verdicts[line.number + 1 :] if v.text.strip()]
    return any(
        v.text.strip() == text and after.fate is _BODY for v, after in pairwise(below)
    )


def _may_be_headline(v: LineVerdict) -> bool:
    """Headline-shaped and not a kind of line that is never one. A line the outlet prints on
    other pages may still be this page's headline: outlets list their headlines elsewhere."""
    return _headline_shaped(v) and _not_metadata(v.text)


def _headline_shaped(v: LineVerdict) -> bool:
    return v.fate is not _CAPTION and v.reason not in NOT_HEADLINE and headline_like(v.text)


def _not_metadata(text: str) -> bool:
    return parse_byline(text) is None and parse_date(text) is None


def _words(s: str) -> set[str]:
    return set(WORD.findall(s.lower()))


def _same_words(line: str, h: set[str]) -> bool:
    """Whether a line prints the headline (of words h): the same words, up to a small edit or
    a suffix."""
    w = _words(line)
    return len(w & h) >= SAME_WORDS * max(len(w), len(h))


def _holds(lowered: str, words: set[str]) -> bool:
    """Whether the lower-cased line holds at least _same_words' share of the words. Most lines
    hold none: the test ends as soon as the share is out of reach."""
    need = SAME_WORDS * len(words)
    hits, left = 0, len(words)
    for w in words:
        left -= 1
        if w in lowered:
            hits += 1
        elif hits + left < need:
            return False
    return hits >= need


def _names_lede(line: str, lede: set[str]) -> bool:
    """Whether a line names its lede's subject: the lede (its _content_words) repeats enough
    of the line's subject words."""
    words = _content_words(line)
    return bool(words) and len(words & lede) >= LEDE_SUPPORT * len(words)


def _content_words(s: str) -> set[str]:
    """Subject words, cut to their first five letters so that a headline's "Kenyan farmers"
    meets its lede's "Kenya" and "farmer" (a crude stem, but language-blind)."""
    return {w[:5] for w in content_words(s)}


def _headline(
    verdicts: list[LineVerdict], span: StorySpan, floor: int, title: str, outlet: str | None
) -> int | None:
    """The line number of the story's headline, or None. For the page's own story, the line
    that repeats the page title wins, and failing one the title itself is the headline (None
    here): a headline-like line near the text of a page's own story is more often a section
    label or a teaser than the headline the title names. For other stories, the nearest
    headline-like line above."""
    # The lines above, nearest first. Whether one is shaped like a headline, and then whether
    # it is a byline or a date (what makes it no candidate), is asked only of the lines that
    # would otherwise be chosen: these tests are most of annotation's time.
    above = []
    seen = 0
    for i in range(span.body_lines[0] - 1, floor - 1, -1):
        if not verdicts[i].text.strip():
            continue
        seen += 1
        if seen > HEADLINE_REACH and not (span.primary and title):
            break
        above.append(i)
    if span.primary and title:
        # The page prints its headline alone above the story, as its <h1> (which the cleaner
        # may have kept as the story's first line). Printed as the title stands, in its own
        # case and with the full stop page_title took from it, it is the headline (not the
        # page's first line: that is the <title>).
        first = [span.body_lines[0]] if len(span.body_lines) > 1 else []
        exact = " ".join(title.split())
        top = next((v.number for v in verdicts if v.text.strip()), None)
        for i in first + above[:HEADLINE_REACH]:
            v = verdicts[i]
            if (
                i != top
                and " ".join(v.text.split()).removesuffix(".") == exact
                and v.fate is not _CAPTION
                and v.reason not in NOT_HEADLINE
                and v.reason is not Reason.OUTLET_CHROME
            ):
                return i
        # A title whose site name no rule cuts ("Headline - Site Name", "Blog: Headline").
        parts = _title_parts(title)
        for i in first + above[:HEADLINE_REACH]:
            v = verdicts[i]
            if (
                plain(v.text) in parts
                and v.reason is not Reason.OUTLET_CHROME
                and _may_be_headline(v)
            ):
                return i
        tw = _words(title)
        # Both tests below need most of the title's words in the line (as substrings of it
        # lower-cased, at least), which few lines above hold.
        named = [
            i for i in above
            if _holds(verdicts[i].text.lower(), tw) and _headline_shaped(verdicts[i])
        ]
        for i in named:
            if _same_words(verdicts[i].text, tw) and _not_metadata(verdicts[i].text):
                return i
        for i in named:  # the title line itself, "Headline | Site"
            text = verdicts[i].text
            if _words(_title_of(text, outlet) or "") == tw and _not_metadata(text):
                return i
        if headline_like(title):
            return None
    near = [
        i for i in above
        if span.body_lines[0] - i <= 2 * HEADLINE_REACH
        and _headline_shaped(verdicts[i])
        and _not_metadata(verdicts[i].text)
    ]
    # A headline names its lede's subject; a section label or a teaser beside it does not.
    lede = _content_words(" ".join(verdicts[i].text for i in span.body_lines[:LEDE_LINES]))
    for i in near:
        if _names_lede(verdicts[i].text, lede):
            return i
    return next((i for i in near if verdicts[i].reason is not Reason.OUTLET_CHROME), None)


def _story_date(
    primary: bool, page_date: str | None, stamp: str | None, captions: list[Caption]
) -> str | None:
    """The page's own story is dated by the input's date, else its timestamp line; a story
    appended to the page by its own timestamp first, since the page's date is not its date.
    Failing those, the latest date its photos were taken (wire captions carry one; "File"
    photos are older and say nothing of the story's day)."""
    fresh = [c.text for c in captions if not (c.credit or "").endswith("File")]
    shot = max((d for text in fresh if (d := parse_date(text))), default=None)
    order = (page_date, stamp, shot) if primary else (stamp, shot, page_date)
    return next((d for d in order if d), None)


def annotate_story(
    page: Page, verdicts: list[LineVerdict], span: StorySpan, floor: int, title: str
) -> tuple[Story, dict[int, str]]:
    """The story record, and the metadata lines it claims (line number → field).
    `floor` is the first line the story may claim (after the previous story's text)."""
    claims: dict[int, str] = {}
    # The markup names the page's own story: its headline is not looked for among the lines.
    markup = page.markup if span.primary else None
    head = None
    if not (markup and markup.headline):
        head = _headline(verdicts, span, floor, title, page.source)
    headline = markup.headline if markup else None
    if head is not None:
        headline = _title_of(verdicts[head].text, page.source) or verdicts[head].text.strip()
        claims[head] = "headline"
    elif span.primary and headline is None and headline_like(title):
        headline = title
    # The headline printed again as the first line of the text (the page's <h1> under its
    # <title>) is the headline, not the story's first paragraph; a line opening with a
    # dateline is the first paragraph, whatever its words.
    first = span.body_lines[0]
    if (
        headline
        and len(span.body_lines) > 1
        and not verdicts[first].dateline
        and _same_words(verdicts[first].text, _words(headline))
    ):
        claims[first] = "headline"

    byline = date = None
    # Below a headline claimed from the text's first line (an extractor's text keeps the <h1>).
    opening = next((i for i in span.body_lines if i not in claims), first)
    # Without a headline, not above the story's region: the lines between two stories are
    # the previous one's captions, printed twice, dated by its photos.
    region = span.start if span.position else 0
    top = head + 1 if head is not None else max(floor, region, opening - 3)
    for i in range(top, opening):
        v = verdicts[i]
        if v.fate is not Fate.REMOVED:
            continue
        if byline is None and (found := parse_byline(v.text)):
            byline, claims[i] = found, "byline"
        elif date is None and (found := parse_date(v.text)):
            date, claims[i] = found, "date"

    corrections = []
    for v in verdicts[max(floor, span.start) : span.end]:
        if v.correction and v.fate in (Fate.BODY, Fate.REMOVED):
            corrections.append(v.text.strip())
            claims[v.number] = "correction"

    paragraphs: list[list[str]] = []
    openings: list[int] = []  # each paragraph's first line
    last = None
    for i in span.body_lines:
        if i in claims:
            continue
        # Lines printed without a blank line between them are one paragraph (a list).
        if last is not None and i == last + 1 and paragraphs:
            paragraphs[-1].append(verdicts[i].text.strip())
        else:
            paragraphs.append([verdicts[i].text.strip()])
            openings.append(i)
        last = i
    body = "\n\n".join("\n".join(p) for p in paragraphs)
    # The dateline opens the story's text, but a deck, a list of highlights or a kicker may
    # come before it. The cleaner marked the lines that open with one.
    dateline = next(
        (
            d
            for p, i in zip(paragraphs[:DATELINE_PARAGRAPHS], openings, strict=False)
            if verdicts[i].dateline and (d := parse_dateline(p[0])[0])
        ),
        None,
    )

    captions = list(markup.captions) if markup else []
    for block in span.captions:
        text = "\n".join(verdicts[i].text.strip() for i in block)
        parsed = parse_caption(verdicts[block[-1]].text)
        if text not in {c.text for c in captions}:
            captions.append(Caption(text, parsed.credit if parsed else None))

    story = Story(
        story_id=story_id(page.doc_id, span.position, body),
        doc_id=page.doc_id,
        source=page.source,
        url=page.url,
        position=span.position,
        primary=span.primary,
        headline=headline,
        byline=(markup and markup.byline) or byline,
        dateline=dateline,
        date=_story_date(span.primary, page.date, date, captions),
        # The text's language before <html lang>: templates often say "en" on every page.
        lang=detect_lang(body) or (markup and markup.lang) or None,
        body=body,
        captions=captions,
        corrections=corrections,
        comments=list(markup.comments) if markup else [],
    )
    story.cluster_id = story.story_id
    return story, claims
