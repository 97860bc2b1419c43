"""Train the line classifier (`make train`): reproducible, from the shared dev data only.

Labels come from gold text: wire-dev's story bodies and wcxb-dev's articles' main content. A
page line is story text when it is one of the gold lines, or when most of its word trigrams
are (syndication edits and typos change a few characters). The model is LightGBM over the
named features of features.py; it ships as LightGBM's own text format beside this file.
ScrapingHub's pages are never trained on: they are the held-out check.

Out-of-fold figures are grouped by outlet, so no outlet's template is seen in training and
testing both: that is the figure that predicts held-out data."""

from __future__ import annotations

import json
import re
import sys
import zlib
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

import lightgbm as lgb
import numpy as np

from copydesk.clean import outlet
from copydesk.clean.classify import MODEL_PATH, THRESHOLD
from copydesk.clean.features import FEATURES, page_features
from copydesk.clean.lines import page_lines
from copydesk.readers import read_inputs
from copydesk.records import Page

SHARED = Path(__file__).resolve().parents[3].parent / "shared"
WIRE = SHARED / "bench" / "wire-dev"
WCXB = SHARED / "bench" / "wcxb-dev"
_WORD = re.compile(r"\w+")
PARAMS = {
    "objective": "binary",
    "learning_rate": 0.08,
    "num_leaves": 63,
    "min_data_in_leaf": 40,
    "feature_fraction": 0.8,
    "bagging_fraction": 0.8,
    "bagging_freq": 1,
    "lambda_l2": 1.0,
    "seed": 7,
    "deterministic": True,
    "force_row_wise": True,
    "num_threads": 2,
    "verbosity": -1,
}
ROUNDS = 400


def _words(s: str) -> list[str]:
    return _WORD.findall(s.lower())


def line_labels(lines: list[str], rows: list[int], bodies: list[str]) -> np.ndarray:
    """1 for each row whose line is gold story text, else 0."""
    gold_lines = {" ".join(_words(ln)) for b in bodies for ln in b.split("\n") if ln.strip()}
    trigrams = set()
    for b in bodies:
        w = _words(b)
        trigrams.update(zip(w, w[1:], w[2:], strict=False))
    y = np.zeros(len(rows), dtype=np.int8)
    for j, i in enumerate(rows):
        w = _words(lines[i])
        if " ".join(w) in gold_lines:
            y[j] = 1
        elif len(w) >= 6:
            grams = list(zip(w, w[1:], w[2:], strict=False))
            y[j] = sum(g in trigrams for g in grams) / len(grams) >= 0.6
    return y


def _draw(doc_id: str, salt: str, n: int) -> int:
    """A reproducible die roll per page (a hash of its id), independent for each salt."""
    return zlib.crc32(f"{salt}:{doc_id}".encode()) % n


def relaid(page: Page) -> Page:
    """The page laid out as another extractor might: a third as given, a third with a blank
    line between all lines, a third with none. Without this the model would learn one
    generator's layout (story paragraphs blank-separated, chrome not) instead of the text."""
    roll = _draw(page.doc_id, "layout", 3)
    if roll == 0:
        return page
    lines = [ln for ln in page.text.split("\n") if ln.strip()]
    return replace(page, text=("\n\n" if roll == 1 else "\n").join(lines))


# A page, its gold story bodies, and the outlet it is grouped by in the folds.
Example = tuple[Page, list[str], str]


def wire_examples() -> list[Example]:
    pages = [p for p in read_inputs([str(WIRE / "pages.jsonl.gz")]) if isinstance(p, Page)]
    gold = {}
    with open(WIRE / "labels.jsonl", encoding="utf-8") as f:
        for line in f:
            lab = json.loads(line)
            gold[lab["page"]] = [s["body"] for s in lab["stories"]]
    return [(p, gold[p.doc_id], p.source or "") for p in pages]


def wcxb_examples() -> list[Example]:
    """WCXB's dev articles, their main content as gold: real sites' own layouts, where wire-dev
    has one generator's. Its pages of other kinds (products, forums) are not news."""
    truth = {}
    for path in sorted((WCXB / "ground-truth").glob("*.json")):
        g = json.loads(path.read_text(encoding="utf-8"))
        main = (g.get("ground_truth") or {}).get("main_content")
        if main and g.get("_internal", {}).get("page_type", {}).get("primary") == "article":
            truth[path.stem] = (main, urlsplit(g.get("url") or "").hostname or path.stem)
    pages = [p for p in read_inputs([str(WCXB / "pages.jsonl.gz")]) if isinstance(p, Page)]
    return [(p, [truth[p.doc_id][0]], truth[p.doc_id][1]) for p in pages if p.doc_id in truth]


def build(corpora: list[list[Example]]) -> tuple[np.ndarray, ...]:
    """Features, labels, fold (by outlet) and corpus index of every non-blank line."""
    xs, ys, folds, sources = [], [], [], []
    for index, examples in enumerate(corpora):
        chrome = outlet.learn(page for page, _, _ in examples)
        for page, bodies, group in examples:
            page = relaid(page)
            lines = page_lines(page)
            # A third of the pages are seen as a lone page (no outlet pass), so that the model
            # also serves `copydesk clean FILE`.
            view = outlet.EMPTY if _draw(page.doc_id, "alone", 3) == 0 else chrome
            f = page_features(lines, page.source, view)
            xs.append(f.x)
            ys.append(line_labels(lines, f.rows, bodies))
            folds.append(np.full(len(f.rows), zlib.crc32(group.encode()) % 5))
            sources.append(np.full(len(f.rows), index))
    return np.vstack(xs), np.concatenate(ys), np.concatenate(folds), np.concatenate(sources)


def _f1(pred: np.ndarray, y: np.ndarray) -> str:
    tp = float((pred & (y == 1)).sum())
    p, r = tp / max(1, pred.sum()), tp / max(1, (y == 1).sum())
    return f"P {p:.4f} R {r:.4f} F1 {2 * p * r / max(1e-9, p + r):.4f}"


def main() -> None:
    for folder in (WIRE, WCXB):
        if not folder.exists():
            sys.exit(f"training needs {folder} (the shared dev data)")
    names = ("wire-dev", "wcxb-dev")
    x, y, fold, corpus = build([wire_examples(), wcxb_examples()])
    print(f"{len(y)} lines, {y.mean():.3f} story text, {len(FEATURES)} features")
    # Out-of-fold line figures, folds grouped by outlet, per corpus: what held-out sites see.
    for k in range(5 if "--no-cv" not in sys.argv else 0):
        train, test = fold != k, fold == k
        booster = lgb.train(PARAMS, lgb.Dataset(x[train], y[train]), ROUNDS)
        pred = booster.predict(x[test]) >= THRESHOLD
        figures = [
            f"{name} {_f1(pred[corpus[test] == i], y[test][corpus[test] == i])}"
            for i, name in enumerate(names)
        ]
        print(f"fold {k}: " + "; ".join(figures))
    booster = lgb.train(PARAMS, lgb.Dataset(x, y, feature_name=list(FEATURES)), ROUNDS)
    booster.save_model(str(MODEL_PATH))
    gains = booster.feature_importance("gain")
    top = sorted(zip(gains, FEATURES, strict=True), reverse=True)[:12]
    print("top features:", ", ".join(f"{n} {g / gains.sum():.2f}" for g, n in top))
    print(f"wrote {MODEL_PATH}")


if __name__ == "__main__":
    main()
