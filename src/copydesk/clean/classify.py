"""Clean one page: every line becomes story text, a caption, or removed with a reason.

The decision is the line classifier's (features.py, trained by train.py); the reason a removed
line gets is the most specific thing known about it: its chrome shape, the outlet pass, a repeat
within the page, or else simply that the classifier found it off the story.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import lightgbm as lgb
import numpy as np

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
def _model() -> lgb.Booster:
    return lgb.Booster(model_file=str(MODEL_PATH))


# Most lines are plainly story or plainly chrome: every STOP_EVERY trees, a line whose raw
# score is past STOP_MARGIN (probability 0.998 either way) skips the rest of the trees. On
# the training lines this is 2.4x faster and changes one verdict in ~4,500.
STOP_EVERY = 20
STOP_MARGIN = 6.0


def content_scores(x: np.ndarray) -> np.ndarray:
    if not len(x):
        return np.zeros(0)
    return _model().predict(
        x,
        num_threads=1,
        pred_early_stop=True,
        pred_early_stop_freq=STOP_EVERY,
        pred_early_stop_margin=STOP_MARGIN,
    )


def clean_page(page: Page, chrome: OutletChrome = EMPTY) -> list[LineVerdict]:
    """One verdict per line of page.text.split("\\n"), in order."""
    lines = page_lines(page)
    f = page_features(lines, page.source, chrome)
    scores = content_scores(f.x).tolist()
    terminal = f.x[:, COLUMN["terminal"]].tolist()
    repeat = f.x[:, COLUMN["is_repeat"]].tolist()
    verdicts = [LineVerdict(i, t, Fate.BLANK) for i, t in enumerate(lines)]
    captions_seen: set[str] = set()
    for j, i in enumerate(f.rows):
        shape, score, text = f.shapes[j], scores[j], lines[i]
        if f.captions[j]:
            key = " ".join(text.split())
            if key in captions_seen:
                verdicts[i] = LineVerdict(i, text, Fate.REMOVED, Reason.REPEATED, score)
            else:
                captions_seen.add(key)
                verdicts[i] = LineVerdict(i, text, Fate.CAPTION, None, score)
        elif f.appeals[j]:
            verdicts[i] = LineVerdict(i, text, Fate.REMOVED, Reason.APPEAL, score)
        elif shape and certain_chrome(shape, bool(terminal[j])):
            verdicts[i] = LineVerdict(i, text, Fate.REMOVED, shape, score)
        elif score >= THRESHOLD and not repeat[j]:
            verdicts[i] = LineVerdict(i, text, Fate.BODY, None, score)
        else:
            verdicts[i] = LineVerdict(i, text, Fate.REMOVED, _reason(shape, f.x[j]), score)
    return verdicts


def _reason(shape: Reason | None, row: np.ndarray) -> Reason:
    if row[COLUMN["is_repeat"]]:
        return Reason.REPEATED
    if shape:
        return shape
    stories = round(2 ** row[COLUMN["outlet_log_pages"]] - 1)  # the feature: log2(1 + stories)
    if row[COLUMN["outlet_share"]] >= OUTLET_SHARE and stories >= OUTLET_MIN_STORIES:
        return Reason.OUTLET_CHROME
    if row[COLUMN["is_first"]]:
        return Reason.PAGE_TITLE
    return Reason.OFF_STORY
