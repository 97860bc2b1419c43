"""The stories of a run, held until clustering has decided their cluster fields.

Clustering needs every story before it can label any. So pass 2 spools each story row (JSON
lines) and its shingle set (one flat binary file of uint32) into OUT/.spool/, and keeps in
memory only what the grouping reads for every story: its Profile, LSH band keys and anchors. The
grouping reads shingle sets back one candidate at a time (positioned reads, not a memory
map: a map's pages would count in the run's memory, and stay there). The spool is
removed once the final files are written: a failed run leaves it, nothing lost.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from copydesk.cluster.fingerprint import Fingerprint
from copydesk.cluster.group import Cluster, Prints


class SpooledCorpus:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self._rows = open(folder / "stories.jsonl", "w", encoding="utf-8")  # noqa: SIM115
        self._shingles = open(folder / "shingles.bin", "wb")  # noqa: SIM115
        self._ends = [0]  # where each story's shingles start and end, in uint32s
        self._reader: int | None = None
        self._prints = Prints()

    def __len__(self) -> int:
        return len(self._ends) - 1

    def add(self, row: dict[str, Any], fp: Fingerprint) -> None:
        self._rows.write(json.dumps(row, ensure_ascii=False))
        self._rows.write("\n")
        self._shingles.write(fp.shingles.astype(np.uint32).tobytes())
        self._ends.append(self._ends[-1] + len(fp.shingles))
        self._prints.add(fp)

    def cluster(self) -> list[Cluster]:
        """Done adding: the corpus-wide pass."""
        self._rows.close()
        self._shingles.close()
        self._reader = os.open(self.folder / "shingles.bin", os.O_RDONLY)
        return self._prints.group(self.shingles)

    def shingles(self, index: int) -> np.ndarray:
        start, end = self._ends[index], self._ends[index + 1]
        if self._reader is None or start == end:
            return np.empty(0, dtype=np.uint32)
        data = os.pread(self._reader, 4 * (end - start), 4 * start)
        return np.frombuffer(data, dtype=np.uint32)

    def rows(self) -> Iterator[dict[str, Any]]:
        with open(self.folder / "stories.jsonl", encoding="utf-8") as f:
            for line in f:
                yield json.loads(line)

    def remove(self) -> None:
        if self._reader is not None:
            os.close(self._reader)
            self._reader = None
        shutil.rmtree(self.folder)
