"""`make bench`: quality by the reference scorer, speed and peak memory, on the shared data.

Each run is `copydesk run` in a child process (so its peak memory is its own); quality figures
come from ../shared/bench/score.py itself, called on the run's stories.jsonl. Results are
printed and written to bench/out/results.json; BENCHMARKS.md quotes them with the date.

    python bench/run.py [wire|scrapinghub|wcxb|demo|speedup|cluster|scrapinghub-html|wcxb-html
                         |heldout|pagemem|scale|spark ...]
    (default: all)

The HTML benches run copydesk on the benchmarks' HTML with each extractor, each run with
trafilatura alone (bench/alone.py: its text, timed, and its metadata) running beside it on
the other core, so that both speeds are taken under the same drift of the machine.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from copydesk.shared import BENCH
from metadata import metadata_accuracy, stories_found, wcxb_gold

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
SCORER = BENCH / "score.py"
CLUSTER_BENCH = ROOT / "bench" / "clusterbench.py"
_RUNS: dict[str, dict] = {}  # runs made by this invocation, for the benches that reuse them

# Runs `copydesk run` in this child and reports its peak memory, workers included.
# Its CPU seconds are the run's (main() on), interpreter start-up and imports excluded, as
# they are for trafilatura alone (imported before it is timed). With an HTML WARM_UP page
# (HTML benches), a run on that page alone comes first, timed apart as STARTUP_S: the
# one-off loading (compiled kernels, models, htmldate's date parsers) that a crawl of
# millions of pages pays once; trafilatura alone is warmed on the same page. The page's date
# is written as htmldate's fast rules cannot read it, so that its external parser (dateparser,
# ~1.6 s to set up, once a process) is set up here rather than on some benchmark page.
WARM_UP = ROOT / "bench" / "warmup"
_CHILD = """
import json, os, pathlib, resource, sys, tempfile, time
import copydesk.engines.local
from copydesk.cli import console, main
if os.environ.get("HELD_OUT_MODELS"):  # the heldout bench: models trained without some outlets
    import copydesk.clean.classify
    copydesk.clean.classify.MODEL_DIR = pathlib.Path(os.environ["HELD_OUT_MODELS"])
startup = 0.0
if os.environ.get("WARM_UP"):
    warm_up, *options = json.loads(os.environ["WARM_UP"])
    with tempfile.TemporaryDirectory() as tmp:
        startup = time.process_time()
        main(["run", warm_up, "-o", tmp, "--quiet", *options])
        startup = time.process_time() - startup
