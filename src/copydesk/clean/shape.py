"""Chrome recognised by its shape: the named kinds of line that are never story text.

Each kind is one regular expression over a whole line; a line that matches names the reason it
is removed. The patterns are deliberately anchored and short-line bound: a story sentence that
*mentions* a newsletter is long and sentence-like, and the classifier keeps it.
"""

from __future__ import annotations

import re
from functools import cache

import numpy as np

from copydesk.clean import kernel
from copydesk.records import Reason

# A line this short (in words) can be menu or button text; longer lines must be sentence-like
# to be story text, which the classifier judges.
SHORT_LINE_WORDS = 12
# A line of this many words is prose: story text, which templates rarely print (outlet.py,
# features.py, extracted.py; a story's header ends at its first, readers/markup.py).
PROSE_WORDS = 10

# The words a notice or an appeal line must contain: a page is scanned for them once, so the
# long-line patterns below run only on the few lines that have them.
_NOTICE_WORDS = (
    r"(cookies?|privacy policy|terms of (use|service)|all rights reserved|copyright|paywall|"
    r"subscribers? only|already a subscriber|accessibility statement|do not sell my|ad ?choices|"
    # A web archive's banner over the page it kept; a market page's terms for its quotes.
    r"wayback machine|crawls? (are|is) part of|web\.archive\.org|quotes? (are )?delayed|"
    r"market data (is )?(provided|powered) by)"
)
_APPEAL_WORDS = (
    r"(donat(e|ion|ions)|support (us|our|independent|quality|local)|your support|"
    r"become a (member|subscriber|supporter)|make a contribution|contribute (now|today)|"
    r"support now|support journalism)"
)

# "More from this section", "More stories": a marker of related links, which a menu's bare
# "More" would otherwise take (the shapes are tried in their order).
_MORE_RELATED = r"more (from|on|in|stories|news|articles|like this)"

_SHAPES: tuple[tuple[Reason, str], ...] = (
    (
        Reason.SHARE_SIGNUP,
        r"(share|tweet|email|print|copy link|follow us|follow|subscribe|sign ?up|sign ?in|"
        r"log ?in|log ?out|register|create an account|join|newsletter|comments?|reply|"
        r"leave a (comment|reply)|save|bookmark|whatsapp|facebook|twitter|linkedin|pinterest|"
        r"reddit|instagram|youtube|tiktok|bluesky|threads|flipboard|telegram|x|"
        # The steps of a sign-up or comment form.
        r"almost done|please confirm|already (have an account|registered|a member)|"
        r"forgot (your )?password|create (a )?(new )?password|check your (inbox|email)|"
        r"thanks? (you )?for (signing up|subscribing|registering)|verify your email|"
        r"report abuse)\b.{0,80}",
    ),
    (
        Reason.NAVIGATION,
        r"(skip to|jump to|back to top|back to the top|menu|search|home|sections|close|next|"
        rf"previous|prev|(?!{_MORE_RELATED}\b)more|see all|view all|show more|load more|"
        r"read more|continue reading|open navigation|toggle|main menu|breadcrumb|page \d+ of \d+|"
        r"\d+ of \d+|top stories|"
        r"most (read|popular|viewed)|trending( now)?|latest( news)?|popular)\b.{0,60}",
    ),
    (
        Reason.RELATED,
        r"(related( articles| stories| coverage| posts| content| links)?|recommended"
        r"( articles| stories| for you| reading| content)?|read (next|also|this next)|"
        rf"you (may|might) (also )?(like|be interested)|{_MORE_RELATED}|keep reading|"
        r"further reading|don'?t miss|editor'?s picks?|"
        r"also read|see also|what to read next|up next)\b.{0,80}",
    ),
    (
        Reason.TIMESTAMP,
        # Only a date or time with its label: "Last updated: Jun 10, 2025, 9:50 a.m.",
        # "2025-07-31 10:16 Last Updated At:10:30", "5 min read", "3 hours ago".
        # Possessive (`*+`, `{m,n}+`): what follows each such run never opens with what the
        # run takes, so giving some back cannot help; without it the adjacent `\s*` split a
        # whitespace run every way ("published" and 3,000 spaces: seconds; 12,000: minutes).
        r"(((first |last )?(published|updated|posted|modified)( on| at)?\s*+:?\s*+)?"
        r"(\w{3,9},? )?(\d{1,4}+[-/.]\d{1,2}+[-/.]\d{1,4}+|\w{3,9}\.? \d{1,2}+,? \d{4}|"
        r"\d{1,2}+ \w{3,9}\.? \d{4})"
        r"([ ,T]++(at )?\d{1,2}+[:.]\d{2}(:\d{2})?\s*+([ap]\.?m\.?)?)?\s*+([A-Z]{2,5})?"
        r"(\s*+(last )?(updated|modified)( at)?\s*+:?\s*+\d{1,2}+:\d{2}\s*+([ap]\.?m\.?)?)?)+"
        r"|(((first |last )?(published|updated|posted|modified)( on| at)?\s*+:?\s*+)"
        r"\d{1,2}+[:.]\d{2}\s*+([ap]\.?m\.?)?\s*+([A-Z]{2,5})?\s*+)+"
        r"|\d++ (min|minute|minutes|hour|hours|day|days|sec|seconds?)( read| ago)",
    ),
    (
        Reason.NOTICE,
        rf"(.{{0,80}}\b{_NOTICE_WORDS}\b.{{0,200}}|©.{{0,200}}|\(c\) \d{{4}}.{{0,100}})",
    ),
    (
        Reason.ADVERT,
        r"(advertisement|advertising|sponsored( content)?|ad|ads|promoted|paid content|"
        r"partner content|skip advertisement|story continues below( advertisement)?)\b.{0,40}",
    ),
    (Reason.APPEAL, rf".{{0,200}}\b{_APPEAL_WORDS}\b.{{0,2000}}"),
)



