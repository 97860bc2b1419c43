"""The Apache Spark engine (`copydesk[spark]`): the local engine's passes, scheduled by Spark
on `local[N]` or a cluster. It only schedules the functions every engine calls (work.py,
clean/outlet.py, cluster/group.py, writers), by the same rules (rules.py), so its files equal
the local engine's field for field (but for the seconds in stats.json).

Pass 1 is a map over the input files: each executor reads its files (readers.file_records),
makes their pages and counts each page's lines (work.make), listing at most so many rejects
of a file as the local engine does (work.admitted); the pages stay in Spark's cache (memory,
else disk). The driver takes the pass-1 results back in reading order, writes their rejects
and decides which page keeps each doc_id (rules.claim); the kept pages' lines are grouped by
outlet on the executors, which learn the outlets' chrome (the driver adds up their parts), and
the chrome is broadcast.

Pass 2 is a `mapPartitions` over the kept pages, spread evenly over the partitions in reading
order (work.process with the broadcast chrome); its results stay cached on the executors. The
driver takes them back in that order, without their fingerprints, and writes the rejects
(a losing page's "duplicate doc_id" at its page's place) and counts as the local engine does.

Pass 3 clusters on the executors (components.py): the stories' band keys and anchors are
joined into the connected components of their candidate graph (the driver finds the
components from the edges), and each partition groups a union of whole components by
group.py's own rule. The driver sorts the clusters into group.py's order, then takes the
story rows back in reading order, labels them and writes the final files.

Inputs are local paths (files, folders, globs: every executor must see them, as on one
machine or a shared file system) or URLs Spark's Hadoop file systems read (`s3a://`,
`hdfs://`, `file://`): Spark lists and fetches those, read in the order of their URLs. OUT/ is
a local folder of the driver, locked while the run writes it, or a URL of a folder that holds
no files yet: there the executors write the story rows (the driver takes back only what it
labels them by) as part files under OUT/stories/, in reading order, and the driver copies
the other files beside them, stats.json last. The run is not resumable.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
from py4j.protocol import Py4JJavaError
from pyspark import RDD, Broadcast, SparkContext, StorageLevel
from pyspark.sql import SparkSession

from copydesk.clean import outlet
from copydesk.clean.outlet import Learnt, OutletChrome, OutletPages, PageLines, Table
from copydesk.cluster.group import Cluster
from copydesk.cluster.report import ClusterReport
from copydesk.engines.components import (
    Numbered,
    bucket_edges,
    components,
    group_component,
    joined_edges,
    story_links,
)
from copydesk.engines.rules import (
    Claim,
    RunOptions,
    RunSummary,
    claim,
    duplicate,
    keep,
    text_bytes,
)
from copydesk.engines.state import lock
from copydesk.engines.work import Made, PageDone, admitted, make, process
from copydesk.readers.dispatch import RejectCap, file_records, input_files, is_readable
from copydesk.readers.html import HtmlReading
from copydesk.readers.inputs import InputFile
from copydesk.readers.urls import is_url
from copydesk.records import Page, Reject, Skipped
from copydesk.writers.output import (
    OutputInTheWayError,
    RunWriter,
    jsonl_line,
    story_schema,
)

# A partition a core, until each holds PAGES_PER_PARTITION pages (a task costs Spark a few
# tenths of a second on a busy machine); then as many as keep them to that: a partition is
# cached and handed to the driver whole (12,500 pages' results did not fit in 4 GB).
PAGES_PER_PARTITION = 2000
# Pass 1's partitions hold whole input files, packed in reading order up to this many bytes
# on disk (a bigger file alone): a 10,000-page shard (about 60 MB) is a partition of its own,
# as a partition is cached whole (two such shards in one did not fit in 4 GB), while a folder
# of one-page HTML files is not a task a file (wcxb-dev's 1,497 files took 12x the local
# engine's time, BENCHMARKS.md).
BYTES_PER_PARTITION = 8 * 2**20

# How cached results are kept: on disk past the executors' memory, never dropped, since
# computing them again would read and process the pages again.
KEEP = StorageLevel.MEMORY_AND_DISK

# A record's place in reading order: its input file (the file's number among the local
# inputs, or its URL: URLs are read sorted) and its number among the file's made records.
Key = tuple[int | str, int]
# What the driver needs of a made record in pass 1: of a page, its doc_id, its claim to it
# and its size; else the Reject or Skipped it stands for.
Seen = tuple[str, Claim, int] | Reject | Skipped
# What the outlet pass needs of a page: its outlet and lines.
Lines = tuple[str | None, PageLines]


def _read(item: InputFile | Reject, html: HtmlReading) -> Iterator[Made]:
    """Pass 1 on an executor: one input's records made, its rejects capped as the local
    engine caps them, the closing Reject right after the file's last record."""
    if isinstance(item, Reject):
        yield item, None
        return
    cap = RejectCap(str(item.path))
    for raw in file_records(item, html):
        made = make(raw)
        if admitted(cap, made):
            yield made
    if (closing := cap.closing()) is not None:
        yield closing, None


