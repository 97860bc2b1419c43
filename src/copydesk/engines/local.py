"""The local engine: one machine, N worker processes. It only schedules the pipeline's
functions: pass 1 learns the outlets' chrome; pass 2 processes each page and fingerprints its
stories (in the workers), spooling the stories to disk; pass 3 clusters the fingerprints and
writes the final stories with their cluster fields.

Pass 1 reads the inputs once (extracting HTML, the costly part), writes rejects as it meets
them, and spills the pages to a temporary file in the output folder (spool.py); in pass 2 each
worker reads its own pages from that file, so no page is extracted twice and none is sent
through the pool. Nothing is held in memory but pass 3's few hundred bytes a story
(cluster/group.py) and 8 bytes a page: the text stays on disk, so a corpus larger than memory
runs.
"""

from __future__ import annotations

import gc
import json
import multiprocessing as mp
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from itertools import chain
from pathlib import Path
from typing import Any

from tqdm import tqdm

from copydesk.clean import outlet
from copydesk.clean.outlet import EMPTY, OutletChrome
from copydesk.cluster.fingerprint import Fingerprint, fingerprints
from copydesk.cluster.report import ClusterReport
from copydesk.engines.spool import Place, SpilledPages, SpooledCorpus, read_page
from copydesk.pipeline import STAGES, PageResult, process_page, warm_up
from copydesk.readers import read_inputs
from copydesk.readers.extract import DEFAULT_EXTRACTOR
from copydesk.records import Page, Reject, Skipped
from copydesk.writers.output import RunWriter, story_row

# Pages a worker takes at a time: enough that the pool's round trips do not count, few enough
# that the last batches spread over the workers.
PAGES_PER_TASK = 16

_chrome: OutletChrome = EMPTY  # each worker's copy of the pass-1 state
_audit = False  # whether the worker's caller writes every line's fate
_spill = -1  # the descriptor of the pass-1 spill, inherited by the forked workers
Done = tuple[PageResult, Counter[str], list[bytes], list[Fingerprint]]


def _init_worker(chrome: OutletChrome, audit: bool, spill: int) -> None:
    global _chrome, _audit, _spill
    _chrome, _audit, _spill = chrome, audit, spill


def _process_batch(places: list[Place]) -> list[Done | Reject]:
    return [_process(read_page(_spill, place)) for place in places]


def _process(page: Page) -> Done | Reject:
    """The page's result, its line counts, its stories as lines of JSON (UTF-8) and their
    fingerprints. The rows are made here and the per-line fates (without --audit) stay here:
    on two cores the parent's work competes with the workers', so it is kept to writing."""
    try:
        result = process_page(page, _chrome)
        t0 = time.process_time()
        prints = fingerprints(result.stories)
        result.seconds["fingerprint"] = time.process_time() - t0
    except Exception as exc:  # one bad page must not stop the run: it becomes a reject
        return Reject(page.origin, f"internal error: {type(exc).__name__}: {exc}", page.doc_id)
    rows = [json.dumps(story_row(s), ensure_ascii=False).encode() for s in result.stories]
    sent = replace(result, stories=[], fates=result.fates if _audit else [])
    return sent, result.line_counts(), rows, prints


@dataclass
class RunSummary:
    records_in: int = 0
    pages: int = 0
    stories: int = 0
    rejects: int = 0
    reject_reasons: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)  # archive records passed over
    lines: Counter[str] = field(default_factory=Counter)
    seconds: Counter[str] = field(default_factory=Counter)
    input_bytes: int = 0
    clusters: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "records_in": self.records_in,
            "pages": self.pages,
            "stories": self.stories,
            "rejects": self.rejects,
            "reject_reasons": dict(self.reject_reasons.most_common()),
            "skipped": dict(self.skipped.most_common()),
            "lines": dict(sorted(self.lines.items())),
            "input_mb": round(self.input_bytes / 1e6, 3),
            "clusters": self.clusters,
            "seconds": {k: round(v, 3) for k, v in self.seconds.items()},
        }


Record = Page | Reject | Skipped


def _rejected(reject: Reject, summary: RunSummary, writer: RunWriter) -> None:
    summary.rejects += 1
    summary.reject_reasons[reject.reason.split(":")[0]] += 1
    writer.reject(reject)


