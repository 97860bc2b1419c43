"""Write a run's records: stories (JSONL or Parquet), clusters, rejects, the audit, and
stats.json.

Parquet gets an explicit schema so that pandas, polars, DuckDB and Spark all read the same
column types, even for a run whose first stories have no dateline or captions.
"""

from __future__ import annotations

import json
from contextlib import ExitStack
from dataclasses import asdict
from pathlib import Path
from typing import IO, Any

import pyarrow as pa
import pyarrow.parquet as pq

from copydesk.records import LineFate, Reject, Story

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
        out.mkdir(parents=True, exist_ok=True)
        self.out = out
        self.fmt = fmt
        self._files = ExitStack()
        self._rejects = self._open(out / "rejects.jsonl")
        self._audit = self._open(out / "audit.jsonl") if audit else None
        self._clusters = self._open(out / "clusters.jsonl")
        self._stories: IO[str] | None = None
        self._parquet: pq.ParquetWriter | None = None
        self._batch: list[dict[str, Any]] = []
        if fmt == "jsonl":
            self._stories = self._open(out / "stories.jsonl")
        elif fmt == "parquet":
            self._parquet = pq.ParquetWriter(out / "stories.parquet", STORY_SCHEMA)
        else:
            raise ValueError(f"unknown format {fmt!r}: jsonl or parquet")

    def _open(self, path: Path) -> IO[str]:
        return self._files.enter_context(open(path, "w", encoding="utf-8"))

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
        (self.out / "stats.json").write_text(json.dumps(stats, indent=2) + "\n")