def _read_local(
    number: int, item: InputFile | Reject, html: HtmlReading
) -> Iterator[tuple[Key, Made]]:
    for index, made in enumerate(_read(item, html)):
        yield (number, index), made


def _root(url: str) -> str:
    """The folder an input URL's files lie under: a glob's fixed folder, else the URL (a
    folder's; a file named matches none of its own, so it is under its own folder)."""
    wild = next((i for i, char in enumerate(url) if char in "*?["), None)
    return url if wild is None else url[: url.rfind("/", 0, wild)]


def _under_root(url: str, roots: Sequence[str]) -> tuple[str, str]:
    """The root of the input that names the file, and the file's path under it (what its ids
    are made of, as InputFile.name is for a local file)."""
    listed = _path_of(url)
    for root in roots:
        folder = _path_of(root).rstrip("/") + "/"
        if listed.startswith(folder):
            return root, listed[len(folder) :]
    folder, _, name = url.rpartition("/")
    return folder, name


def _path_of(url: str) -> str:
    """The URL without its scheme and the slashes after it: Spark lists `file:///a/b`'s files
    as `file:/a/b/...`."""
    return url.split(":", 1)[1].lstrip("/")


def _read_remote(
    url: str, data: bytes, html: HtmlReading, roots: Sequence[str]
) -> Iterator[tuple[Key, Made]]:
    """Pass 1 on an executor for a file behind a URL: read from a local copy at its path
    under a folder named as its root (a reader takes the format from the name, a text page's
    outlet from its folder, ids from the path under the root), records said to come from the
    URL."""
    root, name = _under_root(url, roots)
    with tempfile.TemporaryDirectory(prefix="copydesk-") as tmp:
        folder = Path(tmp, root.rstrip("/").rsplit("/", 1)[-1] or "_")
        local = folder / name
        local.parent.mkdir(parents=True)
        local.write_bytes(data)
        for index, made in enumerate(_read(InputFile(local, folder), html)):
            yield (url, index), _renamed(made, str(local), url)


def _renamed(made: Made, local: str, url: str) -> Made:
    """The made record with the local copy's path in its origin replaced by the URL."""
    record, lines = made
    if isinstance(lines, Reject):
        lines = replace(lines, origin=lines.origin.replace(local, url, 1))
    return replace(record, origin=record.origin.replace(local, url, 1)), lines


def _seen(made: Made) -> Seen:
    record, lines = made
    if isinstance(lines, Reject):
        return lines
    if isinstance(record, Page):
        return record.doc_id, claim(record), text_bytes(record)
    return record


def _lines(item: tuple[Key, Made]) -> list[tuple[Key, Lines]]:
    key, (record, lines) = item
    if isinstance(record, Page) and isinstance(lines, PageLines):
        return [(key, (record.source, lines))]
    return []