@cache
def _matcher(wanted: frozenset[Reason]) -> re.Pattern[str]:
    """One pattern trying the wanted shapes in their order (one call a line, not one a shape);
    the named group that matched is the shape. It is matched whole against a line's _core."""
    shapes = "|".join(f"(?P<{r.name}>{pattern})" for r, pattern in _SHAPES if r in wanted)
    return re.compile(shapes, re.I)


# What a shape may close with: "Share ›", "Read more »", "Updated: 9:50.".
_CLOSING = ".:!›»>"


def _core(line: str) -> str:
    r"""The line without the whitespace, closing marks and whitespace around a shape. Cut by
    string methods rather than matched as `\s*` around the shapes: next to their `.{0,200}`,
    a whitespace run made the match backtrack for minutes (a 12 KB line: 53 s)."""
    return line.strip().rstrip(_CLOSING).rstrip()


# Appeals and notices can be long paragraphs; the other shapes are button-sized.
_SHORT = frozenset(r for r, _ in _SHAPES) - {Reason.NOTICE, Reason.APPEAL}
# What a line must contain, lower-cased, for each long shape to be worth trying: every
# alternative of _NOTICE_WORDS / _APPEAL_WORDS holds one of these.
_NOTICE_NEEDLES = (
    "cookie", "privacy policy", "terms of ", "all rights reserved", "copyright", "paywall",
    "subscriber", "accessibility statement", "do not sell my", "choices", "©", "(c) ",
    "wayback", "crawl", "archive.org", "delayed", "market data",
)
_APPEAL_NEEDLES = ("donat", "support", "become a ", "make a contribution", "contribute ")


# The first word of a line that can be a button-sized shape: every alternative of the
# share, navigation, related and advert patterns opens with one of these, and every timestamp
# holds a digit, so a short line that has neither is tried against none of them.
_OPENING_WORDS = (
    "share", "tweet", "email", "print", "copy", "follow", "subscribe", "sign", "signup",
    "signin", "log", "login", "logout", "register", "create", "join", "newsletter", "comment",
    "comments", "reply", "leave", "save", "bookmark", "whatsapp", "facebook", "twitter",
    "linkedin", "pinterest", "reddit", "instagram", "youtube", "tiktok", "bluesky", "threads",
    "flipboard", "telegram", "x", "almost", "please", "already", "forgot", "check", "thank",
    "thanks", "verify", "report",
    "skip", "jump", "back", "menu", "search", "home", "sections", "close", "next", "previous",
    "prev", "more", "see", "view", "show", "load", "read", "continue", "open", "toggle", "main",
    "breadcrumb", "page", "top", "most", "trending", "latest", "popular",
    "related", "recommended", "you", "keep", "further", "don", "dont", "editor", "editors",
    "also", "what", "up",
    "advertisement", "advertising", "sponsored", "ad", "ads", "promoted", "paid", "partner",
    "story",
)
# The kernel's needle groups this module reads (NEEDLE_GROUPS below), at bits 0, 1 and 3.
_NOTICE, _APPEAL, _CODE = 1, 2, 8


@cache
def _opening_hashes() -> np.ndarray:
    return np.sort(kernel.word_hashes(_OPENING_WORDS).view(np.int64))


def chrome_shape(line: str) -> Reason | None:
    """The kind of chrome this line is by its shape alone, or None."""
    return page_shapes([line], kernel.line_counts([line], found=_SHAPE_NEEDLES)[0])[0]


def page_shapes(lines: list[str], counts: np.ndarray) -> list[Reason | None]:
    """chrome_shape of each line, from its kernel counts (with this module's needle groups).
    Each long shape is tried only on the lines holding one of its words, and the short ones
    only on short lines that open with one of their words or hold a digit; most lines are
    prose and are tried against nothing."""
    found = counts[:, kernel.NEEDLES]
    notice = found & _NOTICE > 0
    appeal = found & _APPEAL > 0
    code = found & _CODE > 0
    short = (counts[:, kernel.WORDS] <= SHORT_LINE_WORDS) & (
        kernel.among(_opening_hashes(), counts[:, kernel.FIRST_WORD])
        | (counts[:, kernel.ANY_DIGITS] > 0)
    )
    shapes: list[Reason | None] = [None] * len(lines)
    tried = np.flatnonzero(short | notice | appeal | code)
    for i, s, n, a, c in zip(
        tried.tolist(), short[tried].tolist(), notice[tried].tolist(), appeal[tried].tolist(),
        code[tried].tolist(), strict=True,
    ):
        if c and is_code(lines[i]):
            shapes[i] = Reason.CODE
            continue
        wanted = _SHORT if s else frozenset()
        if n:
            wanted |= {Reason.NOTICE}
        if a:
            wanted |= {Reason.APPEAL}
        m = _matcher(wanted).fullmatch(_core(lines[i]))
        shapes[i] = Reason[m.lastgroup] if m and m.lastgroup else None
    return shapes