print("STARTUP_S", startup, file=sys.stderr)
cpu = time.process_time()
code = console(sys.argv[1:])  # as the `copydesk` command runs
cpu = time.process_time() - cpu
self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
kids = resource.getrusage(resource.RUSAGE_CHILDREN)
print("PEAK_KB", max(self, kids.ru_maxrss), file=sys.stderr)
print("CPU_S", cpu + kids.ru_utime + kids.ru_stime, file=sys.stderr)
sys.exit(code)
"""


def copydesk_run(
    name: str, inputs: list[str], workers: int = 1, extra: tuple = (), warm_up: bool = False,
    models: Path | None = None,
) -> dict:
    out = OUT / name
    args = ["run", *inputs, "-o", str(out), "--quiet", "--workers", str(workers), *extra]
    env = dict(os.environ)
    if warm_up:  # the warm-up run takes the run's own options (the extractor)
        env["WARM_UP"] = json.dumps([str(WARM_UP), *extra])
    if models:
        env["HELD_OUT_MODELS"] = str(models)
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", _CHILD, *args], capture_output=True, text=True, check=False,
        env=env,
    )
    wall = time.perf_counter() - t0
    if proc.returncode not in (0, 3):
        sys.exit(f"copydesk run failed on {name}:\n{proc.stderr}")
    peak_kb = int(proc.stderr.rsplit("PEAK_KB", 1)[1].split()[0])
    cpu_s = float(proc.stderr.rsplit("CPU_S", 1)[1].split()[0])
    startup_s = float(proc.stderr.rsplit("STARTUP_S", 1)[1].split()[0])
    stats = json.loads((out / "stats.json").read_text())
    sec = stats["seconds"]
    # (A run of one page, or of rejects only, may take no measurable time: then 1 µs.)
    per_page = max(sum(sec.get(stage, 0.0) for stage in ("clean", "segment", "annotate")), 1e-6)
    return {
        "out": str(out),
        "pages": stats["pages"],
        "stories": stats["stories"],
        "rejects": stats["rejects"],
        "input_mb": stats["input_mb"],
        "wall_s": round(wall, 2),
        "pages_wall_s": sec["pages_wall"],
        # The passes the workers do: pass 1 (reading, extraction) and pass 2.
        "passes_wall_s": round(sec["read_wall"] + sec["pages_wall"], 3),
        "learn_outlets_s": sec["learn_outlets"],
        "pipeline_cpu_s": round(per_page, 2),
        "pages_per_s_per_core": round(stats["pages"] / per_page, 1),
        # Both passes, reading included, without interpreter start-up: the rate a user sees.
        "pages_per_s_run": round((stats["pages"] + stats["rejects"]) / sec["total"], 1),
        "cpu_ms_per_page_run": round(1000 * cpu_s / (stats["pages"] + stats["rejects"]), 1),
        "startup_cpu_s": round(startup_s, 2),  # 0 unless warmed up first (HTML benches)
        # The text stages' share of it (the rest: reading, extraction, markup, clustering).
        "text_stages_ms_per_page": round(1000 * per_page / max(1, stats["pages"]), 1),
        "mb_per_s_per_core": round(stats["input_mb"] / per_page, 2),
        "peak_mb": round(peak_kb / 1024, 1),
        "cluster_s": sec.get("cluster"),
        "fingerprint_cpu_s": sec.get("fingerprint"),
    }


def score(mode: str, gold: Path, stories: Path) -> dict:
    proc = subprocess.run(
        [sys.executable, str(SCORER), mode, str(gold), str(stories)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(proc.stdout)


def wire_run() -> dict:
    if "wire" not in _RUNS:
        _RUNS["wire"] = copydesk_run("wire", [str(BENCH / "wire-dev" / "pages.jsonl.gz")])
    return _RUNS["wire"]


def bench_wire() -> dict:
    d = BENCH / "wire-dev"
    run = wire_run()
    stories = Path(run["out"]) / "stories.jsonl"
    return {
        "run": run,
        "score": score("wire", d / "labels.jsonl", stories),
        "one_story_a_page": one_story_a_page(d / "labels.jsonl", stories),
    }


def one_story_a_page(labels: Path, stories: Path) -> float:
    """The segmentation figure of keeping each page's text as one story, which a segmenter
    must beat."""
    return score("wire", labels, _joined_stories(stories))["segmentation_exact"]


# The sets `--workers 2` is timed on against one worker: text, and HTML (extraction in pass 1).
SPEEDUP_SETS = {
    "wire-dev": BENCH / "wire-dev" / "pages.jsonl.gz",
    "scrapinghub-html": BENCH / "scrapinghub" / "html",
    "wcxb-dev-html": BENCH / "wcxb-dev" / "html",
}


def bench_speedup() -> dict:
    """--workers 2 against 1 on each of SPEEDUP_SETS, run in the order 1, 2, 2, 1 so that the
    machine's drift weighs on both alike. Two walls: the whole run as a user times it
    (interpreter start-up, imports and the one-off loading included, which the workers cannot
    share), and the pages' passes (1 and 2: reading, extraction, cleaning to fingerprints)."""
    results: dict = {}
    for name, path in SPEEDUP_SETS.items():
        runs: dict[int, list[dict]] = {1: [], 2: []}
        for workers in (1, 2, 2, 1):
            runs[workers].append(copydesk_run(f"{name}-w{workers}", [str(path)], workers=workers))
        walls = {w: [run["wall_s"] for run in runs[w]] for w in runs}
        passes = {w: [run["passes_wall_s"] for run in runs[w]] for w in runs}
        results[name] = {
            "one_worker_wall_s": walls[1],
            "two_workers_wall_s": walls[2],
            "run_speedup": round(sum(walls[1]) / sum(walls[2]), 2),
            "one_worker_pages_wall_s": passes[1],
            "two_workers_pages_wall_s": passes[2],
            "pages_speedup": round(sum(passes[1]) / sum(passes[2]), 2),
            "two_workers_peak_mb": max(run["peak_mb"] for run in runs[2]),
        }
    return results


