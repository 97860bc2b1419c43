"""The report's data files: JSON inside JavaScript, one `copydesk.take(name, value);`
statement a line, which the report's script collects when it loads the file.

Why JavaScript and not JSON files: the report is opened from disk (file://), where the
browser refuses fetch() of another file, but runs a <script src> beside the page. The
value is JSON with every non-ASCII character escaped, which is a JavaScript literal that
runs nothing; the statement's name and value are ours (json.dumps), never page text
written as code. A file may hold several statements: a page's stories and its audit lines
are appended as they stream by.
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


def name(kind: str, k: str) -> str:
    """The data name of a cluster ("c") or page ("p") by its key, spread over 256 folders
    (a run of a million clusters would otherwise put them all in one)."""
    return f"{kind}/{k[:2]}/{k}"


def statement(data_name: str, value: Any) -> str:
    body = json.dumps(value, ensure_ascii=True, separators=(",", ":"))
    return f"copydesk.take({json.dumps(data_name)},{body});\n"


class Store:
    """The report's data folder: data files by name, their folders made as first needed."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._made: set[Path] = set()

    def write(self, data_name: str, value: Any, append: bool = False) -> None:
        path = self.folder / f"{data_name}.js"
        if path.parent not in self._made:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._made.add(path.parent)
        with open(path, "a" if append else "w", encoding="ascii") as f:
            f.write(statement(data_name, value))
