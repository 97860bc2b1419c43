"""The stories of a run on disk until clustering has decided their cluster fields.

Clustering needs every story before it can label any, so pass 2 spools each story row (JSON
lines) and its shingle set (one flat binary file of uint64) into OUT/.spool/, and keeps only
offsets in memory; the clustering pass reads shingle sets back through a memory map. The
spool is removed once the final files are written: a failed run leaves it, nothing lost.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np


class StorySpool:
    def __init__(self, out: Path) -> None:
        self.folder = out / ".spool"
        self.folder.mkdir(parents=True, exist_ok=True)
        self._rows = open(self.folder / "stories.jsonl", "w", encoding="utf-8")  # noqa: SIM115
        self._shingles = open(self.folder / "shingles.bin", "wb")  # noqa: SIM115
        self._ends: list[int] = []  # end of each story's shingles, in uint64s
        self._map: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self._ends)

    def add(self, row: dict[str, Any], shingles: np.ndarray) -> None:
        self._rows.write(json.dumps(row, ensure_ascii=False))
        self._rows.write("\n")
        self._shingles.write(shingles.astype(np.uint64).tobytes())
        self._ends.append((self._ends[-1] if self._ends else 0) + len(shingles))

    def seal(self) -> None:
        """Done writing: the shingles become readable."""
        self._rows.close()
        self._shingles.close()
        path = self.folder / "shingles.bin"
        if path.stat().st_size:
            self._map = np.memmap(path, dtype=np.uint64, mode="r")

    def shingles(self, index: int) -> np.ndarray:
        start = self._ends[index - 1] if index else 0
        end = self._ends[index]
        if self._map is None or start == end:
            return np.empty(0, dtype=np.uint64)
        return np.asarray(self._map[start:end])

    def rows(self) -> Iterator[dict[str, Any]]:
        with open(self.folder / "stories.jsonl", encoding="utf-8") as f:
            for line in f:
                yield json.loads(line)

    def remove(self) -> None:
        self._map = None
        shutil.rmtree(self.folder)
