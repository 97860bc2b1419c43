"""The local engine: one machine, N worker processes. It only schedules the work of engines/
work.py: pass 1 reads the inputs (the parent reads the files; the workers make the pages,
extracting HTML, and take each page's lines for the outlet pass), then the outlet pass learns
each outlet's chrome (engines/outlets.py); pass 2 processes each page and fingerprints its
stories (in the workers); pass 3 clusters the fingerprints and writes the run's files.

The input is cut into chunks of CHUNK_RECORDS records, and each pass keeps each chunk's
result in the run's state (state.py) once it is whole: pass 1 the chunk's pages (pickled:
pass 2's workers read their own pages back from it, so no page is extracted twice and none
goes through the pool), their lines for the outlet pass (by outlet), its rejects and its
counts; pass 2 the chunk's story rows, fingerprints, rejects and fates. A run killed at any
moment and started again with the same command takes up the finished chunks and does the
rest; the outlet pass and pass 3 are redone from the chunks, and the files are the same as an
uninterrupted run's. In memory: 8 bytes a page (its doc_id's key), one bucket (or range) of
the outlet pass, the chrome learnt, and pass 3's few hundred bytes a story (cluster/group.py);
the text, an outlet's pairs of pages and the stories' band keys stay on disk, so a corpus
larger than memory runs (BENCHMARKS.md: the growth a page).
"""

from __future__ import annotations

import ctypes
import gc
import hashlib
import io
import multiprocessing as mp
import pickle
import time
from array import array
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import chain, islice
from multiprocessing.pool import AsyncResult
from pathlib import Path
from typing import Any

import numpy as np
from tqdm import tqdm

from copydesk import __version__
from copydesk.clean.outlet import EMPTY, OutletChrome, PageLines
from copydesk.cluster.fingerprint import Fingerprint
from copydesk.cluster.report import ClusterReport
from copydesk.engines import outlets
from copydesk.engines.outlets import Spilled
from copydesk.engines.progress import Progress
from copydesk.engines.rules import (
    Claim,
    RunOptions,
    RunSummary,
    claim,
    duplicate,
    keep,
    text_bytes,
)
from copydesk.engines.spool import (
    PageReader,
    Place,
    SpilledPages,
    SpooledCorpus,
    places,
    spilt,
)
from copydesk.engines.state import RunState
from copydesk.engines.work import Made, PageDone, admitted, make, process, warm_up
from copydesk.readers.dispatch import Raw, RejectCap, file_records, input_files
from copydesk.readers.html import HtmlReading
from copydesk.records import Page, Reject, Skipped
from copydesk.writers.output import (
    RunWriter,
    clear_run_files,
    fate_row,
    reject_row,
    write_jsonl,
)

# What a finished chunk holds, as a number: a run's state from code that kept other things in
# its chunks is not taken up. Raise it when _ReadChunk, _StoryChunk or what they pickle change.
STATE_FORMAT = 5

# Input records a chunk: a killed run redoes at most one chunk of each pass; each chunk costs
# a few files and a rename in the run's state.
CHUNK_RECORDS = 4096

# Pages a worker takes at a time: enough that the pool's round trips do not count, few enough
# that the last batches spread over the workers.
PAGES_PER_TASK = 16
# Batches of records in flight a worker in pass 1: enough to keep the workers busy while the
# parent reads, few enough that the records waiting stay a few MB.
IN_FLIGHT = 4

_chrome: OutletChrome = EMPTY  # each worker's copy of the pass-1 state
_audit = False  # whether the worker's caller writes every line's fate
_comments = False  # whether the stories' rows carry their readers' comments
_pages = PageReader()  # each worker's open spill files


def _init_worker(chrome: OutletChrome, audit: bool, comments: bool) -> None:
    global _chrome, _audit, _comments, _pages
    _chrome, _audit, _comments, _pages = chrome, audit, comments, PageReader()


def _process_batch(batch: list[Place]) -> list[PageDone | Reject]:
    return [process(_pages.read(place), _chrome, _audit, _comments) for place in batch]


