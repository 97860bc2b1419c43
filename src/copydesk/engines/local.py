"""The local engine: one machine, N worker processes. It only schedules the pipeline's
functions: pass 1 learns the outlets' chrome; pass 2 processes each page and fingerprints its
stories (in the workers), spooling the stories to disk; pass 3 clusters the fingerprints and
writes the final stories with their cluster fields.

Inputs are streamed twice rather than held in memory, so a corpus larger than memory runs;
pass 3 holds a few hundred bytes a story (cluster/group.py), the text stays on disk.
"""

from __future__ import annotations

import multiprocessing as mp
import sys
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tqdm import tqdm

from copydesk.clean import outlet
from copydesk.clean.outlet import EMPTY, OutletChrome
from copydesk.cluster.fingerprint import Fingerprint, fingerprints
from copydesk.cluster.report import ClusterReport
from copydesk.engines.spool import SpooledCorpus
from copydesk.pipeline import STAGES, PageResult, process_page
from copydesk.readers import read_inputs
from copydesk.records import Page, Reject
from copydesk.writers.output import RunWriter, story_row

_chrome: OutletChrome = EMPTY  # each worker's copy of the pass-1 state


def _init_worker(chrome: OutletChrome) -> None:
    global _chrome
    _chrome = chrome


def _process(page: Page) -> tuple[PageResult, list[Fingerprint]] | Reject:
    try:
        result = process_page(page, _chrome)
        t0 = time.perf_counter()
        prints = fingerprints(result.stories)
        result.seconds["fingerprint"] = time.perf_counter() - t0
        return result, prints
    except Exception as exc:  # one bad page must not stop the run: it becomes a reject
        return Reject(page.origin, f"internal error: {type(exc).__name__}: {exc}", page.doc_id)


@dataclass
class RunSummary:
    records_in: int = 0
    pages: int = 0
    stories: int = 0
    rejects: int = 0
    reject_reasons: Counter[str] = field(default_factory=Counter)
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
            "lines": dict(sorted(self.lines.items())),
            "input_mb": round(self.input_bytes / 1e6, 3),
            "clusters": self.clusters,
            "seconds": {k: round(v, 3) for k, v in self.seconds.items()},
        }


def _pages(inputs: Sequence[str]) -> Iterator[Page]:
    return (r for r in read_inputs(inputs) if isinstance(r, Page))


def learn_outlets(inputs: Sequence[str]) -> OutletChrome:
    """Pass 1: the corpus-wide outlet state."""
    return outlet.learn(_pages(inputs))


def run(
    inputs: Sequence[str],
    out: Path,
    fmt: str = "jsonl",
    audit: bool = False,
    workers: int = 1,
    quiet: bool = False,
) -> RunSummary:
    summary = RunSummary()
    t0 = time.perf_counter()
    chrome = learn_outlets(inputs)
    summary.seconds["learn_outlets"] = time.perf_counter() - t0

    writer = RunWriter(out, fmt, audit)
    corpus = SpooledCorpus(out / ".spool")
    seen: set[str] = set()

    def records() -> Iterator[Page]:
        for record in read_inputs(inputs):
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

    bar = tqdm(unit=" pages", disable=quiet or not sys.stderr.isatty(), file=sys.stderr)
    t1 = time.perf_counter()
    if workers > 1:
        ctx = mp.get_context("fork")
        with ctx.Pool(workers, initializer=_init_worker, initargs=(chrome,)) as pool:
            _collect(pool.imap(_process, records(), chunksize=8), corpus, writer, summary, bar)
    else:
        _init_worker(chrome)
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
    results: Iterator[tuple[PageResult, list[Fingerprint]] | Reject],
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
        result, prints = item
        summary.pages += 1
        summary.stories += len(result.stories)
        summary.lines.update(result.line_counts())
        for stage in (*STAGES, "fingerprint"):
            summary.seconds[stage] += result.seconds.get(stage, 0.0)
        for story, fp in zip(result.stories, prints, strict=True):
            corpus.add(story_row(story), fp)
        writer.fates(result.fates)
