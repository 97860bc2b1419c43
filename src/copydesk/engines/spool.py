"""What a run keeps on disk between its passes, so that a corpus larger than memory runs.

SpilledPages: pass 1 reads (and extracts) every page once and pickles it to a file of the run's
state; pass 2's workers read their own pages back by place (PageReader), so no page goes
through the pool's pipes.

SpooledCorpus: the stories, held until clustering has decided their cluster fields.
Clustering needs every story before it can label any. So pass 2 spools each story row (JSON
lines), its shingle set with the shingles' near keys (one flat binary file of uint32: 44
bytes a shingle) and its paragraphs' keys into OUT/.spool/, and keeps in memory only what the
grouping reads for every story: its Profile but for the paragraphs, its LSH band keys and
anchors. The grouping reads shingle sets back one candidate at a time (positioned reads,
not a memory map: a map's pages would count in the run's memory, and stay there). The spool
is a folder of the run's own making, named `.copydesk-stories-*` so it can be no user's; it
is removed once the final files are written: a failed run leaves it, nothing lost.
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

Place = tuple[str, int, int]  # where a spilled page is: its file, offset and size in bytes


class SpilledPages:
    """Pages pickled one after another into one file, and where each one starts: 8 bytes a
    page in memory."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._file = open(path, "wb")  # noqa: SIM115 (closed by close())
        self.starts = array("q", [0])

    def add(self, page: Page) -> None:
        # Our own records, read back by this run only: pickle is safe here.
        data = pickle.dumps(page, pickle.HIGHEST_PROTOCOL)
        self._file.write(data)
        self.starts.append(self.starts[-1] + len(data))

    def close(self) -> None:
        self._file.close()


def places(path: Path, starts: array) -> list[Place]:
    """The places of the pages spilled to `path`, from their starts."""
    return [(str(path), starts[i], starts[i + 1] - starts[i]) for i in range(len(starts) - 1)]


class PageReader:
    """Reads spilled pages back by place, keeping each file open once read from."""

    def __init__(self) -> None:
        self._fds: dict[str, int] = {}

    def read(self, place: Place) -> Page:
        path, offset, size = place
        if path not in self._fds:
            self._fds[path] = os.open(path, os.O_RDONLY)
        # A positioned read: no file position is shared.
        return pickle.loads(os.pread(self._fds[path], size, offset))

    def close(self) -> None:
        for fd in self._fds.values():
            os.close(fd)
        self._fds.clear()


class SpooledCorpus:
    def __init__(self, parent: Path) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix=".copydesk-stories-", dir=parent))
        self._rows = open(self.folder / "stories.jsonl", "wb")  # noqa: SIM115
        self._shingles = open(self.folder / "shingles.bin", "wb")  # noqa: SIM115
        self._paragraphs = open(self.folder / "paragraphs.bin", "wb")  # noqa: SIM115
        # Where each story's shingles and near keys start and end, in uint32s.
        self._ends = array("q", [0])
        self._paragraph_ends = array("q", [0])  # where each story's paragraphs' keys end
        self._reader: int | None = None
        self._paragraph_reader = -1
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
        self._paragraphs.write(fp.profile.paragraph_keys)
        self._paragraph_ends.append(self._paragraph_ends[-1] + len(fp.profile.paragraph_keys))
        self._prints.add(fp)

    def cluster(self) -> list[Cluster]:
        """Done adding: the corpus-wide pass."""
        self._rows.close()
        self._shingles.close()
        self._paragraphs.close()
        self._reader = os.open(self.folder / "shingles.bin", os.O_RDONLY)
        self._paragraph_reader = os.open(self.folder / "paragraphs.bin", os.O_RDONLY)
        return self._prints.group(self.shingles, self.paragraphs)

    def shingles(self, index: int) -> tuple[np.ndarray, np.ndarray]:
        """The story's shingles and their near keys, as its Fingerprint had them."""
        start, end = self._ends[index], self._ends[index + 1]
        if self._reader is None or start == end:
            return np.empty(0, dtype=np.uint32), np.empty((0, NEAR_KEYS), dtype=np.uint32)
        data = np.frombuffer(os.pread(self._reader, 4 * (end - start), 4 * start), np.uint32)
        n = len(data) // (1 + NEAR_KEYS)
        return data[:n], data[n:].reshape(n, NEAR_KEYS)

    def paragraphs(self, index: int) -> bytes:
        """The story's paragraphs' keys, as its Profile had them."""
        start, end = self._paragraph_ends[index], self._paragraph_ends[index + 1]
        return os.pread(self._paragraph_reader, end - start, start) if end > start else b""

    def rows(self) -> Iterator[dict[str, Any]]:
        with open(self.folder / "stories.jsonl", "rb") as f:
            for line in f:
                yield json.loads(line)

    def remove(self) -> None:
        if self._reader is not None:
            os.close(self._reader)
            os.close(self._paragraph_reader)
            self._reader = None
        shutil.rmtree(self.folder)
