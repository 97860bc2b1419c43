"""The Apache Spark engine (`copydesk[spark]`): the local engine's passes, scheduled by Spark
on `local[N]` or a cluster. It only schedules the functions every engine calls (work.py,
clean/outlet.py, cluster/group.py, writers), by the same rules (rules.py), so its files equal
the local engine's field for field (but for the seconds in stats.json).

Pass 1 is a map over the input files: each executor reads its files and counts each page's
lines (work.outlet_lines); the pages stay in Spark's cache (memory, else disk). The driver
takes the pass-1 results back in reading order, keeps the first page of each doc_id (rules.py),
groups the pages' lines by outlet and finishes the outlets' chrome, which is broadcast.

Pass 2 is a `mapPartitions` over the kept pages, spread evenly over the partitions in reading
order (work.process with the broadcast chrome); its results stay cached on the executors. The
driver takes them back in that order, without their fingerprints, and writes the rejects and
counts as the local engine does.

Pass 3 clusters on the executors (components.py): the stories' band keys and anchors are
joined into the connected components of their candidate graph (the driver finds the
components from the edges), and each partition groups a union of whole components by
group.py's own rule. The driver sorts the clusters into group.py's order, then takes the
story rows back in reading order, labels them and writes the final files.

Inputs are local paths (files, folders, globs: every executor must see them, as on one
machine or a shared file system) or URLs Spark's Hadoop file systems read (`s3a://`,
`hdfs://`, `file://`): Spark lists and fetches those, read in the order of their URLs. OUT/ is a
local folder of the driver.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
from pyspark import RDD, Broadcast, SparkContext, StorageLevel
from pyspark.sql import SparkSession

from copydesk.clean import outlet
from copydesk.clean.outlet import OutletChrome, OutletCounts, PageLines
from copydesk.cluster.fingerprint import Fingerprint
from copydesk.cluster.group import Cluster
from copydesk.cluster.report import ClusterReport
from copydesk.engines.components import (
    LinkKey,
    bucket_links,
    components,
    group_component,
    link_keys,
)
from copydesk.engines.rules import RunOptions, RunSummary
from copydesk.engines.work import PageDone, outlet_lines, process
from copydesk.readers.dispatch import is_readable, read_file, readable_names
from copydesk.readers.inputs import expand_input
from copydesk.records import Page, Reject, Skipped
from copydesk.writers.output import RunWriter

# Partitions per core: enough that a slow partition does not hold the others up, few enough
# that Spark's cost per task does not count; and a partition per core only, until each holds
# PAGES_PER_PARTITION pages (a task costs Spark a few tenths of a second on a busy machine).
PARTITIONS_PER_CORE = 4
PAGES_PER_PARTITION = 2000

# How cached results are kept: on disk past the executors' memory, never dropped, since
# computing them again would read and process the pages again.
KEEP = StorageLevel.MEMORY_AND_DISK

# A record's place in reading order: its input file (the file's number among the local
# inputs, or its URL: URLs are read sorted) and its number in the file.
Key = tuple[int | str, int]
# What a file yields in pass 1: a page with its lines (or the Reject outlet_lines gave), or a
# reader's Reject or Skipped.
Read = tuple[Page, PageLines | Reject] | Reject | Skipped
# What the driver needs of a page in pass 1: all but its text.
Seen = tuple[str, str, str | None, PageLines | Reject, int] | Reject | Skipped


def _remote(text: str) -> bool:
    return "://" in text


def _read(item: str | Reject, extractor: str) -> Iterator[Read]:
    """Pass 1 on an executor: the records of one input file, each page with its lines."""
    if isinstance(item, Reject):
        yield item
        return
    for record in read_file(Path(item), extractor):
        yield (record, outlet_lines(record)) if isinstance(record, Page) else record


def _read_local(number: int, item: str | Reject, extractor: str) -> Iterator[tuple[Key, Read]]:
    for index, record in enumerate(_read(item, extractor)):
        yield (number, index), record


def _read_remote(url: str, data: bytes, extractor: str) -> Iterator[tuple[Key, Read]]:
    """Pass 1 on an executor for a file behind a URL: read from a local copy under its own
    name in a folder of its folder's name (a reader takes the format from the name, a text
    page's outlet from the folder), records said to come from the URL."""
    *_, parent, name = ["", *url.rstrip("/").split("/")]
    with tempfile.TemporaryDirectory(prefix="copydesk-") as tmp:
        local = Path(tmp, parent or "_", name)
        local.parent.mkdir()
        local.write_bytes(data)
        for index, record in enumerate(_read(str(local), extractor)):
            yield (url, index), _renamed(record, str(local), url)


