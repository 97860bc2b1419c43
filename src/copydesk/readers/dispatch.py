"""Which reader reads which file, and the stage's entry point, read_inputs."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from copydesk.readers.guard import Pending, internal_error, unreadable
from copydesk.readers.html import DEFAULT_READING, HtmlReading, read_html_file
from copydesk.readers.inputs import InputFile, expand_input
from copydesk.readers.jsonl import read_jsonl_file
from copydesk.readers.text import read_text_file
from copydesk.readers.warc import read_warc_file
from copydesk.records import Page, Reject, Skipped

Record = Page | Reject | Skipped
Raw = Record | Pending  # a record as read, its Page perhaps still to make
# A reader takes the file, how to read HTML (for formats holding HTML) and the file's name
# under its input root (InputFile.name: what ids made from the file are made of).
Reader = Callable[[Path, HtmlReading, str], Iterator[Raw]]

# One entry per format, by extension; each is also read gzipped (`.txt.gz`). Adding a
# format is one entry here and one module with its reader.
READERS: dict[str, Reader] = {
    ".txt": lambda path, _reading, name: read_text_file(path, name=name),
    ".jsonl": lambda path, reading, _name: read_jsonl_file(path, reading),
    ".html": read_html_file,
    ".htm": read_html_file,
    ".warc": read_warc_file,
    ".wet": read_warc_file,
}

# Rejects listed for one input file at most; the rest are counted in one summary Reject. A
# file of junk (a log renamed .jsonl, a 2 KB gzip of a million bad lines) would otherwise
# fill rejects.jsonl with the same reason a million times; a thousand shows what is wrong.
MAX_REJECTS_PER_FILE = 1000


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


def file_records(item: InputFile, reading: HtmlReading = DEFAULT_READING) -> Iterator[Raw]:
    """The records in one file as read, by the reader for its type, the costly making of
    their Pages left Pending (for an engine to do where it likes), no cap on rejects;
    Rejects for what fails."""
    origin = str(item.path)
    reader = reader_for(item.path)
    if reader is None:
        # Only files named one by one get here: folders and globs leave unknown files out.
        yield Reject(origin, f"unsupported file type (readable: {readable_names()})")
        return
    try:
        yield from reader(item.path, reading, item.name)
    except OSError as error:
        # Unreadable (permissions, I/O error, vanished): this file only, the run goes on.
        yield unreadable(origin, error)
    except Exception as exc:  # a fault outside any one record (the readers guard those)
        yield internal_error(exc, origin)


def read_file(item: InputFile, reading: HtmlReading = DEFAULT_READING) -> Iterator[Record]:
    """The records in one file, each made into its Page at once; past MAX_REJECTS_PER_FILE
    rejects, the rest are counted in one Reject at the end of the file while its pages are
    still read."""
    cap = RejectCap(str(item.path))
    for record in file_records(item, reading):
        made = record.page() if isinstance(record, Pending) else record
        if cap.admits(made):
            yield made
    if (closing := cap.closing()) is not None:
        yield closing


@dataclass
class RejectCap:
    """At most MAX_REJECTS_PER_FILE of one file's rejects are listed; the rest are counted
    for one closing Reject."""

    origin: str  # the file's
    listed: int = 0
    unlisted: int = 0

    def admits(self, record: Record) -> bool:
        if not isinstance(record, Reject):
            return True
        if self.listed == MAX_REJECTS_PER_FILE:
            self.unlisted += record.count
            return False
        self.listed += 1
        return True

    def closing(self) -> Reject | None:
        if not self.unlisted:
            return None
        return Reject(
            self.origin,
            # One prefix before the first colon: what a run's stats count rejects by.
            f"rejects not listed: {self.unlisted:,} more in this file (the first "
            f"{MAX_REJECTS_PER_FILE:,} are)",
            count=self.unlisted,
        )


def _inside(path: Path, folder: Path) -> bool:
    return path.resolve().is_relative_to(folder)


def input_files(
    inputs: Sequence[str], *, exclude: Path | None = None
) -> Iterator[InputFile | Reject]:
    """The files `inputs` (files, folders, globs) stand for, in reading order, and a Reject
    for each input that stands for none. No file under `exclude` (the run's output folder)
    is read: a run must not read its own rejects.jsonl."""
    kinds = readable_names()
    skipped = exclude.resolve() if exclude is not None else None

    def wanted(path: Path) -> bool:
        return is_readable(path) and (skipped is None or not _inside(path, skipped))

    for text in inputs:
        for item in expand_input(text, wanted, kinds):
            if isinstance(item, InputFile) and skipped is not None and _inside(item.path, skipped):
                yield Reject(str(item.path), "inside the output folder: not read")
            else:
                yield item


def read_inputs(
    inputs: Sequence[str], reading: HtmlReading = DEFAULT_READING, *,
    exclude: Path | None = None,
) -> Iterator[Record]:
    """Every Page in `inputs` (files, folders, globs), a Reject for each that fails, and a
    Skipped for archive records passed over. HTML is read as `reading` says; files under
    `exclude` are not read (input_files).

    Lazy and streaming: one file is open at a time and one record is in memory.
    """
    for item in input_files(inputs, exclude=exclude):
        if isinstance(item, Reject):
            yield item
        else:
            yield from read_file(item, reading)
