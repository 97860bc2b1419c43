"""Plain-text pages: one page a file (`.txt`, `.txt.gz`)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from copydesk.readers.dates import header_date
from copydesk.readers.decode import NotTextError, decode_page, is_blank
from copydesk.readers.stream import MAX_RECORD_BYTES, read_page_file
from copydesk.records import Page, Reject

TEXT_SUFFIXES = (".txt.gz", ".txt")


def text_doc_id(name: str) -> str:
    """The file's name (or path under its input root) without the extensions that made it a
    text page.

    Only `.txt` / `.txt.gz` go: `story.v2.txt` is `story.v2`, so dots in ids survive.
    """
    for suffix in TEXT_SUFFIXES:
        if name.lower().endswith(suffix):
            return name[: -len(suffix)]
    return name


def folder_source(path: Path) -> str | None:
    """The outlet of a text page: the name of the folder it is in."""
    # absolute(), not resolve(): a symlinked corpus keeps the folder name the user sees.
    return path.absolute().parent.name or None


def read_text_file(
    path: Path, *, name: str | None = None, limit: int = MAX_RECORD_BYTES
) -> Iterator[Page | Reject]:
    """Yield the one Page in a text file, or one Reject saying why there is none. `name`:
    the file's path under its input root (InputFile.name), for the id; else its own name."""
    origin = str(path)
    doc_id = text_doc_id(name or path.name)
    data = read_page_file(path, limit)
    if isinstance(data, str):
        yield Reject(origin, data, doc_id)
        return
    try:
        text = decode_page(data)
    except NotTextError as error:
        yield Reject(origin, str(error), doc_id)
        return
    if is_blank(text):
        yield Reject(origin, "empty page", doc_id)
        return
    yield Page(
        doc_id=doc_id,
        text=text,
        source=folder_source(path),
        date=header_date(text)[0],
        origin=origin,
    )
