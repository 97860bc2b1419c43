"""Clean one page: every line becomes story text, a caption, or removed with a reason.

The decision is the line classifier's (features.py, trained by train.py), in two looks: the
first judges each line by its own features and its neighbours', the second judges it again
beside the first look's scores around it (features.score_context). The reason a removed
line gets is the most specific thing known about it: its chrome shape, the outlet pass, a repeat
within the page, or else simply that the classifier found it off the story.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np

from copydesk.clean import trees
from copydesk.clean.features import COLUMN, PageFeatures, page_features, score_context
from copydesk.clean.lines import page_lines
from copydesk.clean.outlet import EMPTY, OutletChrome
from copydesk.clean.shape import certain_chrome, is_comments_heading
from copydesk.records import Fate, LineVerdict, Page, Reason

# The two looks' models, in LightGBM's text format (train.py writes them). The heldout bench
# points MODEL_DIR at a pair trained without some outlets.
MODEL_DIR = Path(__file__).parent
FIRST_LOOK_MODEL, SECOND_LOOK_MODEL = "first-look.txt", "second-look.txt"
THRESHOLD = 0.5
# A line on at least this share of an outlet's pages is the outlet's, once the outlet has three
# or more stories: with two, a line on both is as likely one story printed twice (a calendar, a
# list) as the outlet's chrome, and the removal is the classifier's judgement alone.
OUTLET_SHARE = 0.5
OUTLET_MIN_STORIES = 3


@cache
def _forest(path: Path) -> trees.Forest:
    return trees.read_model(path)


# Most lines are plainly story or plainly chrome: every STOP_EVERY trees, a line whose raw
# score is past STOP_MARGIN / 2 (LightGBM's margin is twice the score: probability 0.95 either
# way) skips the rest of the trees: several times faster, for a verdict changed in thousands
# (BENCHMARKS.md, "Figures behind the code's choices").
STOP_EVERY = 20
STOP_MARGIN = 6.0
# The second look starts from the line's first-look score, so most lines are settled within a
# few trees: it stops sooner, every 10 trees at probability 0.88 either way, for as rare a
# change of verdict as the first look's stop (BENCHMARKS.md, 2026-12-05).
SECOND_STOP_EVERY = 10
SECOND_STOP_MARGIN = 4.0
# A score at or under this is a line the trees stopped on as chrome (the second look's stop;
# the first look's is lower still): where it stopped, not the chance that it is story text.
_SETTLED = 1 / (1 + np.exp(SECOND_STOP_MARGIN / 2))


def first_look(x: np.ndarray) -> np.ndarray:
    return trees.predict(_forest(MODEL_DIR / FIRST_LOOK_MODEL), x, STOP_EVERY, STOP_MARGIN)


def content_scores(x: np.ndarray, rows: list[int], whole_page: bool) -> np.ndarray:
    """The scores of `rows` of a page's features x (all its rows, in page order), the lines
    left to the classifier (open_rows). On a whole page the second look judges them beside
    the first look's scores, 0 for the other lines (decided as not story, or as a caption).
    An extractor's text (HTML) is main content already, where every line's neighbours look
    like story: the second look learnt from whole pages would keep the outlet's short lines
    beside it, so there the first look's judgement stands (extracted.py)."""
    if not rows:
        return np.zeros(0)
    own = x[rows]
    judged = first_look(own)
    if not whole_page:
        return judged
    first = np.zeros(len(x))
    first[rows] = judged
    context = np.hstack((own, score_context(first, THRESHOLD)[rows]))
    second = _forest(MODEL_DIR / SECOND_LOOK_MODEL)
    return trees.predict(second, context, SECOND_STOP_EVERY, SECOND_STOP_MARGIN)


def page_threshold(scores: np.ndarray, words: np.ndarray) -> float:
    """The score a line of this page needs to be kept (`scores` of the lines the classifier
    judges, `words` their words): the one that keeps the lines of most expected word F1, each
    line's score taken as the chance it is story text (the story's words kept, twice, over
    the words kept and the story's words expected; keeping nothing scores the chance that no
    line is story). Where the classifier is sure of a page, that is THRESHOLD; where it
    doubts every line, as on a site unlike any it learnt from, a paragraph at 0.4 is as likely
    the story as not, and the page's likeliest lines are kept rather than none. Lines settled
    as chrome count as no chance at all. Never above THRESHOLD."""
    order = np.argsort(-scores, kind="stable")
    p, w = scores[order], np.maximum(words[order], 1.0)
    p = np.where(p <= _SETTLED, 0.0, p)
    expected = float(w @ p)
    f1 = 2 * np.cumsum(w * p) / (np.cumsum(w) + expected)
    best = int(np.argmax(f1))
    if float(np.prod(1.0 - p)) > f1[best]:
        return THRESHOLD
    return min(float(p[best]), THRESHOLD)


