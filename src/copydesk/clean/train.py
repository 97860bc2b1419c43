"""Train the line classifier (`make train`): reproducible, from the shared dev data only.

Labels come from gold text: wire-dev's story bodies and wcxb-dev's articles' main content. A
page line is story text when it is one of the gold lines, or when most of its word trigrams are
(syndication edits and typos change a few characters). The model is LightGBM over the named
features of features.py, in two looks: the first model judges each line by its features, the
second again beside the first's scores around it (features.score_context). The second is trained
on first-look scores of lines the first model never saw (out of fold), as at run time. Both ship
in LightGBM's own text format beside this file. ScrapingHub's
pages are never trained on: they are the held-out check; nor are wire-hard-dev's (see CORPORA).

Folds are grouped by outlet (`outlet_fold`), the same in every corpus (wire-dev and
wire-hard-dev share most of their outlets), so no outlet's template is seen in training and
testing both: that is the figure that predicts held-out data. `--folds DIR` writes the five
pairs of models each trained without one fold's outlets (the second look's out-of-fold scores
from the other four folds alone); `make bench`'s `heldout` bench runs each on the pages of its
fold, wire-hard-dev's too.

    python -m copydesk.clean.train               # the shipped pair, with out-of-fold figures
    python -m copydesk.clean.train --folds DIR   # DIR/fold-K/, the shipped pair untouched
"""

from __future__ import annotations

import json
import sys
import zlib
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

import lightgbm as lgb
import numpy as np

from copydesk.clean import outlet
from copydesk.clean.classify import (
    FIRST_LOOK_MODEL,
    MODEL_DIR,
    SECOND_LOOK_MODEL,
    STOP_EVERY,
    STOP_MARGIN,
    THRESHOLD,
    certain_rows,
    open_rows,
)
from copydesk.clean.features import FEATURES, SECOND_LOOK_FEATURES, page_features, score_context
from copydesk.clean.lines import page_lines
from copydesk.clean.unwrap import unwrap
from copydesk.readers import read_inputs
from copydesk.records import Page
from copydesk.shared import BENCH
from copydesk.words import WORD

WCXB = BENCH / "wcxb-dev"
# wire-hard-dev is scored, not trained on: its hard-wrapped pages are re-joined before the
# classifier sees them, and trained on too, it cost the never-seen scrapinghub pages shingle
# F1 (BENCHMARKS.md, "Figures behind the code's choices").
CORPORA = ("wire-dev", "wcxb-dev")
FOLDS = 5
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
# The second look learns from few strong features (the scores around a line): fewer rounds.
SECOND_ROUNDS = 200


def _words(s: str) -> list[str]:
    return WORD.findall(s.lower())


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


def outlet_fold(outlet: str) -> int:
    """The fold an outlet is held out in: the same for its pages in every corpus."""
    return zlib.crc32(outlet.encode()) % FOLDS


def wire_gold(name: str) -> dict[str, tuple[list[str], str]]:
    """A wire corpus's pages: their gold story bodies, and their outlet."""
    gold = {}
    with open(BENCH / name / "labels.jsonl", encoding="utf-8") as f:
        for line in f:
            lab = json.loads(line)
            gold[lab["page"]] = ([s["body"] for s in lab["stories"]], lab["outlet"])
    return gold


def wcxb_gold() -> dict[str, tuple[list[str], str]]:
    """WCXB's dev articles: their main content as gold, and the site they come from (their
    pages.jsonl carries no URL). Its pages of other kinds (products, forums) are not news."""
    truth = {}
    for path in sorted((WCXB / "ground-truth").glob("*.json")):
        g = json.loads(path.read_text(encoding="utf-8"))
        main = (g.get("ground_truth") or {}).get("main_content")
        if main and g.get("_internal", {}).get("page_type", {}).get("primary") == "article":
            truth[path.stem] = ([main], urlsplit(g.get("url") or "").hostname or path.stem)
    return truth


def corpus_gold(name: str) -> dict[str, tuple[list[str], str]]:
    return wcxb_gold() if name == "wcxb-dev" else wire_gold(name)


def examples(name: str) -> list[Example]:
    """The corpus's pages that have gold, with it and their outlet. wcxb-dev brings real
    sites' own layouts, where the wire corpora have one generator's."""
    gold = corpus_gold(name)
    pages = read_inputs([str(BENCH / name / "pages.jsonl.gz")])
    return [(p, *gold[p.doc_id]) for p in pages if isinstance(p, Page) and p.doc_id in gold]


def build(corpora: list[list[Example]]) -> tuple[np.ndarray, ...]:
    """Features, labels, fold (by outlet), corpus index, page number of every non-blank line,
    and whether the score decides it (classify.open_rows)."""
    xs, ys, folds, sources, pages, scored = [], [], [], [], [], []
    for index, examples in enumerate(corpora):
        chrome = outlet.learn(page for page, _, _ in examples)
        for page, bodies, group in examples:
            # Re-joined as the pipeline re-joins it (unwrap), then laid out anew.
            page = relaid(unwrap(page).page)
            lines = page_lines(page)
            # A third of the pages are seen as a lone page (no outlet pass), so that the model
            # also serves `copydesk clean FILE`.
            view = outlet.EMPTY if _draw(page.doc_id, "alone", 3) == 0 else chrome
            f = page_features(lines, page.source, view)
            xs.append(f.x)
            ys.append(line_labels(lines, f.rows, bodies))
            folds.append(np.full(len(f.rows), outlet_fold(group)))
            sources.append(np.full(len(f.rows), index))
            pages.append(np.full(len(f.rows), len(pages)))
            is_open = np.zeros(len(f.rows), dtype=bool)
            is_open[open_rows(f, certain_rows(f))] = True
            scored.append(is_open)
    return (
        np.vstack(xs), np.concatenate(ys), np.concatenate(folds), np.concatenate(sources),
        np.concatenate(pages), np.concatenate(scored),
    )