def bench_pages(name: str, gold: Path) -> dict:
    run = copydesk_run(name, [str(BENCH / name / "pages.jsonl.gz")])
    stories = Path(run["out"]) / "stories.jsonl"
    return {
        "run": run,
        "score": score("pages", gold, stories),
        # Every story of a page as one: the cleaner's text, whatever segmentation made of it.
        "score_all_stories": score("pages", gold, _joined_stories(stories)),
    }


def _joined_stories(stories: Path) -> Path:
    bodies: dict[str, list[str]] = {}
    with open(stories, encoding="utf-8") as f:
        for line in f:
            story = json.loads(line)
            bodies.setdefault(story["doc_id"], []).append(story["body"])
    out = stories.with_name("stories-joined.jsonl")
    with open(out, "w", encoding="utf-8") as f:
        for doc_id, texts in bodies.items():
            joined = {"doc_id": doc_id, "primary": True, "body": "\n\n".join(texts)}
            f.write(json.dumps({**joined, "cluster_id": doc_id}) + "\n")
    return out


def bench_demo() -> dict:
    run = copydesk_run("demo", [str(ROOT / "examples" / "corpus")])
    labels = ROOT / "examples" / "labels.jsonl"
    stories = Path(run["out"]) / "stories.jsonl"
    return {
        "run": run,
        "score": score("wire", labels, stories),
        "one_story_a_page": one_story_a_page(labels, stories),
    }


def html_gold(name: str) -> tuple[Path, list[str]]:
    """The gold file for score.py and the ids of the pages it scores (wcxb-dev: articles)."""
    d = BENCH / name
    if name == "scrapinghub":
        gold = d / "ground-truth.json"
        return gold, list(json.loads(gold.read_text()))
    return d / "ground-truth", list(wcxb_gold())


def beside_trafilatura(name: str, files: list[Path], extractor: str) -> dict:
    """copydesk's run with `extractor`, and trafilatura alone (bench/alone.py) on the other
    core for as long as it lasts: the two speeds are taken at the same time, under the same
    drift of the machine."""
    listing = OUT / f"{name}-files.txt"
    listing.write_text("".join(f"{f}\n" for f in files))
    alone_out = OUT / f"{name}-trafilatura"
    alone = subprocess.Popen(
        [sys.executable, str(ROOT / "bench" / "alone.py"), str(listing), str(alone_out)],
        stdout=subprocess.PIPE, text=True,
    )
    assert alone.stdout is not None and alone.stdout.readline().strip() == "READY"
    run = copydesk_run(f"{name}-html-{extractor}", [str(f) for f in files],
                       extra=("--extractor", extractor), warm_up=True)
    alone.send_signal(signal.SIGTERM)
    timed = json.loads(alone.communicate()[0])
    return {"run": run, "alone": timed, "alone_out": alone_out}


