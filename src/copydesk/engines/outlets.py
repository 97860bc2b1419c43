"""The local engine's outlet pass, over a corpus larger than memory (issue #14).

Pass 1 spills each chunk's pages' lines (clean/outlet.py's PageLines) to the run's state,
ordered by their outlet's slot (a hash of its name): the pages of any range of slots are one
read of each chunk. The pass then learns the outlets a bucket of slots at a time, buckets cut
to about BUCKET_BYTES of spilled lines, and a bucket larger than that (an outlet of a tenth of
a crawl) a range of hash values at a time (outlet.learn_outlets). In memory: one bucket's
lines, and what the chrome keeps (twelve bytes a repeated line). The lines every bucket's
outlets print, needed only for the corpus-wide spread once all buckets are done, wait on disk.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from functools import partial
from itertools import pairwise
from pathlib import Path

import numpy as np

from copydesk.clean import outlet
from copydesk.clean.outlet import Learnt, OutletChrome, OutletPages, PageLines, Slice, Table

# Slots of outlets: the finest a bucket is cut at. Each chunk keeps where its slots end.
SLOTS = 1024
# Spilled lines a bucket, about: what the pass holds at once, besides the working arrays of
# one outlet's grouping (a few times this).
BUCKET_BYTES = 16 * 2**20


def slot(source: str) -> int:
    """The outlet's slot: the same in every process and on every machine."""
    digest = hashlib.blake2b(source.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "big") % SLOTS


def spill(pages: Sequence[tuple[str | None, PageLines]], path: Path) -> np.ndarray:
    """Write a chunk's pages' lines (each with its outlet) to `path`, slot by slot: a slot is
    one pickled list of (outlet, the pages' numbers in the chunk, their lines). The ends of
    each slot's bytes in the file, SLOTS + 1 of them."""
    by_slot: dict[int, dict[str, tuple[list[int], OutletPages]]] = {}
    for i, (source, lines) in enumerate(pages):
        # Pages of unknown outlets teach nothing (OutletCounts.add).
        if source:
            mine = by_slot.setdefault(slot(source), {}).setdefault(source, ([], OutletPages()))
            mine[0].append(i)
            mine[1].add(lines)
    sizes = np.zeros(SLOTS + 1, dtype=np.int64)
    with open(path, "wb") as f:
        for s in sorted(by_slot):
            entries = [
                (source, np.array(numbers, dtype=np.int32), lines)
                for source, (numbers, lines) in sorted(by_slot[s].items())
            ]
            # The run's own state, read back by this run only: pickle is safe here.
            data = pickle.dumps(entries, pickle.HIGHEST_PROTOCOL)
            f.write(data)
            sizes[s + 1] = len(data)
    return np.cumsum(sizes)


@dataclass(frozen=True)
class Spilled:
    """One chunk's spilled lines: where, where its slots end, and the pages (numbers in the
    chunk) that lose their doc_id to another page, whose lines do not count."""

    path: Path
    ends: np.ndarray
    losers: frozenset[int] = frozenset()