def _spilled(
    records: Iterable[Record], spill: SpilledPages, summary: RunSummary, writer: RunWriter
) -> Iterator[Page]:
    """Pass 1's reading: each page into the spill and on to the outlet pass; each reject to
    rejects.jsonl, and each record counted, as it comes."""
    seen: set[str] = set()
    for record in records:
        if isinstance(record, Skipped):
            summary.skipped[record.reason] += record.count
            continue
        summary.records_in += 1
        if isinstance(record, Page) and record.doc_id in seen:
            record = Reject(record.origin, f"duplicate doc_id {record.doc_id!r}", record.doc_id)
        if isinstance(record, Reject):
            _rejected(record, summary, writer)
            continue
        seen.add(record.doc_id)
        summary.input_bytes += len(record.text.encode("utf-8", "replace"))
        spill.add(record)
        yield record


def run(
    inputs: Sequence[str],
    out: Path,
    fmt: str = "jsonl",
    audit: bool = False,
    workers: int = 1,
    quiet: bool = False,
    extractor: str = DEFAULT_EXTRACTOR,
) -> RunSummary:
    out.mkdir(parents=True, exist_ok=True)
    spill = SpilledPages(out)
    try:
        return _run(inputs, out, fmt, audit, workers, quiet, extractor, spill)
    finally:
        spill.close()


def _run(
    inputs: Sequence[str],
    out: Path,
    fmt: str,
    audit: bool,
    workers: int,
    quiet: bool,
    extractor: str,
    spill: SpilledPages,
) -> RunSummary:
    summary = RunSummary()
    writer = RunWriter(out, fmt, audit)
    t0 = time.perf_counter()
    # Stages are timed in CPU seconds: wall time on a shared machine measures the neighbours.
    cpu = time.process_time()
    chrome = outlet.learn(
        _spilled(read_inputs(inputs, extractor, exclude=out), spill, summary, writer)
    )
    summary.seconds["learn_outlets"] = time.process_time() - cpu

    # The one-off loading of the classifier, compiled kernels and language model, apart from
    # the pages' time; done in the parent before the fork, each worker inherits it.
    cpu = time.process_time()
    fingerprints(warm_up().stories)
    summary.seconds["warm_up"] = time.process_time() - cpu

    corpus = SpooledCorpus(out / ".spool")
    bar = tqdm(total=len(spill), unit=" pages", disable=quiet or not sys.stderr.isatty(),
               file=sys.stderr)
    t1 = time.perf_counter()
    batches = spill.batches(PAGES_PER_TASK)
    init = (chrome, audit, spill.fd)
    if workers > 1:
        # The workers share the parent's objects (models, compiled code) copy-on-write; frozen,
        # they are out of the workers' garbage collections, which would otherwise write to
        # each of them and so copy every page of that memory into each worker.
        gc.freeze()
        ctx = mp.get_context("fork")
        with ctx.Pool(workers, initializer=_init_worker, initargs=init) as pool:
            done = chain.from_iterable(pool.imap(_process_batch, batches))
            _collect(done, corpus, writer, summary, bar)
        gc.unfreeze()
    else:
        _init_worker(*init)
        _collect(chain.from_iterable(map(_process_batch, batches)), corpus, writer, summary, bar)
    bar.close()
    summary.seconds["pages_wall"] = time.perf_counter() - t1

    t2 = time.perf_counter()
    report = ClusterReport(corpus.cluster(), len(corpus))
    summary.seconds["cluster"] = time.perf_counter() - t2
    for index, row in enumerate(corpus.rows()):
        report.label(index, row)
        writer.story_row(row)
    for row in report.rows():
        writer.cluster(row)
    summary.clusters = report.stats()
    summary.seconds["total"] = time.perf_counter() - t0
    writer.close(summary.as_dict())
    corpus.remove()
    return summary


def _collect(
    results: Iterator[Done | Reject],
    corpus: SpooledCorpus,
    writer: RunWriter,
    summary: RunSummary,
    bar: tqdm,
) -> None:
    for item in results:
        bar.update()
        if isinstance(item, Reject):
            _rejected(item, summary, writer)
            continue
        result, lines, rows, prints = item
        summary.pages += 1
        summary.stories += len(rows)
        summary.lines.update(lines)
        for stage in (*STAGES, "fingerprint"):
            summary.seconds[stage] += result.seconds.get(stage, 0.0)
        for row, fp in zip(rows, prints, strict=True):
            corpus.add(row, fp)
        writer.fates(result.fates)