def _renamed(record: Read, local: str, url: str) -> Read:
    """The record with the local copy's path in its origin replaced by the URL."""
    if isinstance(record, tuple):
        page, lines = record
        if isinstance(lines, Reject):
            lines = replace(lines, origin=lines.origin.replace(local, url, 1))
        return replace(page, origin=page.origin.replace(local, url, 1)), lines
    return replace(record, origin=record.origin.replace(local, url, 1))


def _seen(read: Read) -> Seen:
    if isinstance(read, tuple):
        page, lines = read
        size = len(page.text.encode("utf-8", "replace"))
        return page.doc_id, page.origin, page.source, lines, size
    return read


def _kept(
    seen: Iterable[tuple[Key, Seen]], summary: RunSummary, writer: RunWriter
) -> tuple[dict[Key, int], OutletChrome]:
    """Pass 1 on the driver, in reading order: which pages are kept (the first of each
    doc_id, rules.py), each reject written and each record counted as the local engine does,
    and the outlets' chrome. The kept pages are numbered in reading order."""
    counts = OutletCounts()
    kept: dict[Key, int] = {}
    ids: set[str] = set()
    for key, item in seen:
        if isinstance(item, Skipped):
            summary.skipped[item.reason] += item.count
            continue
        if isinstance(item, Reject):
            summary.records_in += item.count
            _rejected(item, summary, writer)
            continue
        doc_id, origin, source, lines, size = item
        summary.records_in += 1
        if doc_id in ids:
            lines = Reject(origin, f"duplicate doc_id {doc_id!r}", doc_id)
        if isinstance(lines, Reject):
            _rejected(lines, summary, writer)
            continue
        ids.add(doc_id)
        summary.input_bytes += size
        kept[key] = len(kept)
        counts.add(source, lines)
    return kept, outlet.finish(counts)


def _rejected(reject: Reject, summary: RunSummary, writer: RunWriter) -> None:
    summary.reject(reject)
    writer.reject(reject)


def _process_partition(
    pages: Iterable[tuple[int, Page]], chrome: Broadcast[OutletChrome], audit: bool
) -> Iterator[tuple[int, PageDone | Reject]]:
    """Pass 2 on an executor: the pages of one partition, in order."""
    for number, page in pages:
        yield number, process(page, chrome.value, audit)


