"""What a run keeps on disk between its passes, so that a corpus larger than memory runs.

SpilledPages: pass 1 reads (and extracts) every page once and pickles it here; pass 2's
workers read their own pages back by place, so no page goes through the pool's pipes.

SpooledCorpus: the stories, held until clustering has decided their cluster fields.
Clustering needs every story before it can label any. So pass 2 spools each story row (JSON
lines) and its shingle set with the shingles' near keys (one flat binary file of uint32:
44 bytes a shingle) into OUT/.spool/, and keeps in memory only what the grouping reads for
every story: its Profile, LSH band keys and anchors. The grouping reads shingle sets back one
candidate at a time (positioned reads, not a memory map: a map's pages would count in the
run's memory, and stay there). The spool is a folder of the run's own making, named
`.copydesk-stories-*` so it can be no user's; it is removed once the final files are written:
a failed run leaves it, nothing lost.
"""

from __future__ import annotations

import json
import os
import pickle
import shutil
import tempfile
from array import array
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from copydesk.cluster.fingerprint import Fingerprint
from copydesk.cluster.group import Cluster, Prints
from copydesk.cluster.params import NEAR_KEYS
from copydesk.records import Page

Place = tuple[int, int]  # where a spilled page is: offset and size in bytes


class SpilledPages:
    """Pages pickled one after another into a temporary file in the output folder (deleted
    when closed, even if the run fails), and where each one starts: 8 bytes a page in memory."""

    def __init__(self, folder: Path) -> None:
        self._file = tempfile.TemporaryFile(dir=folder, prefix=".copydesk-pages-")  # noqa: SIM115
        self._starts = array("q", [0])

    def __len__(self) -> int:
        return len(self._starts) - 1

    def add(self, page: Page) -> None:
        # Our own records, read back by this run only: pickle is safe here.
        data = pickle.dumps(page, pickle.HIGHEST_PROTOCOL)
        self._file.write(data)
        self._starts.append(self._starts[-1] + len(data))

    @property
    def fd(self) -> int:
        """The file's descriptor, for read_page: forked workers inherit it."""
        return self._file.fileno()

    def batches(self, size: int) -> Iterator[list[Place]]:
        """The pages' places, `size` at a time, in the order they were added."""
        self._file.flush()
        starts = self._starts
        for lo in range(0, len(self), size):
            hi = min(lo + size, len(self))
            yield [(starts[i], starts[i + 1] - starts[i]) for i in range(lo, hi)]

    def close(self) -> None:
        self._file.close()


def read_page(fd: int, place: Place) -> Page:
    offset, size = place
    # A positioned read: workers share the descriptor, not a file position.
    return pickle.loads(os.pread(fd, size, offset))


class SpooledCorpus:
    def __init__(self, out: Path) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix=".copydesk-stories-", dir=out))
        self._rows = open(self.folder / "stories.jsonl", "wb")  # noqa: SIM115
        self._shingles = open(self.folder / "shingles.bin", "wb")  # noqa: SIM115
        self._ends = [0]  # where each story's shingles and near keys start and end, in uint32s
        self._reader: int | None = None
        self._prints = Prints()

    def __len__(self) -> int:
        return len(self._ends) - 1

    def add(self, row: bytes, fp: Fingerprint) -> None:
        """A story: its row as one line of JSON in UTF-8 (made where the story was: bytes pass
        between processes with no decoding), and its fingerprint."""
        self._rows.write(row)
        self._rows.write(b"\n")
        # The shingles, then their near keys.
        self._shingles.write(fp.shingles.astype(np.uint32).tobytes())
        self._shingles.write(fp.near.astype(np.uint32).tobytes())
        self._ends.append(self._ends[-1] + fp.shingles.size + fp.near.size)
        self._prints.add(fp)

    def cluster(self) -> list[Cluster]:
        """Done adding: the corpus-wide pass."""
        self._rows.close()
        self._shingles.close()
        self._reader = os.open(self.folder / "shingles.bin", os.O_RDONLY)
        return self._prints.group(self.shingles)

    def shingles(self, index: int) -> tuple[np.ndarray, np.ndarray]:
        """The story's shingles and their near keys, as its Fingerprint had them."""
        start, end = self._ends[index], self._ends[index + 1]
        if self._reader is None or start == end:
            return np.empty(0, dtype=np.uint32), np.empty((0, NEAR_KEYS), dtype=np.uint32)
        data = np.frombuffer(os.pread(self._reader, 4 * (end - start), 4 * start), np.uint32)
        n = len(data) // (1 + NEAR_KEYS)
        return data[:n], data[n:].reshape(n, NEAR_KEYS)

    def rows(self) -> Iterator[dict[str, Any]]:
        with open(self.folder / "stories.jsonl", "rb") as f:
            for line in f:
                yield json.loads(line)

    def remove(self) -> None:
        if self._reader is not None:
            os.close(self._reader)
            self._reader = None
        shutil.rmtree(self.folder)
