"""Clean one page: every line becomes story text, a caption, or removed with a reason.

The decision is the line classifier's (features.py, trained by train.py); the reason a removed
line gets is the most specific thing known about it: its chrome shape, the outlet pass, a repeat
within the page, or else simply that the classifier found it off the story.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np

from copydesk.clean import trees
from copydesk.clean.features import COLUMN, page_features
from copydesk.clean.lines import page_lines
from copydesk.clean.outlet import EMPTY, OutletChrome
from copydesk.clean.shape import certain_chrome
from copydesk.records import Fate, LineVerdict, Page, Reason

MODEL_PATH = Path(__file__).with_name("model.txt")
THRESHOLD = 0.5
# A line on at least this share of an outlet's pages is the outlet's, once the outlet has three
# or more stories: with two, a line on both is as likely one story printed twice (a calendar, a
# list) as the outlet's chrome, and the removal is the classifier's judgement alone.
OUTLET_SHARE = 0.5
OUTLET_MIN_STORIES = 3


@cache
def _model() -> trees.Forest:
    return trees.read_model(MODEL_PATH)


# Most lines are plainly story or plainly chrome: every STOP_EVERY trees, a line whose raw
# score is past STOP_MARGIN / 2 (LightGBM's margin is twice the score: probability 0.95 either
# way) skips the rest of the trees. On the training lines this is 2.4x faster and changes one
# verdict in ~4,500.
STOP_EVERY = 20
STOP_MARGIN = 6.0


def content_scores(x: np.ndarray) -> np.ndarray:
    return trees.predict(_model(), x, STOP_EVERY, STOP_MARGIN)


def clean_page(page: Page, chrome: OutletChrome = EMPTY) -> list[LineVerdict]:
    """One verdict per line of page.text.split("\\n"), in order."""
    lines = page_lines(page)
    f = page_features(lines, page.source, chrome)
    x = f.x
    terminal = x[:, COLUMN["terminal"]].tolist()
    repeat = x[:, COLUMN["is_repeat"]].tolist()
    certain = [
        shape is not None and certain_chrome(shape, bool(ends))
        for shape, ends in zip(f.shapes, terminal, strict=True)
    ]
    # Only the rows the score decides are scored: captions, appeals, certain chrome and
    # in-page repeats are removed or kept whatever it says (their score stays 0.0).
    open_rows = [
        r for r, done in enumerate(zip(f.captions, f.appeals, repeat, certain, strict=True))
        if not any(done)
    ]
    scores = [0.0] * len(certain)
    if open_rows:
        for r, score in zip(open_rows, content_scores(x[open_rows]).tolist(), strict=True):
            scores[r] = score
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
        elif score >= THRESHOLD and not repeated:
            fate, reason = body, None
        else:
            fate, reason = removed, _reason(shape, bool(repeated), outlets, bool(first))
        found[i] = LineVerdict(i, text, fate, reason, score, dated, fix, home)
    blank = Fate.BLANK
    return [v or LineVerdict(i, lines[i], blank) for i, v in enumerate(found)]


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
