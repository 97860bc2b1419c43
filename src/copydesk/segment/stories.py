"""Split a cleaned page into stories and say which one is the page's own.

A page's story text comes in runs of body lines separated by what the cleaner removed. A new
story begins where a run opens with a wire dateline after story text already seen, or where the
gap before it holds a "Recommended"-style marker, or is long chrome ending in a headline-like
line (aggregators append stories that way). Fragments too small to be a story are dropped back
to the bin: a stray sentence among the chrome is not a story of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from copydesk.annotate.captions import parse_caption
from copydesk.annotate.dateline import parse_dateline
from copydesk.records import Fate, LineVerdict, Reason, StorySpan

# A gap of this many removed lines, ending in a headline-like line, separates two stories;
# shorter gaps are inline junk inside one story (an ad slot, a "Read more" link).
LONG_GAP = 4
# A fragment with fewer words than this is not a story (a brief has 20 or more).
MIN_STORY_WORDS = 12
_WORD = re.compile(r"\w+")


@dataclass
class _Run:
    body: list[int]
    gap_removed: int  # removed non-blank lines between the previous body line and this run
    gap_related: bool
    titled: bool  # the line just above the run is headline-like


def headline_like(text: str) -> bool:
    """Short, capitalised, not a sentence: how headlines look on a page."""
    words = _WORD.findall(text)
    stripped = text.strip()
    return (
        2 <= len(words) <= 30
        and stripped[:1].isupper()
        and not stripped.endswith((".", ",", ";", ":"))
    )


def _runs(verdicts: list[LineVerdict]) -> list[_Run]:
    runs: list[_Run] = []
    gap, related, last_removed = 0, False, None
    for v in verdicts:
        if v.fate is Fate.BODY:
            titled = last_removed is not None and headline_like(last_removed.text)
            if runs and gap == 0:
                runs[-1].body.append(v.number)
            else:
                runs.append(_Run([v.number], gap, related, titled))
            gap, related, last_removed = 0, False, None
        elif v.fate is Fate.REMOVED and parse_caption(v.text) is not None:
            # A caption printed twice is a gallery inside the story, not a gap between stories.
            last_removed = None
        elif v.fate is Fate.REMOVED:
            gap += 1
            related = related or v.reason is Reason.RELATED
            last_removed = v
        elif v.fate is Fate.CAPTION:
            last_removed = None
    return runs


def _starts_story(run: _Run, words_so_far: int) -> bool:
    return words_so_far == 0 or run.gap_related or (run.gap_removed >= LONG_GAP and run.titled)


def _is_story(lines: list[str]) -> bool:
    """Enough words, and at least one sentence: menus and headings alone are not a story."""
    words = [len(_WORD.findall(t)) for t in lines]
    prose = any(n >= 8 and t.rstrip()[-1:] in ".!?\"”’)" for n, t in zip(words, lines, strict=True))
    return sum(words) >= MIN_STORY_WORDS and prose


def split_stories(verdicts: list[LineVerdict], title: str = "") -> list[StorySpan]:
    """The stories of a cleaned page, in page order. `title` is the page's title line, used to
    recognise the page's own story; failing that, the first story is the page's own."""
    text = {v.number: v.text for v in verdicts}
    groups: list[list[int]] = []
    words = 0
    for run in _runs(verdicts):
        for k, i in enumerate(run.body):
            # A wire dateline opens a new story even with no gap (a gallery between them).
            if (k == 0 and _starts_story(run, words)) or (
                words and parse_dateline(text[i])[0] is not None
            ):
                groups.append([])
                words = 0
            groups[-1].append(i)
            words += len(_WORD.findall(text[i]))
    groups = [g for g in groups if _is_story([text[i] for i in g])]
    if not groups:
        return []
    starts = [g[0] for g in groups]
    ends = [*starts[1:], len(verdicts)]
    captions = [v.number for v in verdicts if v.fate is Fate.CAPTION]
    primary = _primary(groups, text, title)
    spans = []
    for k, g in enumerate(groups):
        # A story's captions are those printed between its start and the next story's start
        # (galleries follow the text); captions above the first story belong to the first.
        lo = starts[k] if k else 0
        caps = tuple(c for c in captions if lo <= c < ends[k])
        spans.append(StorySpan(k, k == primary, tuple(g), caps, starts[k], ends[k]))
    return spans


def _primary(groups: list[list[int]], text: dict[int, str], title: str) -> int:
    title_words = set(_WORD.findall(title.lower()))
    if len(title_words) >= 3 and len(groups) > 1:
        # The page's own story is the one its title names: its headline sits right above it,
        # so compare the title with the lines just before each story's first body line.
        def overlap(k: int) -> float:
            best = 0.0
            for i in range(max(0, groups[k][0] - 12), groups[k][0]):
                w = set(_WORD.findall(text.get(i, "").lower()))
                if w:
                    best = max(best, len(w & title_words) / len(w | title_words))
            return best

        scores = [overlap(k) for k in range(len(groups))]
        best = max(range(len(groups)), key=lambda k: (scores[k], -k))
        if scores[best] >= 0.5:
            return best
    return 0
