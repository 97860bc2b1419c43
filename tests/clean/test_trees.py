"""The compiled tree walk against LightGBM's own predict, on real pages' features."""

from __future__ import annotations

import lightgbm as lgb
import numpy as np
from tests.conftest import shared_path

from copydesk.clean import outlet, trees
from copydesk.clean.classify import (
    FIRST_LOOK_MODEL,
    MODEL_DIR,
    SECOND_LOOK_MODEL,
    SECOND_STOP_EVERY,
    SECOND_STOP_MARGIN,
    STOP_EVERY,
    STOP_MARGIN,
    THRESHOLD,
    content_scores,
    first_look,
)
from copydesk.clean.features import page_features, score_context
from copydesk.clean.lines import page_lines
from copydesk.readers import read_inputs
from copydesk.records import Page


def test_scores_are_lightgbms(demo_pages: list[Page], seed_pages: list[Page]) -> None:
    wire = shared_path("bench", "wire-dev", "pages.jsonl.gz")
    bench = [p for p in read_inputs([str(wire)]) if isinstance(p, Page)][::25]
    pages = [*demo_pages, *seed_pages, *bench]
    chrome = outlet.learn(pages)
    each = [page_features(page_lines(p), p.source, chrome).x for p in pages]
    x = np.vstack(each)
    # The second look's rows: each page's features beside its first look's scores.
    context = np.vstack(
        [np.hstack((px, score_context(first_look(px), THRESHOLD))) for px in each]
    )
    for model, rows in ((FIRST_LOOK_MODEL, x), (SECOND_LOOK_MODEL, context)):
        booster = lgb.Booster(model_file=str(MODEL_DIR / model))
        forest = trees.read_model(MODEL_DIR / model)
        for every, margin in (
            (STOP_EVERY, STOP_MARGIN),
            (SECOND_STOP_EVERY, SECOND_STOP_MARGIN),
            (10, 3.0),
            (1000, 1e9),
        ):
            expected = booster.predict(
                rows, num_threads=1, pred_early_stop=True, pred_early_stop_freq=every,
                pred_early_stop_margin=margin,
            )
            got = trees.predict(forest, rows, every, margin)
            np.testing.assert_allclose(got, expected, rtol=0, atol=1e-12)
    assert len(x) > 5000
    assert content_scores(x[:0], [], True).shape == (0,)
    # A page's scores are its second look's, row for row, beside the first look's scores of
    # the rows scored (0 for the others).
    page = each[0]
    rows = list(range(0, len(page), 2))
    first = np.zeros(len(page))
    first[rows] = first_look(page[rows])
    expected = trees.predict(
        trees.read_model(MODEL_DIR / SECOND_LOOK_MODEL),
        np.hstack((page, score_context(first, THRESHOLD)))[rows], SECOND_STOP_EVERY,
        SECOND_STOP_MARGIN,
    )
    np.testing.assert_array_equal(content_scores(page, rows, True), expected)
    # An extractor's text: the first look's.
    np.testing.assert_array_equal(content_scores(page, rows, False), first_look(page[rows]))