def learn(chunks: Sequence[Spilled], scratch: Path) -> OutletChrome:
    """The outlets' chrome, learnt a bucket at a time. `scratch`: a folder for the lines
    printed, removed once read."""
    sizes = np.sum([np.diff(c.ends) for c in chunks], axis=0) if chunks else np.zeros(SLOTS)
    scratch.mkdir(parents=True, exist_ok=True)
    parts: list[Learnt] = []
    files: list[Path] = []
    for lo, hi in _buckets(sizes):
        ranges = max(1, -(-int(sizes[lo:hi].sum()) // BUCKET_BYTES))
        if ranges == 1:
            # One range: every value, read once (learn_outlets caches it).
            part = outlet.learn_outlets(lambda _lo, _hi, a=lo, b=hi: _slices(chunks, a, b))
        else:
            with tempfile.TemporaryDirectory(dir=scratch) as folder:
                read = _partition(chunks, lo, hi, ranges, Path(folder))
                part = outlet.learn_outlets(
                    read, ranges, partial(SpilledPairs, Path(folder), ranges)
                )
        files.append(scratch / f"printed-{len(files):05d}.npy")
        hashes, printers = part.printed
        np.save(files[-1], np.stack([hashes, printers.astype(np.uint64)]))
        parts.append(replace(part, printed=outlet.EMPTY.spread))
    return outlet.chrome(parts, _printed(files))


def _buckets(sizes: np.ndarray) -> Iterator[tuple[int, int]]:
    """Ranges of slots of about BUCKET_BYTES each (a slot is never cut)."""
    lo, total = 0, 0
    for s, size in enumerate(sizes.tolist()):
        if total and total + size > BUCKET_BYTES:
            yield lo, s
            lo, total = s, 0
        total += size
    if total:
        yield lo, len(sizes)


def _printed(files: list[Path]) -> Iterator[Table]:
    for path in files:
        hashes, printers = np.load(path)
        path.unlink()
        yield hashes, printers.astype(np.int64)


def _slices(chunks: Sequence[Spilled], lo: int, hi: int) -> Iterator[Slice]:
    """The outlets of slots lo..hi-1, all their values: every chunk's pages of them in the
    chunks' order, but for the pages that lose their doc_id."""
    found: dict[str, list[tuple[np.ndarray, ...]]] = {}
    pages: dict[str, int] = {}
    for chunk in chunks:
        start, end = int(chunk.ends[lo]), int(chunk.ends[hi])
        if start == end:
            continue
        with open(chunk.path, "rb") as f:
            data = os.pread(f.fileno(), end - start, start)
        for s in range(lo, hi):
            a, b = int(chunk.ends[s]) - start, int(chunk.ends[s + 1]) - start
            if a == b:
                continue
            # The run's own state, written by spill(): pickle is safe here.
            for source, numbers, lines in pickle.loads(data[a:b]):
                if chunk.losers:
                    lines = lines.select(~np.isin(numbers, list(chunk.losers)))
                offset = pages.get(source, 0)
                pages[source] = offset + len(lines)
                hashes, page, shingles, holder = lines.parts()
                found.setdefault(source, []).append(
                    (hashes, page + offset, shingles, holder + offset)
                )
    for source, parts in found.items():
        if pages[source]:
            yield source, pages[source], *(np.concatenate([p[j] for p in parts]) for j in range(4))


def _partition(
    chunks: Sequence[Spilled], lo: int, hi: int, ranges: int, folder: Path
) -> outlet.Reader:
    """The outlets of slots lo..hi-1 cut into `ranges` ranges of values, each range's part
    written to a file of its own in one read of the chunks: each range is then read alone,
    not picked out of the whole bucket again (a range of an outlet of 90,000 pages would be
    a seventieth of its reading)."""
    bounds = outlet.range_bounds(ranges)
    paths = [folder / f"range-{r:05d}.pkl" for r in range(ranges)]
    pages: dict[str, int] = {}
    files = [open(path, "wb") for path in paths]  # noqa: SIM115 (closed below)
    try:
        for chunk in chunks:
            parts = list(_slices([chunk], lo, hi))
            for source, n, hashes, page, shingles, holder in parts:
                offset = pages.get(source, 0)
                pages[source] = offset + n
                h, k = _ranges(hashes, bounds), _ranges(shingles, bounds)
                for r, f in enumerate(files):
                    # The run's own state, read back below: pickle is safe here.
                    pickle.dump(
                        (source, hashes[h[r]], page[h[r]] + offset,
                         shingles[k[r]], holder[k[r]] + offset),
                        f, pickle.HIGHEST_PROTOCOL,
                    )  # fmt: skip
    finally:
        for f in files:
            f.close()

    def read(low: int, high: int) -> Iterator[outlet.Slice]:
        found: dict[str, list[tuple[np.ndarray, ...]]] = {}
        with open(paths[bounds.index(low)], "rb") as f:
            while True:
                try:
                    source, *arrays = pickle.load(f)
                except EOFError:
                    break
                found.setdefault(source, []).append(tuple(arrays))
        for source, parts in found.items():
            yield source, pages[source], *(np.concatenate([p[j] for p in parts]) for j in range(4))

    return read


def _ranges(values: np.ndarray, bounds: list[int]) -> list[np.ndarray]:
    """For each range of values, where the values in it are, in their order."""
    which = np.searchsorted(np.array(bounds[1:-1], dtype=np.uint64), values, side="right")
    order = np.argsort(which, kind="stable")
    ends = np.searchsorted(which[order], np.arange(len(bounds)))
    return [order[a:b] for a, b in pairwise(ends.tolist())]


class SpilledPairs:
    """An outlet's pairs of pages on disk (outlet.PairStore), in `blocks` files by the pair's
    first page: counted a block at a time, the memory is a block's, where in memory every
    pair of an outlet of a tenth of a crawl would be kept at once (tens of millions)."""

    def __init__(self, parent: Path, blocks: int, n: int) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="pairs-", dir=parent))
        self.n = n
        self.blocks = blocks
        # Where each block starts, as an entry's value: its first page's first pair, shifted.
        self._starts = np.array(
            [(b * n // blocks) * n << 1 for b in range(blocks + 1)], dtype=np.int64
        )

    def add(self, pairs: np.ndarray) -> None:
        pairs.sort()
        ends = np.searchsorted(pairs, self._starts).tolist()
        for b, (a, z) in enumerate(pairwise(ends)):
            if z > a:
                with open(self.folder / f"{b:05d}", "ab") as f:
                    f.write(pairs[a:z].tobytes())

    def counts(self) -> Iterator[outlet.PairCounts]:
        for b in range(self.blocks):
            path = self.folder / f"{b:05d}"
            if path.exists():
                pairs = np.fromfile(path, dtype=np.int64)
                path.unlink()
                yield outlet.pair_counts(pairs)
        self.folder.rmdir()