def run(inputs: Sequence[str], out: Path, options: RunOptions | None = None) -> RunSummary:
    options = options or RunOptions()
    _give_back_freed_memory()
    out.mkdir(parents=True, exist_ok=True)
    state = RunState(out, _identity(inputs, out, options))
    # An earlier run's files go now: until this run ends, the folder is no finished run.
    clear_run_files(out)
    finished = False
    try:
        summary = _run(inputs, out, options, state)
        finished = True
        return summary
    finally:
        gc.unfreeze()  # as a caller's process goes on (see _run)
        _pages.close()
        state.close(finished)


# glibc's mallopt parameter: the size from which an allocation is a map of its own.
_M_MMAP_THRESHOLD = -3


def _give_back_freed_memory() -> None:
    """Large arrays in maps of their own, given back to the system when freed. glibc raises
    its threshold for maps after the first large frees (up to 32 MB), so the passes' large,
    short-lived arrays (the outlet pass's buckets, the clustering's indexes) would then stay
    in the heap, whose free space the system does not get back: the run's peak would be the
    sum of its passes' peaks, not the largest."""
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        return  # not glibc: its own rules
    libc.mallopt(_M_MMAP_THRESHOLD, 256 * 1024)


def _identity(inputs: Sequence[str], out: Path, options: RunOptions) -> dict[str, Any]:
    """What a run's finished chunks depend on: a run started again takes them up only if
    this is unchanged (the same inputs standing for the same files, sizes and times)."""
    files = hashlib.sha256()
    for item in input_files(inputs, exclude=out):
        if isinstance(item, Reject):
            files.update(f"{item.origin}\0{item.reason}\n".encode())
            continue
        try:
            stat = item.path.stat()
            files.update(f"{item.path}\0{item.name}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
        except OSError as error:
            files.update(f"{item.path}\0{error}\n".encode())
    return {
        "copydesk": __version__,
        "state_format": STATE_FORMAT,
        "inputs": list(inputs),
        "files": files.hexdigest(),
        "audit": options.audit,
        "comments": options.comments,
        "extractor": options.extractor,
        "chunk_records": CHUNK_RECORDS,
    }


def _run(inputs: Sequence[str], out: Path, options: RunOptions, state: RunState) -> RunSummary:
    t0 = time.perf_counter()
    # Stages are timed in CPU seconds: wall time on a shared machine measures the neighbours.
    # The one-off loading, apart from the pages' time: in the parent before the workers are
    # forked, which inherit it.
    cpu = time.process_time()
    progress = Progress(options.quiet)
    progress.slow_start(lambda: warm_up(options.html))
    seconds = {"warm_up": time.process_time() - cpu}
    # What is loaded now (modules, models, compiled code) lives as long as the run: frozen,
    # it is out of the garbage collections of the parent and of the workers it forks, which
    # would otherwise walk all of it at each full collection and, in the workers, write to
    # it, copying every page of that shared memory into each. run() unfreezes it at the end.
    gc.freeze()

    cpu = time.process_time()
    reading = time.perf_counter()
    chunks, read = _pass1(inputs, out, options, state)
    read_wall = time.perf_counter() - reading
    progress.step(f"learning the outlets' chrome from {sum(c.pages for c in chunks)} pages")
    chrome = outlets.learn(
        [Spilled(c.folder / "lines.pkl", c.slots, c.losers) for c in chunks],
        state.folder / "outlets",
    )
    seconds["learn_outlets"] = time.process_time() - cpu

    t1 = time.perf_counter()
    summary = read + _pass2(chunks, chrome, options, state)
    summary.seconds.update(seconds)
    summary.seconds["read_wall"] = read_wall
    summary.seconds["pages_wall"] = time.perf_counter() - t1

    _pass3(chunks, out, options, state, summary, t0)
    return summary


# Pass 1 ---------------------------------------------------------------------------------


@dataclass
class _ReadChunk:
    """What pass 1 keeps of one chunk, in its part `pages-NNNNNN`: its pages are in
    pages.pkl, their lines for the outlet pass in lines.pkl (engines/outlets.py)."""

    starts: array  # where each of its pages starts in pages.pkl
    slots: np.ndarray  # where each slot of outlets ends in lines.pkl
    doc_ids: list[str]
    claims: list[Claim]  # each page's claim to its doc_id (rules.py)
    summary: RunSummary  # its records, rejects, bytes
    resume_at: tuple[int, int] = (0, 0)  # the input file to read on from, records read of it
    cap: tuple[int, RejectCap] | None = None  # the rejects listed so far of that file


@dataclass(frozen=True)
class _Chunk:
    """A chunk read, as the later passes need it in memory: a few numbers, not its pages."""

    folder: Path
    pages: int
    slots: np.ndarray
    losers: frozenset[int]  # its pages (numbers in the chunk) whose doc_id another page keeps


# Where a record is in the input (file number, record number in it) and the file's name.
Located = tuple[int, int, str, Raw]


def _pass1(
    inputs: Sequence[str], out: Path, options: RunOptions, state: RunState
) -> tuple[list[_Chunk], RunSummary]:
    """Each page made (in the workers: HTML extraction is the costly part) and spilled with
    its lines; each reject listed; each record counted; then which pages lose their doc_id.
    Finished chunks of an earlier run are taken up, not read again."""
    read = RunSummary()
    folders = state.finished("pages-")
    keys: list[np.ndarray] = []  # each chunk's pages' doc_id keys
    slots: list[np.ndarray] = []
    last = _ReadChunk(array("q"), np.zeros(0), [], [], RunSummary())
    for part in folders:
        last = _load(part / "chunk.pkl")
        keys.append(_doc_keys(last.doc_ids))
        slots.append(last.slots)
        read += last.summary

    raw = Progress(options.quiet).counting(
        _records_from(inputs, out, options.html, last.resume_at), "reading", "records"
    )
    with _maker(options.workers) as make:
        groups = _capped(make(raw), last.resume_at, last.cap)
        while (first := next(groups, None)) is not None:
            name = f"pages-{len(folders):06d}"
            with state.part(name) as folder:
                chunk = _read_chunk(chain([first], groups), folder)
            folders.append(state.folder / name)
            keys.append(_doc_keys(chunk.doc_ids))
            slots.append(chunk.slots)
            read += chunk.summary

    losers = _losers(folders, keys)
    chunks = [
        _Chunk(folder, len(k), s, lost)
        for folder, k, s, lost in zip(folders, keys, slots, losers, strict=True)
    ]
    return chunks, read


def _doc_keys(doc_ids: list[str]) -> np.ndarray:
    """A 64-bit key of each doc_id: pages sharing a key are looked at by their doc_ids."""
    return np.array(
        [
            int.from_bytes(hashlib.blake2b(d.encode("utf-8", "surrogatepass"), digest_size=8)
                           .digest(), "big")
            for d in doc_ids
        ],
        dtype=np.uint64,
    )


def _losers(folders: list[Path], keys: list[np.ndarray]) -> list[frozenset[int]]:
    """Each chunk's pages that lose their doc_id to a page of lesser claim (rules.py). Only
    the pages whose key another page shares are looked at: in memory, 8 bytes a page."""
    every = np.sort(np.concatenate([np.zeros(0, dtype=np.uint64), *keys]))
    shared = np.unique(every[1:][every[1:] == every[:-1]])
    # Each chunk's suspects: (page number, doc_id, claim), read once from the chunk.
    suspects: list[list[tuple[int, str, Claim]]] = []
    kept: dict[str, Claim] = {}
    for folder, k in zip(folders, keys, strict=True):
        found = np.flatnonzero(np.isin(k, shared)).tolist()
        mine: list[tuple[int, str, Claim]] = []
        if found:
            chunk: _ReadChunk = _load(folder / "chunk.pkl")
            mine = [(i, chunk.doc_ids[i], chunk.claims[i]) for i in found]
            for _, doc_id, claimed in mine:
                keep(kept, doc_id, claimed)
        suspects.append(mine)
    losers = [
        frozenset(i for i, doc_id, claimed in mine if kept[doc_id] != claimed) for mine in suspects
    ]
    return losers


def _records_from(
    inputs: Sequence[str], out: Path, html: HtmlReading, resume_at: tuple[int, int]
) -> Iterator[Located]:
    """The input's records as read, from `resume_at` on, each with where it is."""
    first, done = resume_at
    for n, item in enumerate(input_files(inputs, exclude=out)):
        if n < first:
            continue
        if isinstance(item, Reject):
            found: Iterator[Raw] = iter([item])
            origin = item.origin
        else:
            # A file already partly read is read again from its start (a reader cannot start
            # in the middle), its records up to `done` passed over unmade.
            found, origin = file_records(item, html), str(item.path)
        skip = done if n == first else 0
        for k, record in enumerate(islice(found, skip, None), start=skip + 1):
            yield n, k, origin, record


@dataclass(frozen=True, slots=True)
class _Read:
    """A page as pass 1's worker hands it back: what the parent keeps of it, and the page as
    its spill file keeps it. Unpacked, each page would be unpickled from the pool's pipe only
    to be pickled again, and its text hashed for its claim, in the parent: on the cores the
    workers need."""

    doc_id: str
    source: str | None
    claim: Claim
    size: int  # rules.text_bytes
    spilt: bytes


# What pass 1 makes of a record: a page as _Read with its lines, or what make() gave.
Packed = tuple[_Read, PageLines] | Made


def _make_batch(batch: list[Raw]) -> list[Packed]:
    """In a worker: each record's Page made, with what the outlet pass counts of it."""
    return [_packed(make(raw)) for raw in batch]


def _packed(made: Made) -> Packed:
    page, lines = made
    if not (isinstance(page, Page) and isinstance(lines, PageLines)):
        return made  # no page, or one that is rejected
    return _Read(page.doc_id, page.source, claim(page), text_bytes(page), spilt(page)), lines


@contextmanager
def _maker(
    workers: int,
) -> Iterator[Callable[[Iterator[Located]], Iterator[tuple[Located, Packed]]]]:
    """A function making the located records' pages, in order: in `workers` processes, with
    a bounded number of batches in flight (Pool.imap would read the whole input ahead)."""
    if workers == 1:
        def inline(located: Iterator[Located]) -> Iterator[tuple[Located, Packed]]:
            for batch in _batched(located):
                yield from zip(batch, _make_batch([r[3] for r in batch]), strict=True)

        yield inline
        return
    with mp.get_context("fork").Pool(workers) as pool:

        def pooled(located: Iterator[Located]) -> Iterator[tuple[Located, Packed]]:
            flying: deque[tuple[list[Located], AsyncResult[list[Packed]]]] = deque()
            for batch in _batched(located):
                flying.append((batch, pool.apply_async(_make_batch, ([r[3] for r in batch],))))
                if len(flying) >= IN_FLIGHT * workers:
                    done, result = flying.popleft()
                    yield from zip(done, result.get(), strict=True)
            while flying:
                done, result = flying.popleft()
                yield from zip(done, result.get(), strict=True)

        yield pooled


def _batched(located: Iterator[Located]) -> Iterator[list[Located]]:
    while batch := list(islice(located, PAGES_PER_TASK)):
        yield batch


Group = tuple[tuple[int, int], tuple[int, RejectCap] | None, list[Packed]]


def _capped(
    made: Iterator[tuple[Located, Packed]],
    position: tuple[int, int],
    cap: tuple[int, RejectCap] | None,
) -> Iterator[Group]:
    """The made records, each with where it was read and the file's cap on rejects after it
    (readers/dispatch.py: at most so many of a file's rejects are listed, the rest counted in
    one closing Reject, which comes here before the next file's first record). `position`
    and `cap`: where reading starts (a resumed run's), and that file's cap so far."""
    for (n, k, origin, _), (record, lines) in made:
        group: list[Packed] = []
        if cap is None or cap[0] != n:
            if cap is not None and (closing := cap[1].closing()) is not None:
                group.append((closing, None))
            cap = (n, RejectCap(origin))
        position = (n, k)
        if admitted(cap[1], (record, lines)):
            group.append((record, lines))
        yield position, cap, group
    if cap is not None and (closing := cap[1].closing()) is not None:
        yield position, None, [(closing, None)]


def _read_chunk(groups: Iterator[Group], folder: Path) -> _ReadChunk:
    """Read up to CHUNK_RECORDS records into the part `folder`."""
    spill = SpilledPages(folder / "pages.pkl")
    chunk = _ReadChunk(spill.starts, np.zeros(0), [], [], RunSummary())
    lines: list[tuple[str | None, PageLines]] = []
    with open(folder / "rejects.jsonl", "w", encoding="utf-8") as rejects:
        for position, cap, group in groups:
            for record, made in group:
                _take(record, made, chunk, spill, rejects, lines)
            # The cap as it is after this group: it is pickled with the chunk before it changes.
            chunk.resume_at, chunk.cap = position, cap
            if chunk.summary.records_in >= CHUNK_RECORDS:
                break
    spill.close()
    chunk.slots = outlets.spill(lines, folder / "lines.pkl")
    _dump(chunk, folder / "chunk.pkl")
    return chunk


def _take(
    record: _Read | Page | Reject | Skipped,
    lines: PageLines | Reject | None,
    chunk: _ReadChunk,
    spill: SpilledPages,
    rejects: io.TextIOBase,
    outlet_lines: list[tuple[str | None, PageLines]],
) -> None:
    summary = chunk.summary
    if isinstance(record, Skipped):
        summary.skipped[record.reason] += record.count
        return
    summary.records_in += record.count if isinstance(record, Reject) else 1
    if not isinstance(record, _Read):  # a reader's Reject, or a page its lines reject
        reject = record if isinstance(record, Reject) else lines
        assert isinstance(reject, Reject)
        summary.reject(reject)
        write_jsonl(rejects, reject_row(reject))
        return
    assert isinstance(lines, PageLines)
    summary.input_bytes += record.size
    spill.add(record.spilt)
    outlet_lines.append((record.source, lines))
    chunk.doc_ids.append(record.doc_id)
    chunk.claims.append(record.claim)


# Pass 2 ---------------------------------------------------------------------------------


@dataclass
class _StoryChunk:
    """What pass 2 writes of one chunk, into its part `stories-NNNNNN`."""

    folder: Path
    summary: RunSummary = field(default_factory=RunSummary)

    def __post_init__(self) -> None:
        self._rows = open(self.folder / "stories.jsonl", "wb")  # noqa: SIM115
        self._prints = open(self.folder / "prints.pkl", "wb")  # noqa: SIM115
        self._rejects = open(self.folder / "rejects.jsonl", "w", encoding="utf-8")  # noqa: SIM115
        self._audit = open(self.folder / "audit.jsonl", "w", encoding="utf-8")  # noqa: SIM115

    def add(self, item: PageDone | Reject) -> None:
        if isinstance(item, Reject):
            self.summary.reject(item)
            write_jsonl(self._rejects, reject_row(item))
            return
        self.summary.count_page(item)
        if item.no_story is not None:
            write_jsonl(self._rejects, reject_row(item.no_story))
        for row, fp in zip(item.rows, item.prints, strict=True):
            self._rows.write(row + b"\n")
            pickle.dump(fp, self._prints, pickle.HIGHEST_PROTOCOL)
        for fate in item.result.fates:
            write_jsonl(self._audit, fate_row(fate))

    def close(self) -> None:
        for f in (self._rows, self._prints, self._rejects, self._audit):
            f.close()
        _dump(self.summary, self.folder / "summary.pkl")


def _pass2(
    chunks: list[_Chunk], chrome: OutletChrome, options: RunOptions, state: RunState
) -> RunSummary:
    """Each page of each chunk processed, in the workers; a chunk's results kept once whole.
    Finished chunks of an earlier run are taken up. The chunks' pages are listed one chunk
    at a time, as the workers come to them."""
    total = RunSummary()
    todo: list[_Chunk] = []
    for chunk in chunks:
        if (state.folder / _stories(chunk)).is_dir():
            total += _load(state.folder / _stories(chunk) / "summary.pkl")
        else:
            todo.append(chunk)
    batches = (
        places[i : i + PAGES_PER_TASK]
        for places in map(_places_of, todo)
        for i in range(0, len(places), PAGES_PER_TASK)
    )
    bar = Progress(options.quiet).bar(
        "cleaning", "pages", total=sum(c.pages - len(c.losers) for c in todo)
    )
    if options.workers > 1 and todo:
        # The outlets' state joins what _run froze, for the same reason.
        gc.freeze()
        ctx = mp.get_context("fork")
        setup = (chrome, options.audit, options.comments)
        with ctx.Pool(options.workers, _init_worker, setup) as pool:
            done = chain.from_iterable(pool.imap(_process_batch, batches))
            total += _collect(done, todo, state, bar)
    else:
        _init_worker(chrome, options.audit, options.comments)
        done = chain.from_iterable(map(_process_batch, batches))
        total += _collect(done, todo, state, bar)
    bar.close()
    return total


def _stories(chunk: _Chunk) -> str:
    """The name of pass 2's part of the chunk."""
    return chunk.folder.name.replace("pages-", "stories-")


def _places_of(chunk: _Chunk) -> list[Place]:
    """Where the chunk's pages that keep their doc_id are, in reading order."""
    read: _ReadChunk = _load(chunk.folder / "chunk.pkl")
    spilled = places(chunk.folder / "pages.pkl", read.starts)
    return [place for i, place in enumerate(spilled) if i not in chunk.losers]


def _duplicates(chunk: _Chunk) -> dict[int, Reject]:
    """The rejects of the chunk's pages that lose their doc_id, by page number: read from the
    chunk only if it has any (most have none)."""
    if not chunk.losers:
        return {}
    read: _ReadChunk = _load(chunk.folder / "chunk.pkl")
    return {i: duplicate(read.doc_ids[i], read.claims[i][1]) for i in sorted(chunk.losers)}


def _collect(
    done: Iterator[PageDone | Reject], todo: list[_Chunk], state: RunState, bar: tqdm
) -> RunSummary:
    """The results, in the order of the pages, into their chunks' parts: a page that loses
    its doc_id is listed in its place (the rejects in reading order, however the input is
    chunked)."""
    total = RunSummary()
    for todo_chunk in todo:
        lost = _duplicates(todo_chunk)
        with state.part(_stories(todo_chunk)) as folder:
            chunk = _StoryChunk(folder)
            for i in range(todo_chunk.pages):
                chunk.add(lost[i] if i in lost else next(done))
                bar.update(i not in lost)
            chunk.close()
        total += chunk.summary
        # Its pages are read by pass 2 only, which has kept the chunk's results: they go, not
        # at the run's end (the largest part of its state after pass 1, BENCHMARKS.md).
        (todo_chunk.folder / "pages.pkl").unlink(missing_ok=True)
    return total


# Pass 3 ---------------------------------------------------------------------------------


def _pass3(
    chunks: list[_Chunk],
    out: Path,
    options: RunOptions,
    state: RunState,
    summary: RunSummary,
    started: float,
) -> None:
    """Cluster every story, then write the run's files: the stories with their cluster
    fields, the clusters, the chunks' rejects and fates, and stats.json."""
    stories = [state.folder / _stories(c) for c in chunks]
    corpus = SpooledCorpus(state.folder)
    for part in stories:
        corpus.add_part(part / "stories.jsonl", _prints(part / "prints.pkl"))
    progress = Progress(options.quiet)
    progress.step(f"clustering {len(corpus)} stories")
    t0 = time.perf_counter()
    report = ClusterReport(corpus.cluster(), len(corpus))
    summary.seconds["cluster"] = time.perf_counter() - t0
    progress.step(f"writing {out}/")
    writer = RunWriter(out, options.fmt, options.audit, options.comments)
    for index, row in enumerate(corpus.rows()):
        report.label(index, row)
        writer.story_row(row)
    for row in report.rows():
        writer.cluster(row)
    # The rejects in reading order: pass 1's (unreadable records), then pass 2's (pages
    # without a story, pages that failed).
    for part in (*(c.folder for c in chunks), *stories):
        writer.append("rejects.jsonl", part / "rejects.jsonl")
    for part in stories:
        writer.append("audit.jsonl", part / "audit.jsonl")
    summary.clusters = report.stats()
    corpus.remove()
    summary.seconds["total"] = time.perf_counter() - started
    writer.close(summary.as_dict())


def _prints(path: Path) -> Iterator[Fingerprint]:
    with open(path, "rb") as f:
        while f.peek(1):
            yield pickle.load(f)


def _dump(value: object, path: Path) -> None:
    with open(path, "wb") as f:
        pickle.dump(value, f, pickle.HIGHEST_PROTOCOL)


def _load(path: Path) -> Any:
    # The run's own state, written by this code: pickle is safe here.
    with open(path, "rb") as f:
        return pickle.load(f)
