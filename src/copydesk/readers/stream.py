"""Opening inputs (plain or gzip) and reading them in bounded pieces.

Nothing here holds more than one record (at most MAX_RECORD_BYTES plus one chunk) in
memory, however large the file or however long one of its lines.
"""

from __future__ import annotations

import gzip
import io
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

# The largest record (a JSONL line, or a whole .txt page) we accept, in bytes. A real news
# page is well under 1 MB of text; anything past 8 MB is a crawl accident (a data: URI, a
# dumped binary, a whole site in one line). Refusing it keeps memory per record bounded and
# protects the later stages, whose cost grows with page size.
MAX_RECORD_BYTES = 8 * 1024 * 1024

# How much of a file's start is looked at to tell text from binary.
SNIFF_BYTES = 4096

# How much is read at a time while discarding (or measuring) an over-long record.
CHUNK_BYTES = 1024 * 1024

GZIP_MAGIC = b"\x1f\x8b"

# What a damaged gzip stream raises while being read: EOFError when it is cut short,
# BadGzipFile / zlib.error when its bytes are garbled.
GZIP_ERRORS: tuple[type[BaseException], ...] = (EOFError, gzip.BadGzipFile, zlib.error)


class NotGzipError(Exception):
    """A file named *.gz whose first bytes are not the gzip signature."""


@dataclass(frozen=True, slots=True)
class Oversize:
    """A record longer than the limit: only its size is kept, never its bytes."""

    size: int


def is_gzip_name(path: Path) -> bool:
    return path.name.lower().endswith(".gz")


def open_input(path: Path) -> io.BufferedReader | gzip.GzipFile:
    """Open `path` for binary reading, decompressing it if it is named *.gz.

    The gzip signature is checked up front so that a mislabelled file gets one clear
    reason instead of an error from the middle of the decompressor.
    """
    if not is_gzip_name(path):
        return path.open("rb")
    with path.open("rb") as probe:
        head = probe.read(len(GZIP_MAGIC))
    # An empty .gz reads as empty (the caller reports "empty page" / "no records").
    if head and head != GZIP_MAGIC:
        raise NotGzipError(f"not gzip data (starts with {head!r}, expected {GZIP_MAGIC!r})")
    return gzip.open(path, "rb")


def sniff(stream: io.BufferedReader | gzip.GzipFile) -> bytes:
    """Up to SNIFF_BYTES from the start of `stream`, without consuming them."""
    return stream.peek(SNIFF_BYTES)[:SNIFF_BYTES]


def gzip_problem(exc: BaseException) -> str:
    """A user-facing reason for one of GZIP_ERRORS."""
    if isinstance(exc, EOFError):
        return "truncated gzip: the compressed stream ends early (file cut short?)"
    return f"corrupt gzip: {exc}"


def _discard_line(stream: BinaryIO) -> int:
    """Skip to just past the next newline (or EOF); return the bytes skipped before it."""
    skipped = 0
    while True:
        piece = stream.readline(CHUNK_BYTES)
        if not piece:
            return skipped
        if piece.endswith(b"\n"):
            return skipped + len(piece) - 1
        skipped += len(piece)


def bounded_lines(stream: BinaryIO, limit: int = MAX_RECORD_BYTES) -> Iterator[bytes | Oversize]:
    """Yield each line of `stream` without its newline, or Oversize for a line over `limit`.

    A line is at most limit + 1 bytes in memory; the rest of a longer one is read and
    dropped in chunks, so the line after it is read normally.
    """
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        if line.endswith(b"\n"):
            yield line[:-1]
            continue
        if len(line) <= limit:  # the last line, with no newline at the end
            yield line
            continue
        size = len(line)
        del line  # let the big buffer go before reading on
        yield Oversize(size + _discard_line(stream))


def read_bounded(stream: BinaryIO, limit: int = MAX_RECORD_BYTES) -> bytes | Oversize:
    """Read the whole stream if it is at most `limit` bytes, else only measure it."""
    data = stream.read(limit + 1)
    if len(data) <= limit:
        return data
    size = len(data)
    del data
    while piece := stream.read(CHUNK_BYTES):
        size += len(piece)
    return Oversize(size)


def describe_size(size: int, limit: int = MAX_RECORD_BYTES) -> str:
    return f"{size:,} bytes, over the limit of {limit:,} bytes"


def read_page_file(path: Path, limit: int = MAX_RECORD_BYTES) -> bytes | str:
    """A one-page file's bytes, or why they cannot be read (damaged gzip, over the limit)."""
    try:
        with open_input(path) as stream:
            data = read_bounded(stream, limit)
    except NotGzipError as error:
        return str(error)
    except GZIP_ERRORS as error:
        return gzip_problem(error)
    if isinstance(data, Oversize):
        return f"page too large: {describe_size(data.size, limit)}"
    return data
