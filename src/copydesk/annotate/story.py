"""Assemble one story record from a cleaned page and the span the segmenter found.

Besides the body and captions, the story claims metadata lines: its headline (the headline-like
line just above its text, preferring the one the page title names), a byline and a timestamp
between headline and text, and correction lines anywhere in its region. Each claimed line is
returned with its field, so the audit can say what became of it.
"""

from __future__ import annotations

import hashlib
import re

from copydesk.annotate.byline import parse_byline
from copydesk.annotate.captions import parse_caption
from copydesk.annotate.corrections import is_correction
from copydesk.annotate.dateline import parse_dateline
from copydesk.annotate.dates import parse_date
from copydesk.annotate.lang import detect_lang
from copydesk.records import Caption, Fate, LineVerdict, Page, Reason, Story, StorySpan
from copydesk.segment.stories import headline_like

# How far above a story's text its headline may stand (bylines, timestamps, share bars come
# between), in lines.
HEADLINE_REACH = 14
_WORD = re.compile(r"\w+")
# The title line stands among the first lines of a page, before the navigation ends.
TITLE_REACH = 25
_BREADCRUMB = re.compile(r"\s+[>›»/]\s+")
_TITLE_SUFFIX = re.compile(r"\s+(?:[|–—-]|::)\s+[^|–—]{1,60}$")
# Chrome shapes that can never be a headline.
# A headline is its page's own, so a line the outlet prints on other pages is not one.
_NOT_HEADLINE = {Reason.NAVIGATION, Reason.SHARE_SIGNUP, Reason.TIMESTAMP, Reason.NOTICE,
                 Reason.ADVERT, Reason.RELATED, Reason.OUTLET_CHROME, Reason.APPEAL}


def story_id(doc_id: str, position: int, body: str) -> str:
    """Content-derived: the same page text gives the same id, in any run, on any machine."""
    h = hashlib.blake2b(f"{doc_id}\x1f{position}\x1f{body}".encode(), digest_size=8)
    return h.hexdigest()


def _title_of(line: str) -> str | None:
    """The headline inside a title-shaped line: "Headline | Site" or "Home > News > Headline"."""
    text = line.strip()
    crumbs = _BREADCRUMB.split(text)
    if len(crumbs) >= 3:
        return crumbs[-1]
    stripped = _TITLE_SUFFIX.sub("", text)
    if stripped != text and len(_WORD.findall(stripped)) >= 4:
        return stripped
    return None


def page_title(verdicts: list[LineVerdict]) -> str:
    """The page's title: the first title-shaped line near the top of the page, else the first
    non-blank line (pages begin with their <title> when the crawler kept it)."""
    top = [v.text for v in verdicts if v.text.strip()][:TITLE_REACH]
    for line in top:
        if (title := _title_of(line)) is not None:
            return title
    return top[0].strip() if top else ""


def _words(s: str) -> set[str]:
    return set(_WORD.findall(s.lower()))


def _headline(
    verdicts: list[LineVerdict], span: StorySpan, floor: int, title: str
) -> int | None:
    """The line number of the story's headline, or None. For the page's own story, the line
    that repeats the page title wins; otherwise the nearest headline-like line above."""
    candidates = []
    seen = 0
    for i in range(span.body_lines[0] - 1, floor - 1, -1):
        v = verdicts[i]
        if not v.text.strip():
            continue
        seen += 1
        if seen > HEADLINE_REACH and not (span.primary and title):
            break
        if (
            v.fate is not Fate.CAPTION
            and v.reason not in _NOT_HEADLINE
            and headline_like(v.text)
            and parse_byline(v.text) is None
            and parse_date(v.text) is None
        ):
            candidates.append(i)
    if span.primary and title:
        tw = _words(title)
        for i in candidates:
            w = _words(verdicts[i].text)
            if len(w & tw) >= 0.8 * max(len(w), len(tw)):
                return i
        for i in candidates:  # the title line itself, "Headline | Site"
            if _words(_title_of(verdicts[i].text) or "") == tw:
                return i
    near = [i for i in candidates if span.body_lines[0] - i <= 2 * HEADLINE_REACH]
    return near[0] if near else None


def _printed(verdicts: list[LineVerdict], span: StorySpan, headline: str) -> int | None:
    """The line at the top of the story that prints the markup's headline (extractors often
    keep the <h1>), so that it is claimed as the headline rather than left in the body."""
    words = _words(headline)
    top = [i for i in range(span.start, span.end) if verdicts[i].text.strip()][:3]
    return next((i for i in top if _words(verdicts[i].text) == words), None)


def annotate_story(
    page: Page, verdicts: list[LineVerdict], span: StorySpan, floor: int, title: str
) -> tuple[Story, dict[int, str]]:
    """The story record, and the metadata lines it claims (line number → field).
    `floor` is the first line the story may claim (the end of the previous story)."""
    claims: dict[int, str] = {}
    # The markup names the page's own story: its headline is not a line of the text.
    markup = page.markup if span.primary else None
    if markup and markup.headline:
        head = _printed(verdicts, span, markup.headline)
    else:
        head = _headline(verdicts, span, floor, title)
    headline = markup.headline if markup else None
    if head is not None:
        headline = headline or _title_of(verdicts[head].text) or verdicts[head].text.strip()
        claims[head] = "headline"
    elif span.primary and headline is None and headline_like(title):
        headline = title

    byline = date = None
    # The headline may be the first body line (an extractor's text keeps the <h1>).
    first = next((i for i in span.body_lines if i != head), span.body_lines[0])
    top = head + 1 if head is not None else max(floor, first - 3)
    for i in range(top, first):
        v = verdicts[i]
        if v.fate is not Fate.REMOVED:
            continue
        if byline is None and (found := parse_byline(v.text)):
            byline, claims[i] = found, "byline"
        elif date is None and (found := parse_date(v.text)):
            date, claims[i] = found, "date"

    corrections = []
    for i in range(max(floor, span.start), span.end):
        v = verdicts[i]
        if v.fate in (Fate.BODY, Fate.REMOVED) and is_correction(v.text):
            corrections.append(v.text.strip())
            claims[i] = "correction"

    paragraphs: list[list[str]] = []
    last = None
    for i in span.body_lines:
        if i in claims:
            continue
        # Lines printed without a blank line between them are one paragraph (a list).
        if last is not None and i == last + 1 and paragraphs:
            paragraphs[-1].append(verdicts[i].text.strip())
        else:
            paragraphs.append([verdicts[i].text.strip()])
        last = i
    body = "\n\n".join("\n".join(p) for p in paragraphs)
    dateline = parse_dateline(body)[0] if body else None

    captions = list(markup.captions) if markup else []
    for i in span.caption_lines:
        parsed = parse_caption(verdicts[i].text) or Caption(verdicts[i].text.strip())
        if parsed.text not in {c.text for c in captions}:
            captions.append(parsed)

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
        date=page.date or date,
        # The text's language before <html lang>: templates often say "en" on every page.
        lang=detect_lang(body) or (markup and markup.lang) or None,
        body=body,
        captions=captions,
        corrections=corrections,
    )
    story.cluster_id = story.story_id
    return story, claims
