"""A finished run's files read back, row by row (plain dicts): what `copydesk clusters`,
`diff`, `report` and the Python API read. Streamed: one row (Parquet: one row group) in
memory at a time."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any


class NotARunError(FileNotFoundError):
    """The folder holds no finished run (no stats.json: it is written last)."""


def finished(out: Path) -> dict[str, Any]:
    """The run's stats.json; NotARunError if `out` holds no finished run."""
    try:
        return json.loads((out / "stats.json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise NotARunError(
            f"{out} holds no finished run (no stats.json): run `copydesk run ... -o {out}`"
        ) from None


def jsonl_rows(path: Path) -> Iterator[dict[str, Any]]:
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def story_rows(out: Path) -> Iterator[dict[str, Any]]:
    """stories.jsonl or stories.parquet, whichever the run wrote."""
    if (out / "stories.parquet").exists():
        import pyarrow.parquet as pq  # here: reading JSON Lines needs no pyarrow (~60 MB)

        parquet = pq.ParquetFile(out / "stories.parquet")
        for group in range(parquet.num_row_groups):
            yield from parquet.read_row_group(group).to_pylist()
    else:
        yield from jsonl_rows(out / "stories.jsonl")


def cluster_rows(out: Path) -> Iterator[dict[str, Any]]:
    yield from jsonl_rows(out / "clusters.jsonl")
