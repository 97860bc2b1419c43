"""Write a run's records: stories (JSONL or Parquet), clusters, rejects, the audit, and
stats.json.

The output folder may hold other things (a user's notes, a link to elsewhere): a run writes
only the files named in RUN_FILES, removes those of them an earlier run left and this one
does not write (a stale stories.parquet beside a new stories.jsonl would be read as this run's),
and never writes through a symbolic link: one in place of a run file is replaced, not followed.

Parquet gets an explicit schema so that pandas, polars, DuckDB and Spark all read the same
column types, even for a run whose first stories have no dateline or captions.
"""

from __future__ import annotations

import io
import json
import os
from contextlib import ExitStack
from dataclasses import asdict
from pathlib import Path
from typing import IO, Any

import pyarrow as pa
import pyarrow.parquet as pq

from copydesk.records import LineFate, Reject, Story
from copydesk.writers import FORMATS

STORY_SCHEMA = pa.schema(
    [
        ("story_id", pa.string()),
        ("doc_id", pa.string()),
        ("source", pa.string()),
        ("url", pa.string()),
        ("position", pa.int32()),
        ("primary", pa.bool_()),
        ("headline", pa.string()),
        ("byline", pa.string()),
        ("dateline", pa.struct([("place", pa.string()), ("agency", pa.string())])),
        ("date", pa.string()),
        ("lang", pa.string()),
        ("body", pa.string()),
        ("captions", pa.list_(pa.struct([("text", pa.string()), ("credit", pa.string())]))),
        ("corrections", pa.list_(pa.string())),
        ("cluster_id", pa.string()),
        ("canonical", pa.bool_()),
        ("relation", pa.string()),
    ]
)
# Rows buffered before a Parquet row group is written: bounded memory on any corpus size.
PARQUET_BATCH = 2048

# Every file a run may write in its output folder.
RUN_FILES = (
    "stories.jsonl", "stories.parquet", "clusters.jsonl", "rejects.jsonl", "audit.jsonl",
    "stats.json",
)


class OutputInTheWayError(OSError):
    """A run file's name in the output folder is taken by something a run cannot replace."""


def _clear(path: Path) -> None:
    """Remove what an earlier run (or a link) left at one of the run's file names."""
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        raise OutputInTheWayError(
            f"{path} is in the way: it is not a file a run wrote (a folder?); "
            "move it or choose another output folder"
        )


def create_run_file(path: Path) -> IO[bytes]:
    """A new, empty file at `path`, opened for binary writing; never through a link."""
    _clear(path)
    # O_EXCL | O_NOFOLLOW: had anything appeared at the name since, fail rather than follow.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
    return os.fdopen(fd, "wb")


def story_row(story: Story) -> dict[str, Any]:
    return asdict(story)


def fate_row(fate: LineFate) -> dict[str, Any]:
    row = {"doc_id": fate.doc_id, "line": fate.number, "fate": str(fate.fate)}
    if fate.story_id:
        row["story_id"] = fate.story_id
    if fate.field:
        row["field"] = fate.field
    if fate.reason:
        row["reason"] = str(fate.reason)
    row["text"] = fate.text
    return row


def _jsonl(f: IO[str], row: dict[str, Any]) -> None:
    f.write(json.dumps(row, ensure_ascii=False))
    f.write("\n")


class RunWriter:
    """Opens the output folder's files and streams records into them."""

    def __init__(self, out: Path, fmt: str = "jsonl", audit: bool = False) -> None:
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r}: {' or '.join(FORMATS)}")
        out.mkdir(parents=True, exist_ok=True)
        self.out = out
        self.fmt = fmt
        # All of them go now, stats.json too (written last): until this run ends, the folder
        # does not look like a finished run.
        for name in RUN_FILES:
            _clear(out / name)
        self._files = ExitStack()
        self._rejects = self._open(out / "rejects.jsonl")
        self._audit = self._open(out / "audit.jsonl") if audit else None
        self._clusters = self._open(out / "clusters.jsonl")
        self._stories: IO[str] | None = None
        self._parquet: pq.ParquetWriter | None = None
        self._batch: list[dict[str, Any]] = []
        if fmt == "jsonl":
            self._stories = self._open(out / "stories.jsonl")
        else:
            sink = self._files.enter_context(create_run_file(out / "stories.parquet"))
            self._parquet = pq.ParquetWriter(sink, STORY_SCHEMA)

    def _open(self, path: Path) -> IO[str]:
        return self._files.enter_context(io.TextIOWrapper(create_run_file(path), "utf-8"))

    def story(self, story: Story) -> None:
        self.story_row(story_row(story))

    def story_row(self, row: dict[str, Any]) -> None:
        if self._stories is not None:
            _jsonl(self._stories, row)
        else:
            self._batch.append(row)
            if len(self._batch) >= PARQUET_BATCH:
                self._flush()

    def cluster(self, row: dict[str, Any]) -> None:
        _jsonl(self._clusters, row)

    def reject(self, reject: Reject) -> None:
        _jsonl(self._rejects, asdict(reject))

    def fates(self, fates: list[LineFate]) -> None:
        if self._audit is not None:
            for fate in fates:
                _jsonl(self._audit, fate_row(fate))

    def _flush(self) -> None:
        if self._parquet is not None and self._batch:
            self._parquet.write_table(pa.Table.from_pylist(self._batch, schema=STORY_SCHEMA))
            self._batch = []

    def close(self, stats: dict[str, Any]) -> None:
        self._flush()
        if self._parquet is not None:
            self._parquet.close()
        self._files.close()
        with create_run_file(self.out / "stats.json") as f:
            f.write((json.dumps(stats, indent=2) + "\n").encode())
