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
import multiprocessing as mp
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from itertools import chain
from pathlib import Path

from tqdm import tqdm

from copydesk.clean import outlet
from copydesk.clean.outlet import EMPTY, OutletChrome, OutletCounts
from copydesk.cluster.fingerprint import fingerprints
from copydesk.cluster.report import ClusterReport
from copydesk.engines.rules import RunOptions, RunSummary
from copydesk.engines.spool import Place, SpilledPages, SpooledCorpus, read_page
from copydesk.engines.work import PageDone, outlet_lines, process
from copydesk.pipeline import warm_up
from copydesk.readers import read_inputs
from copydesk.records import Page, Reject, Skipped
from copydesk.writers.output import RunWriter

# Pages a worker takes at a time: enough that the pool's round trips do not count, few enough
# that the last batches spread over the workers.
PAGES_PER_TASK = 16

_chrome: OutletChrome = EMPTY  # each worker's copy of the pass-1 state
_audit = False  # whether the worker's caller writes every line's fate
_spill = -1  # the descriptor of the pass-1 spill, inherited by the forked workers


def _init_worker(chrome: OutletChrome, audit: bool, spill: int) -> None:
    global _chrome, _audit, _spill
    _chrome, _audit, _spill = chrome, audit, spill


def _process_batch(places: list[Place]) -> list[PageDone | Reject]:
    return [process(read_page(_spill, place), _chrome, _audit) for place in places]


Record = Page | Reject | Skipped


def _rejected(reject: Reject, summary: RunSummary, writer: RunWriter) -> None:
    summary.reject(reject)
    writer.reject(reject)


def _learnt(
    records: Iterable[Record], spill: SpilledPages, summary: RunSummary, writer: RunWriter
) -> OutletChrome:
    """Pass 1: each page's lines counted for its outlet and the page spilled; each reject to
    rejects.jsonl, and each record counted, as it comes."""
    counts = OutletCounts()
    seen: set[str] = set()
    for record in records:
        if isinstance(record, Skipped):
            summary.skipped[record.reason] += record.count
            continue
        summary.records_in += record.count if isinstance(record, Reject) else 1
        if isinstance(record, Page) and record.doc_id in seen:
            record = Reject(record.origin, f"duplicate doc_id {record.doc_id!r}", record.doc_id)
        if isinstance(record, Page):
            lines = outlet_lines(record)
            if isinstance(lines, Reject):
                record = lines
        if isinstance(record, Reject):
            _rejected(record, summary, writer)
            continue
        seen.add(record.doc_id)
        summary.input_bytes += len(record.text.encode("utf-8", "replace"))
        spill.add(record)
        counts.add(record.source, lines)
    return outlet.finish(counts)


def run(inputs: Sequence[str], out: Path, options: RunOptions | None = None) -> RunSummary:
    options = options or RunOptions()
    out.mkdir(parents=True, exist_ok=True)
    spill = SpilledPages(out)
    try:
        return _run(inputs, out, options, spill)
    finally:
        spill.close()


def _run(
    inputs: Sequence[str], out: Path, options: RunOptions, spill: SpilledPages
) -> RunSummary:
    summary = RunSummary()
    writer = RunWriter(out, options.fmt, options.audit)
    t0 = time.perf_counter()
    # Stages are timed in CPU seconds: wall time on a shared machine measures the neighbours.
    cpu = time.process_time()
    chrome = _learnt(read_inputs(inputs, options.extractor, exclude=out), spill, summary, writer)
    summary.seconds["learn_outlets"] = time.process_time() - cpu

    # The one-off loading of the classifier, compiled kernels and language model, apart from
    # the pages' time; done in the parent before the fork, each worker inherits it.
    cpu = time.process_time()
    fingerprints(warm_up().stories)
    summary.seconds["warm_up"] = time.process_time() - cpu

    corpus = SpooledCorpus(out)
    bar = tqdm(total=len(spill), unit=" pages", disable=options.quiet or not sys.stderr.isatty(),
               file=sys.stderr)
    t1 = time.perf_counter()
    batches = spill.batches(PAGES_PER_TASK)
    init = (chrome, options.audit, spill.fd)
    if options.workers > 1:
        # The workers share the parent's objects (models, compiled code) copy-on-write; frozen,
        # they are out of the workers' garbage collections, which would otherwise write to
        # each of them and so copy every page of that memory into each worker.
        gc.freeze()
        ctx = mp.get_context("fork")
        with ctx.Pool(options.workers, initializer=_init_worker, initargs=init) as pool:
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
    results: Iterator[PageDone | Reject],
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
        summary.count_page(item)
        if item.no_story is not None:
            writer.reject(item.no_story)
        for row, fp in zip(item.rows, item.prints, strict=True):
            corpus.add(row, fp)
        writer.fates(item.result.fates)
