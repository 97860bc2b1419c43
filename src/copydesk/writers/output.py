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
import shutil
from contextlib import ExitStack
from dataclasses import asdict
from pathlib import Path
from typing import IO, Any

import pyarrow as pa
import pyarrow.parquet as pq

from copydesk.records import LineFate, Reject, Story
from copydesk.writers import FORMATS
from copydesk.writers.folder import REPORT, OutputInTheWayError, clear_report

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
# With --comments, the readers' comments after the story's own fields.
COMMENTS_FIELD = pa.field("comments", pa.list_(pa.string()))
# Rows buffered before a Parquet row group is written: bounded memory on any corpus size.
PARQUET_BATCH = 2048

# The prefix of a run file's name while it is being written.
WRITING = ".copydesk-writing-"

# Every file a run may write in its output folder.
RUN_FILES = (
    "stories.jsonl", "stories.parquet", "clusters.jsonl", "rejects.jsonl", "audit.jsonl",
    "stats.json",
)


def _clear(path: Path) -> None:
    """Remove what an earlier run (or a link) left at one of the run's file names."""
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        raise OutputInTheWayError(
            f"{path} is in the way: it is not a file a run wrote (a folder?); "
            "move it or choose another output folder"
        )


def publish(written: Path, final: Path) -> None:
    """Give a complete file or folder its final name, durably: its bytes reach the disk
    before the name does, so a power loss leaves the old state or the new, never half."""
    _sync(written)
    os.replace(written, final)
    _sync(final.parent)


def _sync(path: Path) -> None:
    if path.is_dir():
        for child in path.iterdir():
            if child.is_file():
                _sync(child)
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def clear_run_files(out: Path) -> None:
    """Remove every file an earlier run left in `out` (stats.json too: until a run ends, its
    folder does not look like a finished run), and its report."""
    for name in RUN_FILES:
        _clear(out / name)
    clear_report(out / REPORT)


def create_run_file(path: Path) -> IO[bytes]:
    """A new, empty file at `path`, opened for binary writing; never through a link."""
    _clear(path)
    # O_EXCL | O_NOFOLLOW: had anything appeared at the name since, fail rather than follow.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
    return os.fdopen(fd, "wb")


def story_schema(comments: bool) -> pa.Schema:
    """The Parquet schema of the story rows, with their readers' comments if asked for."""
    return STORY_SCHEMA.append(COMMENTS_FIELD) if comments else STORY_SCHEMA


def story_row(story: Story, comments: bool = False) -> dict[str, Any]:
    """A story's fields; its readers' comments only if asked for (`--comments`)."""
    row = story.to_dict()
    if not comments:
        del row["comments"]
    return row


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


def reject_row(reject: Reject) -> dict[str, Any]:
    return asdict(reject)


def jsonl_line(row: dict[str, Any]) -> str:
    """A row as a line of the run's JSONL files, without its newline."""
    return json.dumps(row, ensure_ascii=False)


def write_jsonl(f: IO[str], row: dict[str, Any]) -> None:
    f.write(jsonl_line(row))
    f.write("\n")


class RunWriter:
    """Opens the output folder's files and streams records into them, each under a temporary
    name; `close` gives them their names, stats.json last."""

    def __init__(
        self,
        out: Path,
        fmt: str = "jsonl",
        audit: bool = False,
        comments: bool = False,
        stories: bool = True,
    ) -> None:
        """`stories=False`: the story rows are written elsewhere (the Spark engine's
        executors, to a URL), this folder has the rest."""
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r}: {' or '.join(FORMATS)}")
        out.mkdir(parents=True, exist_ok=True)
        self.out = out
        self.fmt = fmt
        clear_run_files(out)
        self._written: list[str] = []
        self._files = ExitStack()
        self._rejects = self._open("rejects.jsonl")
        self._audit = self._open("audit.jsonl") if audit else None
        self._clusters = self._open("clusters.jsonl")
        self._stories: IO[str] | None = None
        self._parquet: pq.ParquetWriter | None = None
        self._batch: list[dict[str, Any]] = []
        if stories and fmt == "jsonl":
            self._stories = self._open("stories.jsonl")
        elif stories:
            sink = self._files.enter_context(self._create("stories.parquet"))
            self._schema = story_schema(comments)
            self._parquet = pq.ParquetWriter(sink, self._schema)

    def _create(self, name: str) -> IO[bytes]:
        self._written.append(name)
        return create_run_file(self.out / f"{WRITING}{name}")

    def _open(self, name: str) -> IO[str]:
        return self._files.enter_context(io.TextIOWrapper(self._create(name), "utf-8"))

    def story_row(self, row: dict[str, Any]) -> None:
        if self._stories is not None:
            write_jsonl(self._stories, row)
        else:
            self._batch.append(row)
            if len(self._batch) >= PARQUET_BATCH:
                self._flush()

    def cluster(self, row: dict[str, Any]) -> None:
        write_jsonl(self._clusters, row)

    def reject(self, reject: Reject) -> None:
        write_jsonl(self._rejects, reject_row(reject))

    def fates(self, fates: list[LineFate]) -> None:
        if self._audit is not None:
            for fate in fates:
                write_jsonl(self._audit, fate_row(fate))

    def append(self, name: str, part: Path) -> None:
        """Append a part's lines (written by write_jsonl) to the run's rejects or audit."""
        sink = {"rejects.jsonl": self._rejects, "audit.jsonl": self._audit}[name]
        if sink is not None:
            with open(part, encoding="utf-8") as lines:
                shutil.copyfileobj(lines, sink)

    def _flush(self) -> None:
        if self._parquet is not None and self._batch:
            self._parquet.write_table(pa.Table.from_pylist(self._batch, schema=self._schema))
            self._batch = []

    def close(self, stats: dict[str, Any]) -> None:
        self._flush()
        if self._parquet is not None:
            self._parquet.close()
        self._files.close()
        with self._create("stats.json") as f:
            f.write((json.dumps(stats, indent=2) + "\n").encode())
        for name in self._written:  # stats.json last: it says the run is finished
            publish(self.out / f"{WRITING}{name}", self.out / name)
