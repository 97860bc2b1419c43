"""Chrome recognised by its shape: the named kinds of line that are never story text.

Each kind is one regular expression over a whole line; a line that matches names the reason it
is removed. The patterns are deliberately anchored and short-line bound: a story sentence that
*mentions* a newsletter is long and sentence-like, and the classifier keeps it.
"""

from __future__ import annotations

import re

from copydesk.records import Reason

# A line this short (in words) can be menu or button text; longer lines must be sentence-like
# to be story text, which the classifier judges.
SHORT_LINE_WORDS = 12

_SHAPES: tuple[tuple[Reason, str], ...] = (
    (
        Reason.SHARE_SIGNUP,
        r"(share|tweet|email|print|copy link|follow us|follow|subscribe|sign ?up|sign ?in|"
        r"log ?in|log ?out|register|create an account|join|newsletter|comments?|reply|"
        r"leave a (comment|reply)|save|bookmark|whatsapp|facebook|twitter|linkedin|pinterest|"
        r"reddit|instagram|youtube|tiktok|bluesky|threads|flipboard|telegram|x)\b.{0,80}",
    ),
    (
        Reason.NAVIGATION,
        r"(skip to|jump to|back to top|back to the top|menu|search|home|sections|close|next|"
        r"previous|prev|more|see all|view all|show more|load more|read more|continue reading|"
        r"open navigation|toggle|main menu|breadcrumb|page \d+ of \d+|\d+ of \d+|top stories|"
        r"most (read|popular|viewed)|trending( now)?|latest( news)?|popular)\b.{0,60}",
    ),
    (
        Reason.RELATED,
        r"(related( articles| stories| coverage| posts| content| links)?|recommended"
        r"( articles| stories| for you| reading| content)?|read (next|also|this next)|"
        r"you (may|might) (also )?(like|be interested)|more (from|on|in|stories|news|articles|"
        r"like this)|keep reading|further reading|don'?t miss|editor'?s picks?|"
        r"also read|see also|what to read next|up next)\b.{0,80}",
    ),
    (
        Reason.TIMESTAMP,
        # Only a date or time with its label: "Last updated: Jun 10, 2025, 9:50 a.m.",
        # "2025-07-31 10:16 Last Updated At:10:30", "5 min read", "3 hours ago".
        r"(((first |last )?(published|updated|posted|modified)( on| at)?\s*:?\s*)?"
        r"(\w{3,9},? )?(\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}|\w{3,9}\.? \d{1,2},? \d{4}|"
        r"\d{1,2} \w{3,9}\.? \d{4})"
        r"([ ,T]+(at )?\d{1,2}[:.]\d{2}(:\d{2})?\s*([ap]\.?m\.?)?)?\s*([A-Z]{2,5})?"
        r"(\s*(last )?(updated|modified)( at)?\s*:?\s*\d{1,2}:\d{2}\s*([ap]\.?m\.?)?)?)+"
        r"|(((first |last )?(published|updated|posted|modified)( on| at)?\s*:?\s*)"
        r"\d{1,2}[:.]\d{2}\s*([ap]\.?m\.?)?\s*([A-Z]{2,5})?\s*)+"
        r"|\d+ (min|minute|minutes|hour|hours|day|days|sec|seconds?)( read| ago)",
    ),
    (
        Reason.NOTICE,
        r"(.{0,80}\b(cookies?|privacy policy|terms of (use|service)|all rights reserved|"
        r"copyright|paywall|subscribers? only|already a subscriber|accessibility statement|"
        r"do not sell my|ad ?choices)\b.{0,200}|©.{0,200}|\(c\) \d{4}.{0,100})",
    ),
    (
        Reason.ADVERT,
        r"(advertisement|advertising|sponsored( content)?|ad|ads|promoted|paid content|"
        r"partner content|skip advertisement|story continues below( advertisement)?)\b.{0,40}",
    ),
    (
        Reason.APPEAL,
        r".{0,200}\b(donat(e|ion|ions)|support (us|our|independent|quality|local)|"
        r"your support|become a (member|subscriber|supporter)|make a contribution|"
        r"contribute (now|today)|support now|support journalism)\b.{0,2000}",
    ),
)

_MATCHERS = tuple(
    (reason, re.compile(rf"\s*(?:{pattern})\s*[.:!›»>]*\s*", re.I)) for reason, pattern in _SHAPES
)


def chrome_shape(line: str, words: int) -> Reason | None:
    """The kind of chrome this line is by its shape alone, or None."""
    for reason, matcher in _MATCHERS:
        # Appeals and notices can be long paragraphs; the others are button-sized.
        if words > SHORT_LINE_WORDS and reason not in (Reason.APPEAL, Reason.NOTICE):
            continue
        if matcher.fullmatch(line):
            return reason
    return None


SHAPE_REASONS: tuple[Reason, ...] = tuple(reason for reason, _ in _SHAPES)

# The phrases of a fund-raising appeal. One alone can sit in a story ("thanked donors for
# their support"); two or more on one line is the appeal itself.
_APPEAL_CUES = re.compile(
    r"\b(your (support|donation|contribution|gift)|support (us|now|our (work|journalism|"
    r"reporting|newsroom))|(independent|quality) journalism|donate( now| today)?|"
    r"make a (donation|contribution)|become a (member|supporter|subscriber)|paywalls?|"
    r"read more|every (reader|contribution)|chip in)\b",
    re.I,
)


# Shapes that are never story text when they are the whole line and not a sentence.
_ALWAYS_CHROME = {Reason.TIMESTAMP, Reason.ADVERT}
_CHROME_UNLESS_SENTENCE = {Reason.NAVIGATION, Reason.SHARE_SIGNUP, Reason.RELATED}


def certain_chrome(reason: Reason | None, terminal: bool) -> bool:
    """Whether a shape match removes the line whatever the classifier says: a timestamp or an
    ad label always, a menu or share label unless it ends like a sentence ("More than 600
    officers were deployed." starts like a menu item)."""
    return reason in _ALWAYS_CHROME or (reason in _CHROME_UNLESS_SENTENCE and not terminal)


def is_appeal(line: str) -> bool:
    return len({m.group(0).lower() for m in _APPEAL_CUES.finditer(line)}) >= 2
