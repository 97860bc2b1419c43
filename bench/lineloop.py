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
"""

from __future__ import annotations

import json
import pickle
import sys
from pathlib import Path

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


def held_out(folder: Path, corpus: str) -> dict:
    with open(CACHE / f"{corpus}.pkl", "rb") as f:
        pages, features, outlets = pickle.load(f)
    # The cleaner is handed the cached features of the page at hand instead of computing them.
    current: dict = {}
    classify.page_features = lambda lines, source, chrome: current["features"]
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


def main(argv: list[str]) -> None:
    command, *rest = argv
    if command == "cache":
        for corpus in rest:
            cache(corpus)
    elif command == "score":
        for corpus in rest[1:]:
            print(corpus, json.dumps(held_out(Path(rest[0]), corpus)), flush=True)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