def _f1(pred: np.ndarray, y: np.ndarray) -> str:
    tp = float((pred & (y == 1)).sum())
    p, r = tp / max(1, pred.sum()), tp / max(1, (y == 1).sum())
    return f"P {p:.4f} R {r:.4f} F1 {2 * p * r / max(1e-9, p + r):.4f}"


def _figures(pred: np.ndarray, y: np.ndarray, corpus: np.ndarray) -> str:
    return "; ".join(
        f"{name} {_f1(pred[corpus == i], y[corpus == i])}" for i, name in enumerate(CORPORA)
    )


def _train(x: np.ndarray, y: np.ndarray, names: tuple[str, ...], rounds: int) -> lgb.Booster:
    return lgb.train(PARAMS, lgb.Dataset(x, y, feature_name=list(names)), rounds)


def _first_scores(booster: lgb.Booster, x: np.ndarray) -> np.ndarray:
    """The first look's scores as a run computes them (classify.first_look's early stop)."""
    return booster.predict(
        x, pred_early_stop=True, pred_early_stop_freq=STOP_EVERY,
        pred_early_stop_margin=STOP_MARGIN,
    )


def _second_look(
    x: np.ndarray, scores: np.ndarray, page: np.ndarray, scored: np.ndarray
) -> np.ndarray:
    """The second look's rows of every page of a stacked matrix: the features beside the
    score context of the first look's scores of the lines it decides (0 for the others, as
    classify.content_scores has them)."""
    scores = np.where(scored, scores, 0.0)
    ends = np.flatnonzero(np.diff(page)) + 1
    parts = zip(np.split(x, ends), np.split(scores, ends), strict=True)
    return np.vstack([np.hstack((px, score_context(ps, THRESHOLD))) for px, ps in parts])


def out_of_fold(x: np.ndarray, y: np.ndarray, fold: np.ndarray, folds: list[int]) -> np.ndarray:
    """First-look scores of the lines of `folds`, each fold's by a model trained on the other
    folds of `folds`: scores of lines the model never saw, as a run's are (0 elsewhere)."""
    scores = np.zeros(len(y))
    for k in folds:
        train = np.isin(fold, folds) & (fold != k)
        booster = _train(x[train], y[train], FEATURES, ROUNDS)
        scores[fold == k] = _first_scores(booster, x[fold == k])
    return scores


def held_out_pairs(lines: tuple[np.ndarray, ...], folder: Path) -> None:
    """folder/fold-K/: the two looks trained without fold K's outlets (build's lines), and
    their figures on the lines those outlets' pages leave to the score, the second look's
    from fold K's own first look."""
    x, y, fold, corpus, page, scored = lines
    for k in range(FOLDS):
        train, test = fold != k, (fold == k) & scored
        first = _train(x[train], y[train], FEATURES, ROUNDS)
        others = [j for j in range(FOLDS) if j != k]
        context = _second_look(x, out_of_fold(x, y, fold, others), page, scored)
        train &= scored
        second = _train(context[train], y[train], SECOND_LOOK_FEATURES, SECOND_ROUNDS)
        scores = np.zeros(len(y))
        scores[fold == k] = _first_scores(first, x[fold == k])
        judged = second.predict(_second_look(x, scores, page, scored)[test]) >= THRESHOLD
        print(f"fold {k} first look: {_figures(scores[test] >= THRESHOLD, y[test], corpus[test])}")
        print(f"fold {k} second look: {_figures(judged, y[test], corpus[test])}", flush=True)
        (folder / f"fold-{k}").mkdir(parents=True, exist_ok=True)
        first.save_model(str(folder / f"fold-{k}" / FIRST_LOOK_MODEL))
        second.save_model(str(folder / f"fold-{k}" / SECOND_LOOK_MODEL))
    print(f"wrote {FOLDS} held-out pairs of models to {folder}")


def main(argv: list[str]) -> None:
    for name in CORPORA:
        if not (BENCH / name).exists():
            sys.exit(f"training needs {BENCH / name} (the shared dev data)")
    lines = build([examples(name) for name in CORPORA])
    x, y, fold, corpus, page, scored = lines
    print(f"{len(y)} lines, {y.mean():.3f} story text, {len(FEATURES)} features")
    if "--folds" in argv:
        held_out_pairs(lines, Path(argv[argv.index("--folds") + 1]))
        return
    # Out-of-fold first-look figures, folds grouped by outlet: what held-out sites see.
    scores = out_of_fold(x, y, fold, list(range(FOLDS)))
    for k in range(FOLDS):
        test = fold == k
        print(f"fold {k} first look: {_figures(scores[test] >= THRESHOLD, y[test], corpus[test])}")
    context = _second_look(x, scores, page, scored)
    for booster, names, path in (
        (_train(x, y, FEATURES, ROUNDS), FEATURES, MODEL_DIR / FIRST_LOOK_MODEL),
        (_train(context[scored], y[scored], SECOND_LOOK_FEATURES, SECOND_ROUNDS),
         SECOND_LOOK_FEATURES, MODEL_DIR / SECOND_LOOK_MODEL),
    ):
        booster.save_model(str(path))
        gains = booster.feature_importance("gain")
        top = sorted(zip(gains, names, strict=True), reverse=True)[:12]
        print(f"{path.name}:", ", ".join(f"{n} {g / gains.sum():.2f}" for g, n in top))


if __name__ == "__main__":
    main(sys.argv[1:])
