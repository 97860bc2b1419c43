"""The report's data files: JSON inside JavaScript, one `copydesk.take(name, value);`
statement a line, which the report's script collects when it loads the file.

Why JavaScript and not JSON files: the report is opened from disk (file://), where the
browser refuses fetch() of another file, but runs a <script src> beside the page. The
value is JSON with every non-ASCII character escaped, which is a JavaScript literal that
runs nothing; the statement's name and value are ours (json.dumps), never page text
written as code. A file holds the statements of a few dozen clusters or pages (each value
names its own by `key`), a page's in parts: its stories, then its audit lines.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any


def key(text: str) -> str:
    """A cluster's or page's file name: a digest of its id, so that no page text (a doc_id
    is the crawl's) ever becomes a path, and no table of ids is kept in memory."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


# Clusters or pages a data file holds, about: a file a cluster would make a run of 100,000
# clusters 200,000 small files, which the file system, not the data, makes slow to write and
# to remove; a few dozen a file cost a page view little (a wire-dev page file: ~1 MB).
PER_FILE = 32


def width(items: int) -> int:
    """How many hex digits of a key name its file: enough files for PER_FILE items each."""
    digits = 1
    while 16**digits * PER_FILE < items:
        digits += 1
    return digits


def name(kind: str, k: str, digits: int) -> str:
    """The data name of the file holding a cluster ("c") or page ("p") of key `k`."""
    return f"{kind}/{k[:digits]}"


def statement(data_name: str, value: Any) -> str:
    body = json.dumps(value, ensure_ascii=True, separators=(",", ":"))
    return f"copydesk.take({json.dumps(data_name)},{body});\n"


# Statements held before they are appended to their files: the data of a page or cluster
# comes in a few parts, and its file holds others'.
BUFFER = 32_000_000


class Store:
    """The report's data folder: data files by name, their folders made as first needed.
    `add` appends a statement to a file, through a buffer; `write` writes a file of one."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._made: set[Path] = set()
        self._held: dict[str, list[str]] = {}
        self._size = 0

    def _path(self, data_name: str) -> Path:
        path = self.folder / f"{data_name}.js"
        if path.parent not in self._made:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._made.add(path.parent)
        return path

    def write(self, data_name: str, value: Any) -> None:
        self._path(data_name).write_text(statement(data_name, value), encoding="ascii")

    def add(self, data_name: str, value: Any) -> None:
        line = statement(data_name, value)
        self._held.setdefault(data_name, []).append(line)
        self._size += len(line)
        if self._size > BUFFER:
            self.flush()

    def flush(self) -> None:
        for data_name, lines in self._held.items():
            with open(self._path(data_name), "a", encoding="ascii") as f:
                f.writelines(lines)
        self._held, self._size = {}, 0
