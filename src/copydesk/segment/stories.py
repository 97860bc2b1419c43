"""Split a cleaned page into stories and say which one is the page's own.

A page's story text comes in runs of body lines separated by what the cleaner removed. Every
run after the first is a candidate for a new story; what decides is the signal that opened it
and whether the text after it is still about the same thing:

- a wire dateline (`WASHINGTON (AP) —`) opens a story unless the text after it goes on with the
  vocabulary of the story before (a dateline quoted or repeated inside one story);
- a headline-like line above the run, after a "Recommended"-style marker or a gap of removed
  lines, opens a story only when the text after it shares little vocabulary with the story
  before: inline "Related coverage" links and ad slots sit *inside* long stories, whose later
  sections go on with the same words, while an appended story is about something else.

The vocabulary test is lexical cohesion in the manner of TextTiling (Hearst, 1997): the cosine
of the content-word counts on either side of the candidate. Fragments too small to be a story
are dropped back to the bin: a stray sentence among the chrome is not a story of its own.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from itertools import chain

from copydesk.clean.features import STOPWORDS
from copydesk.records import Fate, LineVerdict, Reason, StorySpan
from copydesk.words import WORD

# A fragment with fewer words than this is not a story (a brief has 20 or more), unless the
# page has no other story (_brief).
MIN_STORY_WORDS = 12
# How many body lines on each side of a candidate boundary the cohesion test reads: enough
# for a few paragraphs, few enough that a long story's opening does not drown its later turns.
COHESION_LINES = 40
# Cosine of content words across a candidate boundary. Within one story the two sides share
# their subject's words; a glued-on story shares almost none. At headline-like lines after a gap
# of chrome in wire-hard-dev (2026-12-04), 151 of 155 story boundaries fall below 0.15, and 229
# of 4,029 places inside a story do (which then need the rest of the evidence: a headline, a
# marker or a gap). A dateline is a strong signal of its own, so it needs only to not be plainly
# the same text going on.
NEW_TOPIC = 0.15
DATELINE_SAME_TOPIC = 0.4
# Below this many words (two or three paragraphs) the text before a candidate is too little for
# the cohesion test: a 40-word standfirst shares few words with any article after it.
MIN_COHESION_WORDS = 150
# A short opening with a dateline is a story's start: a brief, or the lede of a story whose
# page prints its byline, date or contents after the first paragraph. The text below goes on
# from a lede unless the two share almost nothing: a brief with another story glued on below
# (in wire-hard-dev's, cohesion 0.04 at most; from a lede, 0.1 to 0.7).
DATED_OPENING_NEW_TOPIC = 0.05
# How far above a story's text its headline may stand (bylines, timestamps, share bars come
# between), in non-blank lines, and how many lines open it (its lede).
HEADLINE_REACH = 14
LEDE_LINES = 3
# A caption's own lines above its credited line: at most this many, each at most this long (a
# title or a name line, not a story paragraph).
MAX_CAPTION_LINES = 4
CAPTION_LINE_WORDS = 15
# A page parts its paragraphs with blank lines when this share of its text lines has one after.
PARTED_SHARE = 0.5
# A title names a story whose headline shares this much with it (_title_share); a title of
# fewer words names nothing (a site's name).
NAMES_STORY = 0.5
MIN_TITLE_WORDS = 3
# What parts a <title>'s headline from the site's name or tagline ("Headline | Site",
# "Blog: Headline").
TITLE_SEPARATORS = "|–—•·-:"
# A first story this many times shorter than another is not the page's own.
SHORT_BESIDE = 3
# Of several stories on a page, one the classifier holds less sure than this is not a story.
STORY_CONFIDENCE = 0.75
_FIRST_ALNUM = re.compile(r"[^\W_]")
# Words of four or more letters carry a text's subject; shorter ones are mostly function words.
_CONTENT_WORD = re.compile(r"[^\W\d_]{4,}")
# Chinese and Japanese are written without spaces: a run of their characters is not one word.
# Their text is sized at one word per two characters and compared by character pairs.
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_SENTENCE_END = ".!?\"”’)。！？」』"
_PROSE_END = _SENTENCE_END + ":;"
# Removed lines of these kinds are page furniture, never a story's headline or a page's title,
# however they look.
NOT_HEADLINE = {Reason.NAVIGATION, Reason.SHARE_SIGNUP, Reason.TIMESTAMP, Reason.NOTICE,
              Reason.ADVERT, Reason.RELATED, Reason.APPEAL, Reason.CODE}
# Members read once: in Python 3.11 each lookup of an enum member (Fate.BODY) is a descriptor
# call, which in a loop over a page's lines cost twice the loop's own work.
_BODY, _REMOVED, _CAPTION, _BLANK = Fate.BODY, Fate.REMOVED, Fate.CAPTION, Fate.BLANK
_REPEATED, _RELATED, _OUTLET_CHROME = Reason.REPEATED, Reason.RELATED, Reason.OUTLET_CHROME


@dataclass
class _Run:
    body: list[int]
    gap_removed: int  # removed non-blank lines between the previous body line and this run
    gap_related: bool
    heading: int | None  # the line just above the run, if it is headline-like

    @property
    def titled(self) -> bool:
        return self.heading is not None


def headline_like(text: str) -> bool:
    """Short, capitalised, not a sentence: how headlines look on a page. Quotes before the
    capital do not count, and a number may stand for it ("‘He ...", "10 ways to ..."), or a
    brand written lower-case first ("iPhone ...", "n8n: ...")."""
    # The cheap tests first: most lines asked about are sentences or lower-case menu items.
    stripped = text.strip()
    if stripped.endswith((".", ",", ";", ":")):
        return False
    first = _FIRST_ALNUM.search(stripped)
    if first is None:
        return False
    if not (first.group().isupper() or first.group().isdigit()):
        # A brand that opens lower-case has a capital or a digit inside ("iPhone", "n8n").
        word = WORD.match(stripped, first.start())
        if word is None or not any(c.isupper() or c.isdigit() for c in word.group()[1:]):
            return False
    return 2 <= len(WORD.findall(text)) <= 30


def _runs(verdicts: list[LineVerdict], in_caption: set[int]) -> list[_Run]:
    runs: list[_Run] = []
    gap, related, last_removed = 0, False, None
    for v in verdicts:
        if v.number in in_caption:
            last_removed = None  # a gallery inside a story is no gap between stories
        elif v.fate is _BODY:
            if runs and gap == 0:
                runs[-1].body.append(v.number)
            else:
                # A line the outlet prints on its other pages too is no new story's headline:
                # a site's own promotions ("SHOP MESH SYSTEMS") stand inside its stories.
                titled = (
                    last_removed is not None
                    and last_removed.reason not in NOT_HEADLINE
                    and last_removed.reason is not _OUTLET_CHROME
                    and headline_like(last_removed.text)
                )
                heading = last_removed.number if titled else None
                runs.append(_Run([v.number], gap, related, heading))
            gap, related, last_removed = 0, False, None
        elif v.fate is _REMOVED:
            # Lines printed before on the page say nothing about story boundaries (galleries
            # and lists printed twice sit inside a story); the cleaner removes a caption only
            # as such a repeat.
            if v.reason is not _REPEATED:
                gap += 1
                related = related or v.reason is _RELATED
            last_removed = v
    return runs


def _singular(word: str) -> str:
    """A plural's singular by its ending alone (Harman's S-stemmer, and -es after a sibilant:
    "batches"), as TextTiling folds inflections: "exhibitions" and "exhibition" are one
    subject. Words of four letters stay as they are ("news", "plus")."""
    if word[-1] != "s" or len(word) < 5:
        return word
    if word.endswith("ies") and not word.endswith(("eies", "aies")):
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]
    if word.endswith("es") and not word.endswith(("aes", "ees", "oes")):
        return word[:-1]
    return word if word.endswith(("us", "ss")) else word[:-1]


def content_words(text: str) -> list[str]:
    """The words that carry a text's subject: words of four or more letters that are not
    function words ("that", "with", "your" are in every text and would make any two texts look
    alike), and the character pairs of unspaced scripts. Plurals count as their singular."""
    lowered = text.lower()
    if lowered.isascii():
        return [_singular(w) for w in _CONTENT_WORD.findall(lowered) if w not in STOPWORDS]
    words = [
        _singular(w) for w in _CONTENT_WORD.findall(_UNSPACED.sub(" ", lowered))
        if w not in STOPWORDS
    ]
    for run in _UNSPACED.findall(text):
        words.extend(run[k : k + 2] for k in range(len(run) - 1))
    return words


def word_count(text: str) -> int:
    """Words in a line, counting unspaced scripts at one word per two characters."""
    if text.isascii():
        return len(text.split())
    unspaced = sum(len(run) for run in _UNSPACED.findall(text))
    return len(text.split()) + unspaced // 2


def cohesion(before: list[list[str]], after: list[list[str]]) -> float:
    """Cosine similarity of the content-word counts of two stretches of text, each given as
    the content words of its lines."""
    a, b = Counter(chain.from_iterable(before)), Counter(chain.from_iterable(after))
    dot = sum(n * b[w] for w, n in a.items() if w in b)
    if not dot:
        return 0.0
    return dot / math.sqrt(sum(n * n for n in a.values()) * sum(n * n for n in b.values()))


def _headline_line(text: str) -> bool:
    """A headline printed as a line of its own: headline-like and not ending a sentence."""
    return headline_like(text) and text.rstrip()[-1:] not in "!?\"”’)"


def _threshold(titled: bool, run: _Run, dateline: bool) -> float:
    """The cohesion below which this candidate opens a new story (0: it cannot)."""
    if dateline:
        return DATELINE_SAME_TOPIC
    return NEW_TOPIC if titled and (run.gap_related or run.gap_removed >= 2) else 0.0


def _is_story(lines: list[str], dated: bool = False) -> bool:
    """Enough words, and at least one sentence: menus and headings alone are not a story. On
    a page with no other story, a wire dateline is evidence enough of a sentence: a one-line
    brief may lack its full stop."""
    total, prose = 0, dated
    for t in lines:
        total += word_count(t)
        prose = prose or _sentence(t)
        if prose and total >= MIN_STORY_WORDS:
            return True
    return False


def _groups(
    verdicts: list[LineVerdict], in_caption: set[int], title: str = ""
) -> list[list[int]]:
    """Body line numbers grouped into stories, in page order (lines of captions left out)."""
    text = [v.text for v in verdicts]  # by line number: verdicts are one per line, in order
    dated = {v.number for v in verdicts if v.dateline}
    title_words = set(WORD.findall(title.lower()))
    body = [v.number for v in verdicts if v.fate is _BODY and v.number not in in_caption]
    position = {i: k for k, i in enumerate(body)}
    words: dict[int, list[str]] = {}  # content words by line, computed when first needed

    def vocabulary(lines: list[int]) -> list[list[str]]:
        return [words[j] if j in words else words.setdefault(j, content_words(text[j]))
                for j in lines]

    groups: list[list[int]] = []
    for run in _runs(verdicts, in_caption):
        for k, i in enumerate(run.body):
            dateline = i in dated
            if not groups:
                groups.append([])
            elif groups[-1] and (k == 0 or dateline):
                # A run may open with its own headline, which the cleaner kept as text (many
                # end with a question or a parenthesis: "Is a Heat Pump Worth It?"); a
                # dateline opens the story's first paragraph, however headline-like its words.
                headed = k == 0 and not dateline and len(run.body) > 1 and headline_like(text[i])
                threshold = _threshold(run.titled or headed, run, dateline)
                # The text a new story would hold: the body from here on, not this run alone,
                # which may be one stray line (a sign-up's small print) before the text goes on.
                below = body[position[i] : position[i] + COHESION_LINES]
                if (
                    threshold
                    and not (dateline or run.gap_related)
                    and _goes_on(groups[-1], below, i if headed else run.heading, verdicts,
                                 dated, title_words, vocabulary)
                ):
                    threshold = 0.0
                if threshold and cohesion(
                    vocabulary(groups[-1][-COHESION_LINES:]), vocabulary(below[headed:])
                ) < threshold:
                    if dateline:
                        # A headline printed right above a dateline (blank lines apart) is the
                        # new story's, not the last line of the old one.
                        above = i - 1
                        while above > 0 and not text[above].strip():
                            above -= 1
                        if groups[-1][-1] == above and _headline_line(text[above]):
                            groups[-1].pop()
                    groups.append([])
                    if headed:
                        continue  # left out of the body: annotate claims it as the headline
            groups[-1].append(i)
    stories = [g for g in groups if _is_story([text[i] for i in g])] or [
        g for g in groups if g and g[0] in dated and _is_story([text[i] for i in g], True)
    ] or _brief(groups, verdicts)
    if len(stories) < 2:
        return stories
    # The page's title printed as text (its <title> line kept, a breadcrumb ending with the
    # headline) is no story of its own beside a longer one: it names that story.
    sizes = [_words(g, text) for g in stories]
    stories = [
        g for g, n in zip(stories, sizes, strict=True)
        if n >= MIN_COHESION_WORDS or n == max(sizes)
        or not (_prints_title(text, g[0], dated, title_words)
                or (len(g) == 1 and _title_line(text[g[0]], title)))
    ]
    if len(stories) < 2:
        return stories
    # Teasers of other articles ("Read this next", author boxes) pass the line classifier one
    # by one at middling scores; a story of its own is text the classifier is sure of.
    score = [v.score for v in verdicts]
    confidence = [_confidence([text[i] for i in g], [score[i] for i in g]) for g in stories]
    kept = [g for g, c in zip(stories, confidence, strict=True) if c >= STORY_CONFIDENCE]
    return kept or [stories[max(range(len(stories)), key=confidence.__getitem__)]]


def _goes_on(
    opening: list[int], below: list[int], heading: int | None, verdicts: list[LineVerdict],
    dated: set[int], title_words: set[str], vocabulary: Callable[[list[int]], list[list[str]]],
) -> bool:
    """Whether a short opening (a standfirst, an intro above the article's first subheading,
    a dated lede) goes on into the text below it, whatever the cohesion test says, which has
    too few words to read: when the text is a longer story the classifier is sure of, the page's
    title does not name it (else the opening is chrome above the page's own story), and a dated
    opening shares some of its words."""
    size = 0
    for j in reversed(opening):  # from its end: a long story above is soon found long
        size += word_count(verdicts[j].text)
        if size >= MIN_COHESION_WORDS:
            return False
    lines = [verdicts[j].text for j in below]
    if sum(map(word_count, lines)) <= size:
        return False
    if any(j in dated for j in opening) and cohesion(
        vocabulary(opening), vocabulary(below)
    ) < DATED_OPENING_NEW_TOPIC:
        return False
    if (
        heading is not None
        and len(title_words) >= MIN_TITLE_WORDS
        and _title_share(title_words, verdicts[heading].text) >= NAMES_STORY
    ):
        return False
    scores = [verdicts[j].score for j in below]
    return _is_story(lines) and _confidence(lines, scores) >= STORY_CONFIDENCE


def _brief(groups: list[list[int]], verdicts: list[LineVerdict]) -> list[list[int]]:
    """On a page with no story of MIN_STORY_WORDS, the brief the classifier is surest of, if
    it is sure of one: a short story whose page is otherwise chrome. Its text read as one line
    is a sentence, so that a brief hard-wrapped too briefly to be re-joined (unwrap.py) is
    one."""
    briefs = []
    for g in groups:
        lines = [verdicts[i].text for i in g]
        if _sentence(" ".join(lines)):
            confidence = _confidence(lines, [verdicts[i].score for i in g])
            if confidence >= STORY_CONFIDENCE:
                briefs.append((confidence, g))
    return [max(briefs, key=lambda brief: brief[0])[1]] if briefs else []


def _confidence(lines: list[str], scores: list[float]) -> float:
    """The classifier's content probability over a story's lines, weighted by their words."""
    words = [word_count(t) for t in lines]
    return sum(s * n for s, n in zip(scores, words, strict=True)) / max(1, sum(words))


def split_stories(verdicts: list[LineVerdict], title: str = "") -> list[StorySpan]:
    """The stories of a cleaned page (clean_page's verdicts: one per line, in order), in page
    order. `title` is the page's title line, used to recognise the page's own story; failing
    that, the first story is the page's own."""
    blocks = caption_blocks(verdicts)
    in_caption = {i for block in blocks for i in block}
    groups = [g for g in _groups(verdicts, in_caption, title) if g]
    if not groups:
        return []
    text = [v.text for v in verdicts]
    primary, named = _primary(groups, text, title)
    dated = {v.number for v in verdicts if v.dateline}
    if named and primary:
        # Above the story the title names, undated text shorter than it is the site's chrome
        # around that story (another article's lede, a blurb, a menu that read as prose), not a
        # story of its own: a page leads with its own story.
        own = _words(groups[primary], text)
        lead = [g for g in groups[:primary] if g[0] in dated or _words(g, text) >= own]
        groups, primary = lead + groups[primary:], len(lead)
    if len(groups) > 1:
        own_story = groups[primary]
        house = {v.number for v in verdicts if v.house}
        groups = [
            g for g in groups
            if g is own_story or not (_teaser_list(g, text, dated) or _house_block(g, text, house))
        ]
        primary = groups.index(own_story)
    starts = [g[0] for g in groups]
    ends = [*starts[1:], len(verdicts)]
    spans = []
    for k, g in enumerate(groups):
        # A story's captions are those printed between its start and the next story's start
        # (galleries follow the text); captions above the first story belong to the first.
        lo = starts[k] if k else 0
        caps = tuple(b for b in blocks if lo <= b[-1] < ends[k])
        spans.append(StorySpan(k, k == primary, tuple(g), caps, starts[k], ends[k]))
    return spans


def caption_blocks(verdicts: list[LineVerdict]) -> list[tuple[int, ...]]:
    """Each caption with the lines printed with it. A gallery caption may carry a title or a
    first sentence on lines of its own above the credited line ("Circular Motion" / "Alex
    Foster, Tuesday. (AFP Photo/...)"): on a page whose paragraphs are parted by blank lines,
    the short lines directly above a caption, up to a blank line, another caption or the
    page's chrome, are the caption's. Where the run above is long, or the page does not part
    its paragraphs, the credited line stands alone."""
    lone = [(v.number,) for v in verdicts if v.fate is _CAPTION]
    if not _paragraphed(verdicts):
        return lone
    blocks = []
    for (c,) in lone:
        above: list[int] = []
        j = c - 1
        while j >= 0 and _may_join_caption(verdicts[j]):
            above.append(j)
            j -= 1
        ended = j < 0 or _ends_caption_run(verdicts[j])
        if ended and len(above) < MAX_CAPTION_LINES:
            blocks.append((*reversed(above), c))
        else:
            blocks.append((c,))
    return blocks


def _may_join_caption(v: LineVerdict) -> bool:
    return (
        v.fate is _BODY or v.reason in (Reason.OFF_STORY, Reason.PAGE_TITLE)
    ) and word_count(v.text) <= CAPTION_LINE_WORDS


def _ends_caption_run(v: LineVerdict) -> bool:
    """What may stand right above a caption's first line: a blank, another caption, chrome."""
    return v.fate in (_BLANK, _CAPTION) or (
        v.fate is _REMOVED and v.reason not in (Reason.OFF_STORY, Reason.PAGE_TITLE)
    )


def _paragraphed(verdicts: list[LineVerdict]) -> bool:
    """Whether the page parts its story paragraphs with blank lines."""
    body = [v.number for v in verdicts if v.fate is _BODY]
    parted = sum(i + 1 == len(verdicts) or verdicts[i + 1].fate is _BLANK for i in body)
    return bool(body) and parted >= PARTED_SHARE * len(body)


def _words(lines: list[int], text: list[str]) -> int:
    return sum(word_count(text[i]) for i in lines)


def _sentence(line: str, ends: str = _SENTENCE_END) -> bool:
    """A line that is a sentence of prose: long enough, and ending as a sentence ends."""
    return word_count(line) >= 8 and line.rstrip()[-1:] in ends


def _teaser_list(lines: list[int], text: list[str], dated: set[int]) -> bool:
    """Undated text most of whose words are not in sentences: a list of other articles'
    headlines, a menu, a table or a list of products beside the page's story, not a story.
    A story's own lists are led in by a sentence ending in a colon, which counts as prose."""
    if any(i in dated for i in lines):
        return False
    prose = sum(word_count(text[i]) for i in lines if _sentence(text[i], _PROSE_END))
    return 2 * prose < _words(lines, text)


def _house_block(lines: list[int], text: list[str], house: set[int]) -> bool:
    """Text most of whose words the outlet prints beside its other stories too (a teaser, an
    author box, a sign-up box): its template, however story-like the classifier found it."""
    return 2 * _words([i for i in lines if i in house], text) >= _words(lines, text)


def _prints_title(text: list[str], i: int, dated: set[int], title_words: set[str]) -> bool:
    """Whether line i prints the whole page title (of three words or more), and little else,
    without a dateline: the title, not a story's first paragraph (a lede holds its headline's
    words too, among many more)."""
    words = WORD.findall(text[i].lower())
    return (
        len(title_words) >= MIN_TITLE_WORDS
        and i not in dated
        and title_words <= set(words)
        and sum(w in title_words for w in words) >= NAMES_STORY * len(words)
    )


def plain(text: str) -> str:
    """The text spaced and cased as one, so that two printings of a headline compare equal."""
    return " ".join(text.split()).lower()


def _title_line(line: str, title: str) -> bool:
    """Whether the line is the page's <title> line: the title, then a separator and the site's
    name or tagline, however long ("Headline | A blog of slow travel and quiet places")."""
    text, head = plain(line), plain(title)
    rest = text[len(head) :].lstrip()
    return bool(head and rest) and text.startswith(head) and rest[0] in TITLE_SEPARATORS


def _title_share(title_words: set[str], line: str) -> float:
    """How much a line and the page's title are one text: their shared words' share of
    either's (Jaccard)."""
    w = set(WORD.findall(line.lower()))
    return len(w & title_words) / len(w | title_words) if w else 0.0


def _primary(groups: list[list[int]], text: list[str], title: str) -> tuple[int, bool]:
    """The page's own story, and whether the title names it: the one its title names, by the
    headline right above it or by the title's subject words in its lede; failing both, the
    first, unless it is short beside another (a block of teasers or a stray caption before the
    story)."""
    if len(groups) < 2:
        return 0, False
    title_words = set(WORD.findall(title.lower()))
    title_subject = set(content_words(title))

    def named(k: int) -> float:
        start = groups[k][0]
        above = 0.0
        for i in range(max(0, start - HEADLINE_REACH), start):
            above = max(above, _title_share(title_words, text[i]))
        lede = set(content_words(" ".join(text[i] for i in groups[k][:LEDE_LINES])))
        support = len(title_subject & lede) / len(title_subject) if title_subject else 0.0
        return max(above, support)

    if len(title_words) >= MIN_TITLE_WORDS:
        scores = [named(k) for k in range(len(groups))]
        best = max(range(len(groups)), key=lambda k: (scores[k], -k))
        if scores[best] >= NAMES_STORY:
            return best, True
    words = [_words(g, text) for g in groups]
    longest = max(range(len(groups)), key=lambda k: (words[k], -k))
    return (longest if words[longest] >= SHORT_BESIDE * words[0] else 0), False


def main_story(verdicts: list[LineVerdict]) -> list[StorySpan]:
    """An extractor's text is the markup's main content: one story, the page's own.

    So the segmenter does not cut it: its cuts inside an extractor's text were inline "Related:"
    links and galleries, not the start of another story (on scrapinghub, cutting cost 0.012
    shingle F1), and where it found no story at all (CJK text, whose sentences it does not
    see; one-line table layouts) the extractor's lines still are one.
    """
    body = tuple(v.number for v in verdicts if v.fate is _BODY)
    if not body:
        return []
    captions = tuple((v.number,) for v in verdicts if v.fate is _CAPTION)
    return [StorySpan(0, True, body, captions, 0, len(verdicts))]
