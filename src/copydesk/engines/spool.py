"""The stories of a run, held until clustering has decided their cluster fields.

Clustering needs every story before it can label any. So pass 2 spools each story row (JSON
lines) and its shingle set (one flat binary file of uint64) into OUT/.spool/, and keeps in
memory only what the grouping reads for every story: its Profile and LSH band keys. The
grouping reads shingle sets back through a memory map, one candidate at a time. The spool is
removed once the final files are written: a failed run leaves it, nothing lost.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from copydesk.cluster.fingerprint import Fingerprint, Profile
from copydesk.cluster.group import Cluster, group


class SpooledCorpus:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self._rows = open(folder / "stories.jsonl", "w", encoding="utf-8")  # noqa: SIM115
        self._shingles = open(folder / "shingles.bin", "wb")  # noqa: SIM115
        self._ends = [0]  # where each story's shingles start and end, in uint64s
        self._map: np.ndarray | None = None
        self.profiles: list[Profile] = []
        self._bands: list[np.ndarray] = []

    def __len__(self) -> int:
        return len(self._ends) - 1

    def add(self, row: dict[str, Any], fp: Fingerprint) -> None:
        self._rows.write(json.dumps(row, ensure_ascii=False))
        self._rows.write("\n")
        self._shingles.write(fp.shingles.astype(np.uint64).tobytes())
        self._ends.append(self._ends[-1] + len(fp.shingles))
        self.profiles.append(fp.profile)
        self._bands.append(fp.bands)

    def cluster(self) -> list[Cluster]:
        """Done adding: the corpus-wide pass."""
        self._rows.close()
        self._shingles.close()
        path = self.folder / "shingles.bin"
        if path.stat().st_size:
            self._map = np.memmap(path, dtype=np.uint64, mode="r")
        bands = np.vstack(self._bands) if self._bands else np.empty((0, 0), dtype=np.uint64)
        self._bands = []
        return group(self.profiles, bands, self.shingles)

    def shingles(self, index: int) -> np.ndarray:
        start, end = self._ends[index], self._ends[index + 1]
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