# The page's machinery printed as text, which no story holds: template placeholders left
# unfilled ("{{ navItem.title }}", "{* emailAddress *}") and script statements. Script is
# matched with its case, as the language writes it ("Document." may open a sentence).
_PLACEHOLDER = re.compile(
    r"\{\{[^{}]{0,200}\}\}|\{\*[^{}]{0,200}\*\}|\{%[^{}]{0,200}%\}|<%[^%]{0,200}%>"
)
# Matched whole against the stripped line: a `\s*` after `.{0,2000}` would backtrack.
_SCRIPT = re.compile(
    r"(\(?function\b|document\.|window\.|var |jQuery|\$\(|googletag\.).{0,2000}[;{})]"
)
# Every script opening and placeholder holds one of these, lower-cased.
_CODE_NEEDLES = (
    "{{", "{*", "{%", "<%", "function", "document.", "window.", "var ", "jquery", "$(",
    "googletag.",
)


def is_code(line: str) -> bool:
    """Whether the line is script, or mostly template placeholders (what is left of it
    outside them is a third of its letters or less)."""
    if _SCRIPT.fullmatch(line.strip()):
        return True
    rest = _PLACEHOLDER.sub("", line)
    if rest == line:
        return False
    return len(rest.split()) <= 2 or 3 * len("".join(rest.split())) <= len("".join(line.split()))


SHAPE_REASONS: tuple[Reason, ...] = (*(reason for reason, _ in _SHAPES), Reason.CODE)

# The heading blog software prints over readers' comments, quoting the story's headline:
# "59 Comments on “…”", "6 thoughts on “…”", "34 responses to “…”". A count alone ("36
# comments") is as often a link in the story's share bar, above the story.
_COMMENTS_HEADING = re.compile(
    r"\s*(?:\d[\d,.]*k?|one|two|three)\s+(?:comments?|thoughts?|responses?|repl(?:y|ies)|reactions?)"
    r"\s+(?:on|to)\s+[\"“‘'«]",
    re.IGNORECASE,
)


def is_comments_heading(line: str) -> bool:
    return _COMMENTS_HEADING.match(line) is not None


# The phrases of a fund-raising appeal. One alone can sit in a story ("thanked donors for
# their support"); two or more on one line is the appeal itself. Matched in the lower-cased
# line: twice as fast as matching without case.
_APPEAL_CUES = re.compile(
    r"\b(your (support|donation|contribution|gift)|support (us|now|our (work|journalism|"
    r"reporting|newsroom))|(independent|quality) journalism|donate( now| today)?|"
    r"make a (donation|contribution)|become a (member|supporter|subscriber)|paywalls?|"
    r"read more|every (reader|contribution)|chip in)\b"
)


# Shapes that are never story text when they are the whole line and not a sentence.
_ALWAYS_CHROME = {Reason.TIMESTAMP, Reason.ADVERT, Reason.CODE}
_CHROME_UNLESS_SENTENCE = {Reason.NAVIGATION, Reason.SHARE_SIGNUP, Reason.RELATED}


def certain_chrome(reason: Reason | None, terminal: bool) -> bool:
    """Whether a shape match removes the line whatever the classifier says: a timestamp or an
    ad label always, a menu or share label unless it ends like a sentence ("More than 600
    officers were deployed." starts like a menu item)."""
    return reason in _ALWAYS_CHROME or (reason in _CHROME_UNLESS_SENTENCE and not terminal)


# Every alternative of _APPEAL_CUES holds one of these.
_CUE_NEEDLES = (
    "your ", "support", "journalism", "donate", "make a ", "become a ", "paywall", "read more",
    "every ", "chip in",
)


NEEDLE_GROUPS = (_NOTICE_NEEDLES, _APPEAL_NEEDLES, _CUE_NEEDLES, _CODE_NEEDLES)
CUE_GROUP = 2
_SHAPE_NEEDLES = kernel.needles(NEEDLE_GROUPS, counted=CUE_GROUP)


def is_appeal(line: str) -> bool:
    return page_appeals([line], kernel.line_counts([line], found=_SHAPE_NEEDLES)[0])[0]


def page_appeals(lines: list[str], counts: np.ndarray) -> list[bool]:
    """is_appeal of each line, from its kernel counts: two different appeal phrases on it.
    Each phrase holds a cue needle, so a line with fewer than two is not tried."""
    candidates = (counts[:, kernel.CUES] >= 2).tolist()
    return [
        c and len({m.group(0) for m in _APPEAL_CUES.finditer(line.lower())}) >= 2
        for c, line in zip(candidates, lines, strict=True)
    ]