def _partitions(context: SparkContext, pages: int) -> int:
    """How many partitions for this many pages (or input files in pass 1)."""
    cores = context.defaultParallelism
    return max(1, min(pages, cores * PARTITIONS_PER_CORE, max(cores, pages // PAGES_PER_PARTITION)))


def _in_order(rdd: RDD[tuple[Key, Any]]) -> Iterator[tuple[Key, Any]]:
    """The RDD's elements to the driver in its order, computed in parallel first (cached):
    toLocalIterator alone would compute one partition after another."""
    rdd.persist(KEEP)
    rdd.count()
    return rdd.toLocalIterator()


def _session(master: str | None, workers: int) -> SparkContext:
    builder = SparkSession.builder.appName("copydesk")
    # Under spark-submit (which hands PySpark its gateway) its --master stands unless the run
    # names one.
    if master is None and "PYSPARK_GATEWAY_PORT" not in os.environ:
        master = f"local[{workers}]"
    if master is not None:
        builder = builder.master(master)
    local = master is not None and master.startswith("local")
    if local:
        # On this machine the executors run this Python, with its packages, not `python3`
        # (PySpark takes it from the environment only), and share its numba cache.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    # numba caches its compiled code beside the package, else in the user's home; on a
    # cluster an executor may write to neither (a read-only install, no home): a cache folder
    # of its own then, kept from one run to the next.
    if not local and "NUMBA_CACHE_DIR" not in os.environ:
        cache = os.path.join(tempfile.gettempdir(), "copydesk-numba")
        builder = builder.config("spark.executorEnv.NUMBA_CACHE_DIR", cache)
    # No web UI: local runs on a shared machine would fight over its port. No progress bars
    # on the console: stderr is for copydesk's messages.
    builder = builder.config("spark.ui.enabled", "false")
    # A folder given as a URL is read with its subfolders, as a local one is.
    builder = builder.config(
        "spark.hadoop.mapreduce.input.fileinputformat.input.dir.recursive", "true"
    )
    context = builder.config("spark.ui.showConsoleProgress", "false").getOrCreate().sparkContext
    context.setLogLevel("ERROR")
    return context


def _inputs(
    context: SparkContext, inputs: Sequence[str], extractor: str
) -> tuple[RDD[tuple[Key, Read]], bool]:
    """Pass 1's map: every record of the inputs by its place in reading order; and whether
    the records come in that order already (local files, numbered on the driver) or must be
    sorted (files behind URLs, which Spark lists)."""
    remote = [text for text in inputs if _remote(text)]
    if remote:
        if len(remote) < len(inputs):
            raise ValueError("inputs are either local paths or URLs, not both")
        # As of a local folder or glob: only the files of a readable type.
        files = context.binaryFiles(",".join(remote)).filter(lambda f: is_readable(Path(f[0])))
        return files.flatMap(lambda item: _read_remote(item[0], item[1], extractor)), True
    kinds = readable_names()
    items: list[str | Reject] = [
        item if isinstance(item, Reject) else str(item)
        for text in inputs
        for item in expand_input(text, is_readable, kinds)
    ]
    slices = _partitions(context, len(items))
    numbered = context.parallelize(list(enumerate(items)), slices)
    return numbered.flatMap(lambda item: _read_local(item[0], item[1], extractor)), False


def run(
    inputs: Sequence[str],
    out: Path,
    options: RunOptions | None = None,
    master: str | None = None,
) -> RunSummary:
    """A run of the inputs into `out` (a local folder, on the driver), scheduled by Spark at
    `master`: `local[N]` or a cluster's URL; by default spark-submit's, else
    `local[workers]`."""
    options = options or RunOptions()
    out.mkdir(parents=True, exist_ok=True)
    summary = RunSummary()
    writer = RunWriter(out, options.fmt, options.audit)
    t0 = time.perf_counter()
    context = _session(master, options.workers)

    pass1, remote = _inputs(context, inputs, options.extractor)
    # Cached: pass 2 takes its pages from here, not from the files again.
    pass1.persist(KEEP)
    seen = pass1.mapValues(_seen)
    if remote:
        seen = seen.sortByKey()
    kept, chrome = _kept(_in_order(seen), summary, writer)
    summary.seconds["learn_outlets"] = time.perf_counter() - t0

    t1 = time.perf_counter()
    numbers = context.broadcast(kept)
    shared = context.broadcast(chrome)
    audit = options.audit
    parts = _partitions(context, len(kept))
    per_part = max(1, -(-len(kept) // parts))
    pages = (
        pass1.filter(lambda item: item[0] in numbers.value)
        .map(lambda item: (numbers.value[item[0]], item[1][0]))
        # Even partitions, each a stretch of the reading order, sorted within.
        .repartitionAndSortWithinPartitions(parts, lambda number: number // per_part)
    )
    done = pages.mapPartitions(lambda part: _process_partition(part, shared, audit))
    done.persist(KEEP)
    done.count()
    for cached in (pass1, seen, numbers, shared):
        cached.unpersist()
    # The pages' results on the driver in reading order, without their fingerprints, which
    # pass 3 takes where they are; and the stories before each page (the story numbers).
    first = np.zeros(len(kept) + 1, dtype=np.int64)
    for number, item in done.mapValues(_without_prints).toLocalIterator():
        first[number + 1] = first[number] + _collect(item, writer, summary)
    summary.seconds["pages_wall"] = time.perf_counter() - t1

    t2 = time.perf_counter()
    clusters = _clusters(context, done, first)
    summary.seconds["cluster"] = time.perf_counter() - t2
    report = ClusterReport(clusters, int(first[-1]))
    rows = done.flatMap(lambda item: _rows(item[1]))
    for index, row in enumerate(rows.toLocalIterator()):
        labelled = json.loads(row)
        report.label(index, labelled)
        writer.story_row(labelled)
    done.unpersist()
    for cluster in report.rows():
        writer.cluster(cluster)
    summary.clusters = report.stats()
    summary.seconds["total"] = time.perf_counter() - t0
    writer.close(summary.as_dict())
    return summary


def _clusters(
    context: SparkContext, done: RDD[tuple[int, Any]], first: np.ndarray
) -> list[Cluster]:
    """Pass 3 on the executors: the stories' buckets joined into the connected components of
    their candidate graph (components.py), a union of whole components grouped in each
    partition, the clusters in `group`'s order."""
    starts = context.broadcast(first)
    prints = done.flatMap(lambda item: _numbered_prints(item, starts))
    prints.persist(KEEP)
    slices = done.getNumPartitions()
    linked = prints.flatMap(lambda story: link_keys(*story)).groupByKey(slices)
    joined = linked.mapPartitions(_joined_links).collect()
    edges = np.concatenate([np.empty((0, 2), dtype=np.int64), *(e for e, _ in joined)])
    ignored = np.unique(np.concatenate([np.empty(0, np.uint32), *(a for _, a in joined)]))
    label = context.broadcast(components(int(first[-1]), edges))
    skip = context.broadcast(ignored)
    found = (
        prints.map(lambda story: (int(label.value[story[0]]) % slices, story))
        .groupByKey(slices)
        .flatMap(lambda part: group_component(part[1], skip.value))
        .collect()
    )
    for cached in (prints, starts, label, skip):
        cached.unpersist()
    return [cluster for _, cluster in sorted(found, key=lambda pc: pc[0])]


def _without_prints(item: PageDone | Reject) -> PageDone | Reject:
    return replace(item, prints=[]) if isinstance(item, PageDone) else item


def _numbered_prints(
    item: tuple[int, PageDone | Reject], first: Broadcast[np.ndarray]
) -> list[tuple[int, Fingerprint]]:
    number, done = item
    if isinstance(done, Reject):
        return []
    start = int(first.value[number])
    return [(start + k, fp) for k, fp in enumerate(done.prints)]


def _joined_links(
    buckets: Iterable[tuple[LinkKey, Iterable[int]]],
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """A partition's buckets' edges and ignored anchors in two arrays: one item to the
    driver, not one a bucket."""
    edges: list[tuple[int, int]] = []
    ignored: list[int] = []
    for key, stories in buckets:
        joined, ignore = bucket_links(key, stories)
        edges.extend(joined)
        if ignore:
            ignored.append(key[2])
    yield np.array(edges, dtype=np.int64).reshape(-1, 2), np.array(ignored, dtype=np.uint32)


def _rows(item: PageDone | Reject) -> list[bytes]:
    return item.rows if isinstance(item, PageDone) else []


def _collect(item: PageDone | Reject, writer: RunWriter, summary: RunSummary) -> int:
    """One page's pass-2 result, on the driver in reading order: its stories."""
    if isinstance(item, Reject):
        _rejected(item, summary, writer)
        return 0
    summary.count_page(item)
    if item.no_story is not None:
        writer.reject(item.no_story)
    writer.fates(item.result.fates)
    return len(item.rows)