def bench_html(name: str) -> dict:
    """copydesk on the HTML with each extractor, against trafilatura alone, same pages, side
    by side: each copydesk run with trafilatura alone running beside it."""
    from copydesk.readers.extract import DEFAULT_EXTRACTOR, EXTRACTORS

    gold_path, ids = html_gold(name)
    files = [BENCH / name / "html" / f"{k}.html.gz" for k in ids]
    result: dict = {}
    for extractor in sorted(EXTRACTORS, key=lambda e: e != DEFAULT_EXTRACTOR):
        pair = beside_trafilatura(name, files, extractor)
        run, alone = pair["run"], pair["alone"]
        if "trafilatura_alone" not in result:
            result["trafilatura_alone"] = {
                "startup_cpu_s": alone["startup_cpu_s"],
                "score": score("pages", gold_path, pair["alone_out"] / "stories.jsonl"),
            }
            if name == "wcxb-dev":  # headline, byline and date: bench/metadata.py
                found = json.loads((pair["alone_out"] / "metadata.json").read_text())
                result["trafilatura_alone"]["metadata"] = metadata_accuracy(found, wcxb_gold())
        stories = Path(run["out"]) / "stories.jsonl"
        entry = {
            "run": run,
            "score": score("pages", gold_path, stories),
            "trafilatura_alone_beside": alone,
            # Above 1: copydesk takes less CPU a page than trafilatura alone beside it.
            "speed_ratio": round(alone["cpu_ms_per_page"] / run["cpu_ms_per_page_run"], 3),
            # The same against trafilatura asked for its metadata as well (title, date, ...),
            # which copydesk's output also carries.
            "speed_ratio_with_metadata": round(
                alone["with_metadata_cpu_ms_per_page"] / run["cpu_ms_per_page_run"], 3
            ),
        }
        if name == "wcxb-dev":
            entry["metadata"] = metadata_accuracy(stories_found(stories), wcxb_gold())
        result[f"copydesk_{extractor}"] = entry
    return result


def _cluster_child(*args: str) -> dict:
    proc = subprocess.run(
        [sys.executable, str(CLUSTER_BENCH), *args], capture_output=True, text=True, check=False
    )
    if proc.returncode:
        sys.exit(f"clusterbench {' '.join(args)} failed:\n{proc.stderr}")
    return json.loads(proc.stdout)


def bench_cluster() -> dict:
    """Clustering quality on wire-dev (the run's, and on the gold bodies: this stage's upper
    bound), and the clustering pass's speed beside rensa's MinHash-LSH, each pass in its own
    child process, on the wire-dev run's stories and on SYNTHETIC_STORIES synthetic ones."""
    labels = BENCH / "wire-dev" / "labels.jsonl"
    run = wire_run()
    stories = Path(run["out"]) / "stories.jsonl"
    keys = ("cluster_ari", "pair_precision", "pair_recall", "pair_f1")

    def figures(path: Path) -> dict:
        got = score("wire", labels, path)
        return {k: got[k] for k in keys}

    gold_out = OUT / "cluster-gold" / "stories.jsonl"
    gold_out.parent.mkdir(parents=True, exist_ok=True)
    _cluster_child("gold", str(labels), str(gold_out))
    result: dict = {"wire_run": figures(stories), "gold_bodies": figures(gold_out)}
    for which in ("copydesk", "rensa"):
        speed = _cluster_child("speed", which, "wire", str(stories))
        speed["score"] = figures(Path(speed.pop("stories_out")))
        result[f"wire_{which}"] = speed
    synthetic = OUT / "synthetic.jsonl"
    result["synthetic_made"] = _cluster_child("generate", str(synthetic))
    for which in ("copydesk", "rensa"):
        result[f"synthetic_{which}"] = _cluster_child("speed", which, "synthetic", str(synthetic))
    synthetic.unlink()
    return result


def _rows(path: Path) -> list[dict]:
    # Line by line as written: splitlines() would also split at U+2028 inside a string.
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def _write_rows(path: Path, rows: list[dict]) -> Path:
    with open(path, "w", encoding="utf-8") as f:
        f.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    return path


def held_out_stories(corpus: str, models: Path) -> Path:
    """The shared corpus's stories as sites unseen in training get them."""
    from copydesk.clean.train import corpus_gold

    outlets = {doc: outlet for doc, (_, outlet) in corpus_gold(corpus).items()}
    return held_out_run(corpus, BENCH / corpus / "pages.jsonl.gz", outlets, models)