def _read_pass(
    seen: Iterable[tuple[Key, Seen]], summary: RunSummary, writer: RunWriter
) -> tuple[list[tuple[Key, str, Claim]], dict[str, Claim]]:
    """Pass 1 on the driver, in reading order: each record counted and each reject written
    as the local engine does; the pages' doc_ids and claims, and each doc_id's least claim."""
    pages: list[tuple[Key, str, Claim]] = []
    kept: dict[str, Claim] = {}
    for key, item in seen:
        if isinstance(item, Skipped):
            summary.skipped[item.reason] += item.count
        elif isinstance(item, Reject):
            summary.records_in += item.count
            _rejected(item, summary, writer)
        else:
            doc_id, mine, size = item
            summary.records_in += 1
            summary.input_bytes += size
            pages.append((key, doc_id, mine))
            keep(kept, doc_id, mine)
    return pages, kept


def _chrome(
    context: SparkContext, lines: RDD[tuple[Key, Lines]], losers: set[Key], parts: int
) -> OutletChrome:
    """The outlet pass on the executors, over the pages that keep their doc_id: each outlet's
    pages gathered in reading order and learnt where they are (outlet.learn_outlets, a
    partition's outlets at a time). The driver takes each outlet's repeated lines, and of
    every line printed only the count of those some outlet repeats, added up across the
    partitions (outlet.spread): the parts the local engine joins with outlet.chrome."""
    lost = context.broadcast(losers)
    learnt = (
        # Pages of no known outlet teach nothing (OutletCounts.add).
        lines.filter(lambda item: bool(item[1][0]) and item[0] not in lost.value)
        .map(lambda item: (item[1][0], (item[0], item[1][1])))
        .groupByKey(parts)
        .mapPartitions(_learnt)
    )
    learnt.persist(KEEP)
    sizes: dict[str, int] = {}
    repeated: dict[str, Table] = {}
    for pages, repeats in learnt.map(lambda part: (part.pages, part.repeated)).collect():
        sizes.update(pages)
        repeated.update(repeats)
    hashes = outlet.repeated_lines(repeated)
    shared = context.broadcast(hashes)
    spread = learnt.map(lambda part: outlet.spread(shared.value, [part.printed])).fold(
        np.zeros(len(hashes), dtype=np.int64), np.add
    )
    for cached in (learnt, lost, shared):
        cached.unpersist()
    return OutletChrome(sizes, repeated, (hashes, spread.astype(np.float32)))


def _learnt(outlets: Iterable[tuple[str, Iterable[tuple[Key, PageLines]]]]) -> Iterator[Learnt]:
    """What a partition's outlets teach: each one's pages in reading order."""
    every = []
    for source, pages in outlets:
        kept = OutletPages()
        for _, page_lines in sorted(pages, key=lambda page: page[0]):
            kept.add(page_lines)
        every.append((source, len(kept), *kept.parts()))
    yield outlet.learn_outlets(lambda _lo, _hi: every)


def _rejected(reject: Reject, summary: RunSummary, writer: RunWriter) -> None:
    summary.reject(reject)
    writer.reject(reject)


def _process_partition(
    pages: Iterable[tuple[int, Page]], chrome: Broadcast[OutletChrome], audit: bool,
    comments: bool,
) -> Iterator[tuple[int, PageDone | Reject]]:
    """Pass 2 on an executor: the pages of one partition, in order."""
    for number, page in pages:
        yield number, process(page, chrome.value, audit, comments)