def certain_rows(f: PageFeatures) -> list[bool]:
    """The rows of chrome its shape alone removes (shape.certain_chrome)."""
    terminal = f.x[:, COLUMN["terminal"]].tolist()
    return [
        shape is not None and certain_chrome(shape, bool(ends))
        for shape, ends in zip(f.shapes, terminal, strict=True)
    ]


def open_rows(f: PageFeatures, certain: list[bool]) -> list[int]:
    """The rows the score decides: captions, appeals, certain chrome and in-page repeats are
    removed or kept whatever it says."""
    repeat = f.x[:, COLUMN["is_repeat"]].tolist()
    return [
        r for r, done in enumerate(zip(f.captions, f.appeals, repeat, certain, strict=True))
        if not any(done)
    ]


def clean_page(page: Page, chrome: OutletChrome = EMPTY) -> list[LineVerdict]:
    """One verdict per line of page.text.split("\\n"), in order."""
    lines = page_lines(page)
    f = page_features(lines, page.source, chrome)
    x = f.x
    repeat = x[:, COLUMN["is_repeat"]].tolist()
    certain = certain_rows(f)
    # Only the open rows are scored; the others' score stays 0.0.
    scored = open_rows(f, certain)
    scores = [0.0] * len(certain)
    judged = content_scores(x, scored, whole_page=page.markup is None)
    for r, score in zip(scored, judged.tolist(), strict=True):
        scores[r] = score
    threshold = page_threshold(judged, x[scored, COLUMN["words"]]) if scored else THRESHOLD
    datelines = (x[:, COLUMN["dateline"]] > 0).tolist()
    corrections = (x[:, COLUMN["correction"]] > 0).tolist()
    # The reason the classifier's removal gets, unless the line has a shape: see _reason.
    stories = np.round(2 ** x[:, COLUMN["outlet_log_pages"]] - 1)  # log2(1 + stories)
    outlet_chrome = (
        (x[:, COLUMN["outlet_share"]] >= OUTLET_SHARE) & (stories >= OUTLET_MIN_STORIES)
    ).tolist()
    # Printed on pages of two or more of the outlet's stories (share × stories is that count).
    house = (x[:, COLUMN["outlet_share"]] * stories >= 1.5).tolist()
    title = x[:, COLUMN["is_first"]].tolist()
    found: list[LineVerdict | None] = [None] * len(lines)
    captions_seen: set[str] = set()
    # Members read once: in Python 3.11 each lookup of an enum member is a descriptor call.
    body, caption_fate, removed = Fate.BODY, Fate.CAPTION, Fate.REMOVED
    repeated_reason, appeal_reason = Reason.REPEATED, Reason.APPEAL
    for i, score, shape, caption, appeal, sure, repeated, outlets, first, dated, fix, home in zip(
        f.rows, scores, f.shapes, f.captions, f.appeals, certain, repeat, outlet_chrome, title,
        datelines, corrections, house, strict=True,
    ):
        text = lines[i]
        if caption:
            key = " ".join(text.split())
            if key in captions_seen:
                fate, reason = removed, repeated_reason
            else:
                captions_seen.add(key)
                fate, reason = caption_fate, None
        elif appeal:
            fate, reason = removed, appeal_reason
        elif sure:
            fate, reason = removed, shape
        elif score >= threshold and not repeated:
            fate, reason = body, None
        else:
            fate, reason = removed, _reason(shape, bool(repeated), outlets, bool(first))
        found[i] = LineVerdict(i, text, fate, reason, score, dated, fix, home)
    blank = Fate.BLANK
    return readers_comments([v or LineVerdict(i, lines[i], blank) for i, v in enumerate(found)])


def readers_comments(verdicts: list[LineVerdict]) -> list[LineVerdict]:
    """Under a comments heading after the story has begun, what the classifier kept is
    readers' comments: prose, and on the story's subject (they quote it), so neither the
    classifier nor the segmenter's cohesion test would part it from the story."""
    begun = False
    for v in verdicts:
        if begun and is_comments_heading(v.text):
            start = v.number
            break
        begun = begun or v.fate is Fate.BODY
    else:
        return verdicts
    removed, comments = Fate.REMOVED, Reason.COMMENTS
    return verdicts[:start] + [
        v._replace(fate=removed, reason=comments) if v.fate is Fate.BODY or v.number == start
        else v
        for v in verdicts[start:]
    ]


def _reason(shape: Reason | None, repeat: bool, outlet_chrome: bool, title: bool) -> Reason:
    if repeat:
        return Reason.REPEATED
    if shape:
        return shape
    if outlet_chrome:
        return Reason.OUTLET_CHROME
    if title:
        return Reason.PAGE_TITLE
    return Reason.OFF_STORY
