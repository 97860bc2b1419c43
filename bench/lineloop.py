"""A quick loop for line-classifier experiments on held-out outlets (issue #12).

`bench/run.py heldout` runs each corpus five times end to end (about ten minutes a corpus on a
loaded machine). Here the features of every page with gold are computed once, as a run computes
them (re-joined, with the corpus's outlet pass), and each page is then judged by the fold model
that never saw its outlet and segmented and annotated as a run does: a corpus scores in
20-90 s. Segmentation, body, dateline and headline figures equal the heldout bench's to the
digit; cluster ARI needs its reclustering. The fold models are `python -m copydesk.clean.train
--folds DIR`'s (with train.py's parameters or features changed, as the experiment asks); a
change of features needs the cache made anew.

    python bench/lineloop.py cache CORPUS...      # bench/out/lineloop/CORPUS.pkl
    python bench/lineloop.py score DIR CORPUS...  # held out with DIR/fold-K/, score.py's
    python bench/lineloop.py worst DIR CORPUS [N] # the N pages of lowest primary body F1,
                                                  # then the loss by band of F1
    python bench/lineloop.py lines DIR CORPUS DOC # each line of one page: fate, score, gold

`worst` reads the stories `score` wrote; `lines` marks with XX each line kept as body that is
not gold text, or gold text not kept (gold as train.py labels it).
"""

from __future__ import annotations

import functools
import json
import pickle
import sys
from pathlib import Path

import numpy as np

import copydesk.clean.classify as classify
import copydesk.pipeline as pipeline
from copydesk.clean import outlet, train
from copydesk.clean.features import page_features
from copydesk.clean.lines import page_lines
from copydesk.clean.unwrap import unwrap
from copydesk.readers import read_inputs
from copydesk.records import Page
from copydesk.writers.output import story_row
from run import BENCH, OUT

CACHE = OUT / "lineloop"
sys.path.insert(0, str(BENCH))
import score as scorer  # noqa: E402  (the reference scorer, beside the shared data)


def cache(corpus: str) -> None:
    pages = [p for p in read_inputs([str(BENCH / corpus / "pages.jsonl.gz")])
             if isinstance(p, Page)]
    chrome = outlet.learn(pages)
    outlets = {doc: site for doc, (_, site) in train.corpus_gold(corpus).items()}
    features = {}
    for page in pages:
        if page.doc_id in outlets:
            joined = unwrap(page).page
            features[page.doc_id] = page_features(page_lines(joined), joined.source, chrome)
    CACHE.mkdir(parents=True, exist_ok=True)
    with open(CACHE / f"{corpus}.pkl", "wb") as f:
        pickle.dump((pages, features, outlets), f)


def _load(corpus: str) -> tuple[list[Page], dict, dict[str, str]]:
    with open(CACHE / f"{corpus}.pkl", "rb") as f:
        return pickle.load(f)


def _cached_features(current: dict) -> None:
    """The cleaner is handed the cached features of the page at hand instead of computing
    them."""
    classify.page_features = lambda lines, source, chrome: current["features"]


def held_out(folder: Path, corpus: str) -> dict:
    pages, features, outlets = _load(corpus)
    current: dict = {}
    _cached_features(current)
    rows = []
    for k in range(train.FOLDS):
        classify.MODEL_DIR = folder / f"fold-{k}"
        for page in pages:
            if page.doc_id in features and train.outlet_fold(outlets[page.doc_id]) == k:
                current["features"] = features[page.doc_id]
                for story in pipeline._process(page, outlet.EMPTY).stories:
                    row = story_row(story)
                    row["cluster_id"] = row["story_id"]  # no reclustering here
                    rows.append(row)
    stories = CACHE / f"{folder.name}-{corpus}.jsonl"
    stories.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    if corpus == "wcxb-dev":
        return scorer.score_pages(str(BENCH / corpus / "ground-truth"), str(stories))
    got = scorer.score_wire(str(BENCH / corpus / "labels.jsonl"), str(stories))
    keys = ("segmentation_exact", "body_word_f1_primary", "body_word_f1_all", "dateline_exact",
            "headline_exact", "docs_without_output")
    return {k: got[k] for k in keys}


@functools.cache
def _golds(corpus: str) -> dict[str, tuple[list[str], str]]:
    return train.corpus_gold(corpus)


def _gold(corpus: str, doc_id: str) -> list[str]:
    """The page's gold bodies: wcxb-dev's main content, a wire page's stories."""
    return _golds(corpus)[doc_id][0]