def held_out_run(corpus: str, pages: Path, outlets: dict[str, str], models: Path) -> Path:
    """The stories of `pages` (each page's outlet in `outlets`) as sites unseen in training
    get them: each page's stories from the run whose model was trained without its outlet's
    fold (five runs of the whole corpus, so the outlet pass sees what a real run sees),
    clustered anew in one pass."""
    from copydesk.clean.train import FOLDS, outlet_fold

    rows: list[dict] = []
    for k in range(FOLDS):
        run = copydesk_run(f"heldout-{corpus}-{k}", [str(pages)], workers=2,
                           models=models / f"fold-{k}")
        rows += [r for r in _rows(Path(run["out"]) / "stories.jsonl")
                 if r["doc_id"] in outlets and outlet_fold(outlets[r["doc_id"]]) == k]
    rows.sort(key=lambda r: (r["doc_id"], r["position"]))
    joined = _write_rows(OUT / f"heldout-{corpus}.jsonl", rows)
    clustered = OUT / f"heldout-{corpus}-clustered.jsonl"
    _cluster_child("recluster", str(joined), str(clustered))
    cluster_of = {r["story_id"]: r["cluster_id"] for r in _rows(clustered)}
    for r in rows:
        r["cluster_id"] = cluster_of[r["story_id"]]
    return _write_rows(joined, rows)


def bench_heldout() -> dict:
    """Issue #12's figures: every page scored with a line classifier trained without its
    outlet (`python -m copydesk.clean.train --folds`, folds grouped by outlet), beside the
    in-sample run (the shipped model, trained on every outlet) and, for segmentation, the
    figure of keeping each page's text as one story; and wire stories in real sites' chrome
    (bench/transplant.py), held out the same way."""
    models = OUT / "folds"
    subprocess.run([sys.executable, "-m", "copydesk.clean.train", "--folds", str(models)],
                   check=True)
    result: dict = {}
    for corpus in ("wire-dev", "wire-hard-dev"):
        labels = BENCH / corpus / "labels.jsonl"
        held = held_out_stories(corpus, models)
        inside = copydesk_run(f"insample-{corpus}", [str(BENCH / corpus / "pages.jsonl.gz")],
                              workers=2)
        in_stories = Path(inside["out"]) / "stories.jsonl"
        result[corpus] = {
            "held_out": score("wire", labels, held),
            "in_sample": score("wire", labels, in_stories),
            "one_story_a_page": one_story_a_page(labels, in_stories),
        }
        if corpus == "wire-hard-dev":
            proc = subprocess.run(
                [sys.executable, str(BENCH / "breakdown.py"), str(labels), str(held),
                 str(BENCH / corpus / "pages.jsonl.gz")],
                capture_output=True, text=True, check=True,
            )
            result[corpus]["held_out_breakdown"] = proc.stdout.splitlines()
    from transplant import figures

    result["transplant"] = figures(models)
    gold = BENCH / "wcxb-dev" / "ground-truth"
    inside = copydesk_run("insample-wcxb-dev", [str(BENCH / "wcxb-dev" / "pages.jsonl.gz")],
                          workers=2)
    result["wcxb-dev"] = {
        "held_out": score("pages", gold, held_out_stories("wcxb-dev", models)),
        "in_sample": score("pages", gold, Path(inside["out"]) / "stories.jsonl"),
    }
    return result


