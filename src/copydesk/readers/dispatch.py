"""Which reader reads which file, and the stage's entry point, read_inputs."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from copydesk.readers.extract import DEFAULT_EXTRACTOR
from copydesk.readers.html import read_html_file
from copydesk.readers.inputs import expand_input
from copydesk.readers.jsonl import read_jsonl_file
from copydesk.readers.text import read_text_file
from copydesk.readers.warc import read_warc_file
from copydesk.records import Page, Reject, Skipped

Record = Page | Reject | Skipped
# A reader takes the file and the name of the HTML extractor (for formats holding HTML).
Reader = Callable[[Path, str], Iterator[Record]]

# One entry per format, by extension; each is also read gzipped (`.txt.gz`). Adding a
# format is one entry here and one module with its reader.
READERS: dict[str, Reader] = {
    ".txt": lambda path, _extractor: read_text_file(path),
    ".jsonl": read_jsonl_file,
    ".html": read_html_file,
    ".htm": read_html_file,
    ".warc": read_warc_file,
    ".wet": read_warc_file,
}


def reader_for(path: Path) -> Reader | None:
    name = path.name.lower()
    for suffix, reader in READERS.items():
        if name.endswith(suffix) or name.endswith(suffix + ".gz"):
            return reader
    return None


def is_readable(path: Path) -> bool:
    return reader_for(path) is not None


def readable_names() -> str:
    return ", ".join(f"{s}, {s}.gz" for s in READERS)


def read_file(path: Path, extractor: str = DEFAULT_EXTRACTOR) -> Iterator[Record]:
    """The records in one file, by the reader for its type; Rejects for what fails."""
    origin = str(path)
    reader = reader_for(path)
    if reader is None:
        # Only files named one by one get here: folders and globs leave unknown files out.
        yield Reject(origin, f"unsupported file type (readable: {readable_names()})")
        return
    try:
        yield from reader(path, extractor)
    except OSError as error:
        # Unreadable (permissions, I/O error, vanished): this file only, the run goes on.
        yield Reject(origin, f"cannot read: {error.strerror or error}")


def read_inputs(
    inputs: Sequence[str], extractor: str = DEFAULT_EXTRACTOR
) -> Iterator[Record]:
    """Every Page in `inputs` (files, folders, globs), a Reject for each that fails, and a
    Skipped for archive records passed over. HTML goes through `extractor`.

    Lazy and streaming: one file is open at a time and one record is in memory.
    """
    kinds = readable_names()
    for text in inputs:
        for item in expand_input(text, is_readable, kinds):
            if isinstance(item, Reject):
                yield item
            else:
                yield from read_file(item, extractor)
