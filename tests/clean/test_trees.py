"""The compiled tree walk against LightGBM's own predict, on real pages' features."""

from __future__ import annotations

import lightgbm as lgb
import numpy as np
from tests.conftest import shared_path

from copydesk.clean import outlet, trees
from copydesk.clean.classify import MODEL_PATH, STOP_EVERY, STOP_MARGIN, content_scores
from copydesk.clean.features import page_features
from copydesk.clean.lines import page_lines
from copydesk.readers import read_inputs
from copydesk.records import Page


def test_scores_are_lightgbms(demo_pages: list[Page], seed_pages: list[Page]) -> None:
    wire = shared_path("bench", "wire-dev", "pages.jsonl.gz")
    bench = [p for p in read_inputs([str(wire)]) if isinstance(p, Page)][::25]
    pages = [*demo_pages, *seed_pages, *bench]
    chrome = outlet.learn(pages)
    x = np.vstack([page_features(page_lines(p), p.source, chrome).x for p in pages])
    booster = lgb.Booster(model_file=str(MODEL_PATH))
    forest = trees.read_model(MODEL_PATH)
    for every, margin in ((STOP_EVERY, STOP_MARGIN), (10, 3.0), (1000, 1e9)):
        expected = booster.predict(
            x, num_threads=1, pred_early_stop=True, pred_early_stop_freq=every,
            pred_early_stop_margin=margin,
        )
        got = trees.predict(forest, x, every, margin)
        np.testing.assert_allclose(got, expected, rtol=0, atol=1e-12)
    assert len(x) > 5000
    assert content_scores(x[:0]).shape == (0,)