# Pages of at most 8 MB (the readers' limit) built to cost the most memory per byte: one
# character a line (at the cleaner's cap on lines, and far over it), short lines, prose, one
# line of 8 MB, and HTML of short paragraphs. Issue #13: under 200 MB above the run's base.
_SENTENCE = "The council met on Monday to vote on the new harbour bridge, its chair said. "
PAGE_KINDS = {
    "one-char-lines-4M": lambda size: "a\n" * (size // 2),
    "one-char-lines-200k": lambda size: "a\n" * 199_999 + "a",
    "short-lines": lambda size: ("The council met on Monday, its chair said.\n" * 200_000)[:size],
    "prose": lambda size: (_SENTENCE * 8 + "\n") * (size // (len(_SENTENCE) * 8 + 1)),
    "one-line": lambda size: _SENTENCE * (size // len(_SENTENCE)),
    "html-paragraphs": lambda size: "<html><body>" + f"<p>{_SENTENCE}</p>" * (
        (size - 30) // (len(_SENTENCE) + 7)) + "</body></html>",
}


def bench_page_memory() -> dict:
    """Peak RSS of a run on one big page, above that of a run on one small page."""
    folder = OUT / "pagemem"
    folder.mkdir(parents=True, exist_ok=True)
    small = folder / "small.txt"
    small.write_text("Harbor reopens\n\n" + _SENTENCE * 3 + "\n")
    base = copydesk_run("pagemem-base", [str(small)])["peak_mb"]
    results: dict = {"base_peak_mb": base}
    for kind, make in PAGE_KINDS.items():
        page = folder / (f"{kind}.html" if kind.startswith("html") else f"{kind}.txt")
        page.write_text(make(8_000_000))
        run = copydesk_run(f"pagemem-{kind}", [str(page)])
        results[kind] = {
            "mb": round(page.stat().st_size / 1e6, 2),
            "above_base_mb": round(run["peak_mb"] - base, 1),
            "wall_s": run["wall_s"],
            "rejects": run["rejects"],
        }
    return results


# The sets the Spark engine's output is compared on (issue #14: identical on every set):
# every shared set, in each form it comes in, and the demo corpus.
SPARK_SETS = {
    "demo": ROOT / "examples" / "corpus",
    "wire-dev": BENCH / "wire-dev" / "pages.jsonl.gz",
    "wire-hard-dev": BENCH / "wire-hard-dev" / "pages.jsonl.gz",
    "scrapinghub": BENCH / "scrapinghub" / "pages.jsonl.gz",
    "scrapinghub-html": BENCH / "scrapinghub" / "html",
    "wcxb-dev": BENCH / "wcxb-dev" / "pages.jsonl.gz",
    "wcxb-dev-html": BENCH / "wcxb-dev" / "html",
}


def bench_spark() -> dict:
    """The Spark engine (`local[2]`) against the local engine (`--workers 2`) on the shared
    sets: are the run's files the same (stats.json but its timings), and the wall times."""
    results: dict = {}
    for name, path in SPARK_SETS.items():
        runs = {
            engine: copydesk_run(f"spark-{name}-{engine}", [str(path)], workers=2,
                                 extra=("--engine", engine))
            for engine in ("local", "spark")
        }
        local, spark = (Path(runs[e]["out"]) for e in ("local", "spark"))
        same = {
            f.name: f.read_bytes() == (spark / f.name).read_bytes()
            for f in sorted(local.iterdir()) if f.name != "stats.json"
        }
        stats = [json.loads((d / "stats.json").read_text()) for d in (local, spark)]
        for s in stats:
            del s["seconds"]
        same["stats.json"] = stats[0] == stats[1]
        results[name] = {
            "identical": same,
            "local_wall_s": runs["local"]["wall_s"],
            "spark_wall_s": runs["spark"]["wall_s"],
        }
    return results


def bench_scale() -> dict:
    """Issue #14: speed and peak memory on 10k and 100k generated pages (bench/scale.py)."""
    import scale  # here: it imports this module

    return scale.bench()


BENCHES = {
    "wire": bench_wire,
    "scrapinghub": lambda: bench_pages("scrapinghub", BENCH / "scrapinghub" / "ground-truth.json"),
    "wcxb": lambda: bench_pages("wcxb-dev", BENCH / "wcxb-dev" / "ground-truth"),
    "demo": bench_demo,
    "speedup": bench_speedup,
    "scrapinghub-html": lambda: bench_html("scrapinghub"),
    "wcxb-html": lambda: bench_html("wcxb-dev"),
    "cluster": bench_cluster,
    "heldout": bench_heldout,
    "pagemem": bench_page_memory,
    "scale": bench_scale,
    "spark": bench_spark,
}


def main(names: list[str]) -> None:
    if not BENCH.exists():
        sys.exit(f"the benchmarks read {BENCH}, which is absent here")
    OUT.mkdir(parents=True, exist_ok=True)
    results_path = OUT / "results.json"
    results = json.loads(results_path.read_text()) if results_path.exists() else {}
    for name in names or list(BENCHES):
        print(f"== {name}", flush=True)
        results[name] = BENCHES[name]()
        results[name]["date"] = time.strftime("%Y-%m-%d")
        print(json.dumps(results[name], indent=1), flush=True)
    results_path.write_text(json.dumps(results, indent=1) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