def _primary_gold(corpus: str) -> dict[str, str]:
    """Each page's gold primary body: wcxb-dev's main content, a wire page's primary story."""
    if corpus == "wcxb-dev":
        return {doc_id: bodies[0] for doc_id, (bodies, _) in _golds(corpus).items()}
    with open(BENCH / corpus / "labels.jsonl", encoding="utf-8") as f:
        labels = [json.loads(line) for line in f]
    return {
        lab["page"]: next((s["body"] for s in lab["stories"] if s["primary"]), "")
        for lab in labels
    }


def _word_pr(body: str, gold: str) -> tuple[float, float]:
    """score.py's word_f1 as its precision and recall: the shared share of each bag."""
    found, told = scorer.words(body), scorer.words(gold)
    shared = sum((found & told).values())
    return shared / max(1, found.total()), shared / max(1, told.total())


# The bands of page F1 the loss is summed over.
BANDS = (0.5, 0.8, 0.9, 0.95, 1.0)


def worst(folder: Path, corpus: str, n: int) -> None:
    """The pages of lowest primary body word F1 (score.py's word_f1 and choice of primary),
    with its precision and recall, the gold story count and the story count found; then the
    loss (the sum of 1 - F1: the mean F1 is what score.py reports) by band of F1, and on the
    pages where precision or where recall is the lower."""
    stories = scorer.load_stories(str(CACHE / f"{folder.name}-{corpus}.jsonl"))
    _, features, _ = _load(corpus)
    gold = _primary_gold(corpus)
    rows = []
    for doc_id in features:
        found = stories.get(doc_id, [])
        primary = [s for s in found if s.get("primary")] or found[:1]
        body = primary[0].get("body", "") if primary else ""
        told = len(_gold(corpus, doc_id))
        f1 = scorer.word_f1(body, gold[doc_id])
        rows.append((f1, doc_id, *_word_pr(body, gold[doc_id]), told, len(found)))
    rows.sort()
    for f1, doc_id, precision, recall, told, count in rows[:n]:
        print(f"{doc_id}  F1 {f1:.3f}  P {precision:.3f}  R {recall:.3f}  "
              f"gold stories {told}, found {count}")
    print(f"\n{len(rows)} pages, mean page F1 {sum(r[0] for r in rows) / len(rows):.4f}; loss:")
    low = 0.0
    for high in BANDS:
        band = [1 - r[0] for r in rows if low <= r[0] < high or r[0] == high == 1.0]
        print(f"  F1 {low:.2f} to {high:.2f}: {len(band):>5} pages, {sum(band):6.1f}")
        low = high
    by_precision = sum(1 - r[0] for r in rows if r[2] < r[3])
    print(f"  on pages where precision is the lower {by_precision:.1f}, "
          f"recall {sum(1 - r[0] for r in rows) - by_precision:.1f}")


def lines(folder: Path, corpus: str, doc_id: str) -> None:
    """One page's lines as its held-out fold model judges them, beside their gold label."""
    pages, features, outlets = _load(corpus)
    page = next(p for p in pages if p.doc_id == doc_id)
    classify.MODEL_DIR = folder / f"fold-{train.outlet_fold(outlets[doc_id])}"
    _cached_features({"features": features[doc_id]})
    rows = features[doc_id].rows
    # The scores are of the re-joined page's lines (unwrap), each input line its paragraph's.
    starts = unwrap(page).starts
    scores: dict[int, float] = {}
    judge = classify.content_scores

    def kept_scores(x: np.ndarray, scored: list[int], whole_page: bool) -> np.ndarray:
        judged = judge(x, scored, whole_page=whole_page)
        for r, v in zip(scored, judged.tolist(), strict=True):
            scores.update(dict.fromkeys(range(starts[rows[r]], starts[rows[r] + 1]), v))
        return judged

    classify.content_scores = kept_scores
    result = pipeline._process(page, outlet.EMPTY)
    text = page.text.split("\n")
    gold = train.line_labels(text, list(range(len(text))), _gold(corpus, doc_id))
    for fate in result.fates:
        if not fate.text.strip():
            continue
        is_gold, is_body = bool(gold[fate.number]), fate.fate.name == "BODY"
        score = scores.get(fate.number)
        print(
            "XX" if is_gold != is_body else "  ", "G" if is_gold else ".",
            f"{fate.fate.name[:4]:4} {'' if score is None else f'{score:.2f}':4}",
            f"{fate.reason or '':16.16} {fate.text[:100]}",
        )


def main(argv: list[str]) -> None:
    command, *rest = argv
    if command == "cache":
        for corpus in rest:
            cache(corpus)
    elif command == "score":
        for corpus in rest[1:]:
            print(corpus, json.dumps(held_out(Path(rest[0]), corpus)), flush=True)
    elif command == "worst":
        worst(Path(rest[0]), rest[1], int(rest[2]) if len(rest) > 2 else 30)
    elif command == "lines":
        lines(Path(rest[0]), rest[1], rest[2])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
