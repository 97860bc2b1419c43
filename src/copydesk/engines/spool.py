"""What a run keeps on disk between its passes, so that a corpus larger than memory runs.

SpilledPages: pass 1 reads (and extracts) every page once and pickles it to a file of the run's
state; pass 2's workers read their own pages back by place (PageReader), so no page goes
through the pool's pipes.

SpooledCorpus: the stories, held until clustering has decided their cluster fields.
Clustering needs every story before it can label any. So the stories' rows stay where pass 2
wrote them (its parts' JSON lines, read back by place); the spool holds each story's shingle
set (one flat binary file of uint32: 4 bytes a shingle) and its paragraphs' keys, and keeps in
memory only what the grouping reads for every story: its Profile but for the paragraphs, its
LSH band keys and anchors, and where its row is. The grouping reads shingle sets back one
candidate at a time (positioned reads, not a memory map: a map's pages would count in the
run's memory, and stay there). The shingles' near keys (ten a shingle: 40 bytes, several times
the story's text in UTF-8) are made from the story's body when a check asks for them.
The spool is a folder of the run's own making, named `.copydesk-stories-*` so it can be no
user's; it is removed once the final files are written: a failed run leaves it, nothing
lost.
"""

from __future__ import annotations

import json
import os
import pickle
import shutil
import tempfile
from array import array
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

from copydesk.cluster.fingerprint import Fingerprint, near_keys
from copydesk.cluster.group import Cluster, Prints, Text, keeping_near
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

    def add(self, spilt: bytes) -> None:
        """A page as `spilt` made it (where it was made: a worker)."""
        self._file.write(spilt)
        self.starts.append(self.starts[-1] + len(spilt))

    def close(self) -> None:
        self._file.close()


def spilt(page: Page) -> bytes:
    """A page as SpilledPages keeps it. Our own records, read back by this run only: pickle is
    safe here."""
    return pickle.dumps(page, pickle.HIGHEST_PROTOCOL)


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
    """Pass 2's stories, held until clustering has decided their cluster fields."""

    def __init__(self, parent: Path) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix=".copydesk-stories-", dir=parent))
        self._shingles = open(self.folder / "shingles.bin", "wb")  # noqa: SIM115
        self._paragraphs = open(self.folder / "paragraphs.bin", "wb")  # noqa: SIM115
        self._ends = array("q", [0])  # where each story's shingles end, in uint32s
        self._paragraph_ends = array("q", [0])  # where each story's paragraphs' keys end
        # Each story's row: the part it is in, where in that part it starts and ends.
        self._parts: list[Path] = []
        self._row_part = array("i")
        self._row_starts = array("q")
        self._row_ends = array("q")
        self._readers: dict[int, int] = {}
        self._near = keeping_near(self._made_near)
        self._reader: int | None = None
        self._paragraph_reader = -1
        self._prints = Prints()

    def __len__(self) -> int:
        return len(self._ends) - 1

    def add_part(self, rows: Path, prints: Iterator[Fingerprint]) -> None:
        """A part's stories: its rows, one line of JSON each in UTF-8 (made where the story
        was), and their fingerprints in the same order."""
        part = len(self._parts)
        self._parts.append(rows)
        offset = 0
        with open(rows, "rb") as f:
            for row in f:
                self._row_part.append(part)
                self._row_starts.append(offset)
                offset += len(row)
                self._row_ends.append(offset)
                self._add(next(prints))

    def _add(self, fp: Fingerprint) -> None:
        self._shingles.write(fp.shingles.astype(np.uint32).tobytes())
        self._ends.append(self._ends[-1] + fp.shingles.size)
        self._paragraphs.write(fp.profile.paragraph_keys)
        self._paragraph_ends.append(self._paragraph_ends[-1] + len(fp.profile.paragraph_keys))
        self._prints.add(fp)

    def cluster(self) -> list[Cluster]:
        """Done adding: the corpus-wide pass."""
        self._shingles.close()
        self._paragraphs.close()
        self._reader = os.open(self.folder / "shingles.bin", os.O_RDONLY)
        self._paragraph_reader = os.open(self.folder / "paragraphs.bin", os.O_RDONLY)
        return self._prints.group(self.text, self.paragraphs)

    def text(self, index: int) -> Text:
        """The story's shingles as its Fingerprint had them; their near keys made from its
        body when asked."""
        start, end = self._ends[index], self._ends[index + 1]
        if self._reader is None or start == end:
            return Text(np.empty(0, dtype=np.uint32), _no_near)
        shingles = np.frombuffer(os.pread(self._reader, 4 * (end - start), 4 * start), np.uint32)
        return Text(shingles, partial(self._near, index))

    def _made_near(self, index: int) -> np.ndarray:
        return near_keys(self.row(index)["body"])

    def row(self, index: int) -> dict[str, Any]:
        part = self._row_part[index]
        if part not in self._readers:
            self._readers[part] = os.open(self._parts[part], os.O_RDONLY)
        start, end = self._row_starts[index], self._row_ends[index]
        return json.loads(os.pread(self._readers[part], end - start, start))

    def paragraphs(self, index: int) -> bytes:
        """The story's paragraphs' keys, as its Profile had them."""
        start, end = self._paragraph_ends[index], self._paragraph_ends[index + 1]
        return os.pread(self._paragraph_reader, end - start, start) if end > start else b""

    def rows(self) -> Iterator[dict[str, Any]]:
        for path in self._parts:
            with open(path, "rb") as f:
                for line in f:
                    yield json.loads(line)

    def remove(self) -> None:
        for fd in self._readers.values():
            os.close(fd)
        self._readers.clear()
        if self._reader is not None:
            os.close(self._reader)
            os.close(self._paragraph_reader)
            self._reader = None
        shutil.rmtree(self.folder)


def _no_near() -> np.ndarray:
    return np.empty((0, NEAR_KEYS), dtype=np.uint32)