def _partitions(context: SparkContext, pages: int) -> int:
    """How many partitions for this many pages."""
    cores = context.defaultParallelism
    return max(1, min(pages, max(cores, -(-pages // PAGES_PER_PARTITION))))


def _local_heap() -> str:
    """The heap of a local run's one JVM (its driver and executors), unless the user sets
    it: half the machine's memory (4 GB ran out on the 100k-page crawl, BENCHMARKS.md), the
    rest for the executors' Python workers and the driver's."""
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    return f"{max(1, memory // 2 // 2**30)}g"


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
        # Spark's default heap (1 GB) cannot cache pass 1's partitions of a large input file
        # (10,000 pages, 150 MB of text, ran out of it); the user's own setting stands.
        if "spark.driver.memory" not in os.environ.get("PYSPARK_SUBMIT_ARGS", ""):
            builder = builder.config("spark.driver.memory", _local_heap())
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
    context: SparkContext, inputs: Sequence[str], out: Path, html: HtmlReading
) -> RDD[tuple[Key, Made]]:
    """Pass 1's map: every made record of the inputs by its place in reading order (local
    files numbered on the driver, files behind URLs by their URL)."""
    remote = [text for text in inputs if is_url(text)]
    if remote:
        if len(remote) < len(inputs):
            raise ValueError("inputs are either local paths or URLs, not both")
        roots = [_root(text) for text in remote]
        # As of a local folder or glob: only the files of a readable type.
        with _reaching(", ".join(remote)):
            found = context.binaryFiles(",".join(remote))
        files = found.filter(lambda f: is_readable(Path(f[0])))
        return files.flatMap(lambda f: _read_remote(f[0], f[1], html, roots))
    items = list(enumerate(input_files(inputs, exclude=out)))
    groups = file_groups(items, context.defaultParallelism)
    # One group a partition: parallelize slices a list of n items into n partitions evenly.
    numbered = context.parallelize(groups, max(1, len(groups)))
    return numbered.flatMap(
        lambda group: (made for number, item in group for made in _read_local(number, item, html))
    )


def file_groups(
    items: list[tuple[int, InputFile | Reject]], cores: int
) -> list[list[tuple[int, InputFile | Reject]]]:
    """Pass 1's partitions: runs of consecutive input files of at most BYTES_PER_PARTITION
    together (a bigger file alone), smaller when that gives every core a partition."""
    sizes = [_file_size(item) for _, item in items]
    budget = min(BYTES_PER_PARTITION, max(1, -(-sum(sizes) // max(1, cores))))
    groups: list[list[tuple[int, InputFile | Reject]]] = []
    held = 0
    for entry, size in zip(items, sizes, strict=True):
        if not groups or held + size > budget:
            groups.append([])
            held = 0
        groups[-1].append(entry)
        held += size
    return groups


def _file_size(item: InputFile | Reject) -> int:
    """An input file's bytes on disk; 0 for an input that stands for no file, or a file that
    cannot be read (its reader says why)."""
    if isinstance(item, Reject):
        return 0
    try:
        return item.path.stat().st_size
    except OSError:
        return 0


def run(
    inputs: Sequence[str],
    out: Path | str,
    options: RunOptions | None = None,
    master: str | None = None,
) -> RunSummary:
    """A run of the inputs into `out`, scheduled by Spark at `master`: `local[N]` or a
    cluster's URL; by default spark-submit's, else `local[workers]`. `out` is a local folder
    of the driver, or a URL of a folder that holds no files yet (_stories_to_url, _to_url)."""
    options = options or RunOptions()
    if isinstance(out, str) and is_url(out):
        with tempfile.TemporaryDirectory(prefix="copydesk-out-") as staging:
            return _run(inputs, Path(staging), options, master, out.rstrip("/"))
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    held = lock(out)
    try:
        return _run(inputs, out, options, master, None)
    finally:
        os.close(held)


def _run(
    inputs: Sequence[str], out: Path, options: RunOptions, master: str | None, url: str | None
) -> RunSummary:
    summary = RunSummary()
    # Made first, the writer clears an earlier run's files: until this run ends, the folder
    # is no finished run.
    writer = RunWriter(out, options.fmt, options.audit, options.comments, stories=url is None)
    t0 = time.perf_counter()
    context = _session(master, options.workers)
    if url is not None:
        _refuse_a_used_folder(context, url)

    reading = time.perf_counter()
    pass1 = _inputs(context, inputs, out, options.html)
    # Cached, computed in parallel (toLocalIterator alone would compute one partition after
    # another): the driver reads it twice, and pass 2 takes its pages from here.
    pass1.persist(KEEP)
    parts = max(1, pass1.count() // PAGES_PER_PARTITION)
    summary.seconds["read_wall"] = time.perf_counter() - reading  # pass 1, done by the count
    pages, kept = _read_pass(_in_order(pass1.mapValues(_seen), parts), summary, writer)
    losers = {key for key, doc_id, mine in pages if kept[doc_id] != mine}
    chrome = _chrome(context, pass1.flatMap(_lines), losers, _partitions(context, len(pages)))
    summary.seconds["learn_outlets"] = time.perf_counter() - t0

    t1 = time.perf_counter()
    # The kept pages numbered in reading order; a losing page's reject where it is.
    numbers: dict[Key, int] = {}
    places: list[Reject | None] = []
    for key, doc_id, mine in pages:
        if kept[doc_id] == mine:
            numbers[key] = len(numbers)
            places.append(None)
        else:
            places.append(duplicate(doc_id, mine[1]))
    del pages, kept
    numbered = context.broadcast(numbers)
    shared = context.broadcast(chrome)
    audit, comments = options.audit, options.comments
    parts = _partitions(context, len(numbers))
    per_part = max(1, -(-len(numbers) // parts))
    todo = (
        pass1.filter(lambda item: item[0] in numbered.value)
        .map(lambda item: (numbered.value[item[0]], item[1][0]))
        # Even partitions, each a stretch of the reading order, sorted within.
        .repartitionAndSortWithinPartitions(parts, lambda number: number // per_part)
    )
    done = todo.mapPartitions(lambda part: _process_partition(part, shared, audit, comments))
    done.persist(KEEP)
    done.count()
    for cached in (pass1, numbered, shared):
        cached.unpersist()
    # The pages' results on the driver in reading order, without their fingerprints, which
    # pass 3 takes where they are; and the stories before each page (the story numbers).
    first = np.zeros(len(numbers) + 1, dtype=np.int64)
    results = done.mapValues(_without_prints).toLocalIterator()
    for loser in places:
        if loser is not None:
            _rejected(loser, summary, writer)
            continue
        number, item = next(results)
        first[number + 1] = first[number] + _collect(item, writer, summary)
    summary.seconds["pages_wall"] = time.perf_counter() - t1

    t2 = time.perf_counter()
    clusters = _clusters(context, done, first)
    summary.seconds["cluster"] = time.perf_counter() - t2
    report = ClusterReport(clusters, int(first[-1]))
    if url is None:
        rows = done.flatMap(lambda item: _rows(item[1]))
        for index, row in enumerate(rows.toLocalIterator()):
            labelled = json.loads(row)
            report.label(index, labelled)
            writer.story_row(labelled)
    else:
        _stories_to_url(context, done, first, report, url, options)
    done.unpersist()
    for cluster in report.rows():
        writer.cluster(cluster)
    summary.clusters = report.stats()
    summary.seconds["total"] = time.perf_counter() - t0
    writer.close(summary.as_dict())
    if url is not None:
        _to_url(context, out, url)
    return summary


# What the driver needs of a story row to label it and to list it in clusters.jsonl
# (ClusterReport.label): not its body.
_HEAD_FIELDS = ("story_id", "doc_id", "source", "date", "headline", "dateline")
_LABEL_FIELDS = ("cluster_id", "canonical", "relation")


def _stories_to_url(
    context: SparkContext,
    done: RDD[tuple[int, Any]],
    first: np.ndarray,
    report: ClusterReport,
    url: str,
    options: RunOptions,
) -> None:
    """The story rows written by the executors to URL/stories/, part files in reading order
    (JSON lines, or Parquet with `--format parquet`): the driver takes only each row's head
    back, labels it, and broadcasts the labels."""
    heads = done.flatMap(lambda item: [_head(row) for row in _rows(item[1])])
    labels = []
    for index, head in enumerate(heads.toLocalIterator()):
        report.label(index, head)
        labels.append(tuple(head[k] for k in _LABEL_FIELDS))
    starts, marks = context.broadcast(first), context.broadcast(labels)
    rows = done.flatMap(lambda item: _labelled(item, starts, marks))
    if options.fmt == "jsonl":
        rows.map(jsonl_line).saveAsTextFile(f"{url}/stories")
    else:
        from pyspark.sql.pandas.types import from_arrow_schema

        schema = from_arrow_schema(story_schema(options.comments))
        session = SparkSession.builder.getOrCreate()  # _session's, on this context
        session.createDataFrame(rows, schema).write.parquet(f"{url}/stories")
    for cached in (starts, marks):
        cached.unpersist()


def _head(row: bytes) -> dict[str, Any]:
    full = json.loads(row)
    return {k: full[k] for k in _HEAD_FIELDS}


def _labelled(
    item: tuple[int, PageDone | Reject],
    starts: Broadcast[np.ndarray],
    marks: Broadcast[list[tuple[Any, ...]]],
) -> list[dict[str, Any]]:
    """A page's story rows with their cluster labels, on an executor."""
    number, done = item
    start = int(starts.value[number])
    labelled = []
    for k, row in enumerate(_rows(done)):
        full = json.loads(row)
        full.update(zip(_LABEL_FIELDS, marks.value[start + k], strict=True))
        labelled.append(full)
    return labelled


@contextmanager
def _reaching(url: str) -> Iterator[None]:
    """Hadoop failing to reach a URL (no file system for its scheme: s3a:// needs the
    hadoop-aws package; no such bucket or host; no permission) said in a line, as a local
    path's failure is, not as a Java stack trace."""
    try:
        yield
    except Py4JJavaError as exc:
        raise OSError(f"cannot reach {url}: {exc.java_exception.getMessage()}") from None


def _file_system(context: SparkContext, url: str) -> tuple[Any, Any]:
    """The Hadoop file system of a URL, and the URL as its Path (through Spark's JVM)."""
    # PySpark's own gateway: Hadoop's FileSystem API has no Python binding.
    path = context._jvm.org.apache.hadoop.fs.Path(url)
    with _reaching(url):
        return path.getFileSystem(context._jsc.hadoopConfiguration()), path


def _refuse_a_used_folder(context: SparkContext, url: str) -> None:
    """A URL cannot be locked as a local folder is: a run writes only into a folder that
    does not hold files yet, so that no two runs, nor a run and an older one, mix."""
    fs, path = _file_system(context, url)
    with _reaching(url):
        used = fs.exists(path) and len(fs.listStatus(path))
    if used:
        raise OutputInTheWayError(
            f"{url} holds files already: a run writes to a URL only into a new or empty folder"
        )


def _to_url(context: SparkContext, staging: Path, url: str) -> None:
    """The driver's files (clusters, rejects, audit) copied beside the stories, stats.json
    last: a folder without it is not a finished run."""
    fs, _ = _file_system(context, url)
    jvm = context._jvm
    names = sorted(p.name for p in staging.iterdir() if p.name != "stats.json")
    for name in [*names, "stats.json"]:
        local = jvm.org.apache.hadoop.fs.Path((staging / name).as_uri())
        with _reaching(url):
            fs.copyFromLocalFile(False, True, local, jvm.org.apache.hadoop.fs.Path(f"{url}/{name}"))


def _in_order(rdd: RDD[tuple[Key, Any]], parts: int) -> Iterator[tuple[Key, Any]]:
    """The RDD's elements to the driver in reading order, sorted by key into `parts`
    partitions: the driver's JVM takes each partition whole, and pass 1's are whole input
    files."""
    return rdd.sortByKey(numPartitions=parts).toLocalIterator()


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
    # Each partition's links in columns, sent to the partition of the join their bucket falls
    # in (the key of each is that partition's number).
    linked = prints.mapPartitions(lambda part: story_links(part, slices)).groupByKey(
        slices, lambda part: part
    )
    edges, ignored = joined_edges(linked.map(lambda part: bucket_edges(part[1])).collect())
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
) -> list[Numbered]:
    number, done = item
    if isinstance(done, Reject):
        return []
    start = int(first.value[number])
    return [
        (start + k, fp, json.loads(row)["body"])
        for k, (fp, row) in enumerate(zip(done.prints, done.rows, strict=True))
    ]


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
