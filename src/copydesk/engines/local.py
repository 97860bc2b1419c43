"""The local engine: one machine, N worker processes. It only schedules the pipeline's
functions: pass 1 learns the outlets' chrome; pass 2 processes each page and fingerprints its
stories (in the workers), spooling the stories to disk; pass 3 clusters the fingerprints and
writes the final stories with their cluster fields.

Pass 1 reads the inputs once (extracting HTML, the costly part) and spills what it read to a
temporary file in the output folder; pass 2 streams that back, so no page is extracted twice.
Nothing is held in memory but pass 3's few hundred bytes a story (cluster/group.py): the text
stays on disk, so a corpus larger than memory runs.
"""

from __future__ import annotations

import multiprocessing as mp
import pickle
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any

from tqdm import tqdm

from copydesk.clean import outlet
from copydesk.clean.outlet import EMPTY, OutletChrome
from copydesk.cluster.fingerprint import Fingerprint, fingerprints
from copydesk.cluster.report import ClusterReport
from copydesk.engines.spool import SpooledCorpus
from copydesk.pipeline import STAGES, PageResult, process_page, warm_up
from copydesk.readers import read_inputs
from copydesk.readers.extract import DEFAULT_EXTRACTOR
from copydesk.records import Page, Reject, Skipped
from copydesk.writers.output import RunWriter, story_row

_chrome: OutletChrome = EMPTY  # each worker's copy of the pass-1 state
_audit = False  # whether the worker's caller writes every line's fate
Row = dict[str, Any]  # a story as stories.jsonl has it (writers.output.story_row)


def _init_worker(chrome: OutletChrome, audit: bool) -> None:
    global _chrome, _audit
    _chrome, _audit = chrome, audit


def _process(page: Page) -> tuple[PageResult, Counter[str], list[Row], list[Fingerprint]] | Reject:
    """The page's result, its line counts, its stories as output rows and their fingerprints.
    The rows are made here and the per-line fates (without --audit) stay here: on two cores
    the parent's work competes with the workers', so it is kept to writing."""
    try:
        result = process_page(page, _chrome)
        t0 = time.process_time()
        prints = fingerprints(result.stories)
        result.seconds["fingerprint"] = time.process_time() - t0
    except Exception as exc:  # one bad page must not stop the run: it becomes a reject
        return Reject(page.origin, f"internal error: {type(exc).__name__}: {exc}", page.doc_id)
    rows = [story_row(story) for story in result.stories]
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


def _spilled(records: Iterator[Record], spill: IO[bytes]) -> Iterator[Page]:
    """The pages of `records`, each record written to `spill` on the way."""
    for record in records:
        # Our own records, read back by this run only: pickle is safe here.
        pickle.dump(record, spill, pickle.HIGHEST_PROTOCOL)
        if isinstance(record, Page):
            yield record


def _unspilled(spill: IO[bytes]) -> Iterator[Record]:
    spill.seek(0)
    while True:
        try:
            yield pickle.load(spill)
        except EOFError:
            return


def learn_outlets(inputs: Sequence[str], extractor: str, spill: IO[bytes]) -> OutletChrome:
    """Pass 1: the corpus-wide outlet state; every record read is also written to `spill`."""
    return outlet.learn(_spilled(read_inputs(inputs, extractor), spill))


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
    with tempfile.TemporaryFile(dir=out, prefix=".spill-") as spill:
        return _run(inputs, out, fmt, audit, workers, quiet, extractor, spill)


def _run(
    inputs: Sequence[str],
    out: Path,
    fmt: str,
    audit: bool,
    workers: int,
    quiet: bool,
    extractor: str,
    spill: IO[bytes],
) -> RunSummary:
    summary = RunSummary()
    t0 = time.perf_counter()
    # Stages are timed in CPU seconds: wall time on a shared machine measures the neighbours.
    cpu = time.process_time()
    chrome = learn_outlets(inputs, extractor, spill)
    summary.seconds["learn_outlets"] = time.process_time() - cpu

    writer = RunWriter(out, fmt, audit)
    corpus = SpooledCorpus(out / ".spool")
    seen: set[str] = set()

    def records() -> Iterator[Page]:
        for record in _unspilled(spill):
            if isinstance(record, Skipped):
                summary.skipped[record.reason] += record.count
                continue
            summary.records_in += 1
            if isinstance(record, Page) and record.doc_id in seen:
                record = Reject(record.origin, f"duplicate doc_id {record.doc_id!r}", record.doc_id)
            if isinstance(record, Reject):
                summary.rejects += 1
                summary.reject_reasons[record.reason.split(":")[0]] += 1
                writer.reject(record)
                continue
            seen.add(record.doc_id)
            summary.input_bytes += len(record.text.encode("utf-8", "replace"))
            yield record

    # The one-off loading of the classifier, compiled kernels and language model, apart from
    # the pages' time; done in the parent before the fork, each worker inherits it.
    cpu = time.process_time()
    fingerprints(warm_up().stories)
    summary.seconds["warm_up"] = time.process_time() - cpu

    bar = tqdm(unit=" pages", disable=quiet or not sys.stderr.isatty(), file=sys.stderr)
    t1 = time.perf_counter()
    if workers > 1:
        ctx = mp.get_context("fork")
        with ctx.Pool(workers, initializer=_init_worker, initargs=(chrome, audit)) as pool:
            _collect(pool.imap(_process, records(), chunksize=16), corpus, writer, summary, bar)
    else:
        _init_worker(chrome, audit)
        _collect(map(_process, records()), corpus, writer, summary, bar)
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
    results: Iterator[tuple[PageResult, Counter[str], list[Row], list[Fingerprint]] | Reject],
    corpus: SpooledCorpus,
    writer: RunWriter,
    summary: RunSummary,
    bar: tqdm,
) -> None:
    for item in results:
        bar.update()
        if isinstance(item, Reject):
            summary.rejects += 1
            summary.reject_reasons[item.reason.split(":")[0]] += 1
            writer.reject(item)
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
