"""Opening inputs (plain or gzip) and reading them in bounded pieces; in a gzip file of many
members (a .warc.gz, an appended .jsonl.gz), finding a damaged member and the next that decodes.

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
from typing import BinaryIO, Protocol

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


def check_gzip_signature(path: Path) -> None:
    """Raise NotGzipError if `path` (named *.gz) does not start with the gzip signature:
    a mislabelled file gets one clear reason instead of an error from the decompressor."""
    with path.open("rb") as probe:
        head = probe.read(len(GZIP_MAGIC))
    # An empty .gz reads as empty (the caller reports "empty page" / "no records").
    if head and head != GZIP_MAGIC:
        raise NotGzipError(f"not gzip data (starts with {head!r}, expected {GZIP_MAGIC!r})")


def open_input(path: Path) -> io.BufferedReader | gzip.GzipFile:
    """Open a one-page file for binary reading, decompressing it if it is named *.gz."""
    if not is_gzip_name(path):
        return path.open("rb")
    check_gzip_signature(path)
    return gzip.open(path, "rb")


def sniff(stream: io.BufferedReader) -> bytes:
    """Up to SNIFF_BYTES from the start of `stream`, without consuming them."""
    return stream.peek(SNIFF_BYTES)[:SNIFF_BYTES]


def gzip_problem(exc: BaseException) -> str:
    """A user-facing reason for one of GZIP_ERRORS."""
    if isinstance(exc, EOFError):
        return "truncated gzip: the compressed stream ends early (file cut short?)"
    return f"corrupt gzip: {exc}"


class LineSource(Protocol):
    """What bounded_lines reads: a binary stream, or anything with its readline."""

    def readline(self, size: int = -1, /) -> bytes: ...


def _discard_line(stream: LineSource) -> int:
    """Skip to just past the next newline (or EOF); return the bytes skipped before it."""
    skipped = 0
    while True:
        piece = stream.readline(CHUNK_BYTES)
        if not piece:
            return skipped
        if piece.endswith(b"\n"):
            return skipped + len(piece) - 1
        skipped += len(piece)


def bounded_lines(stream: LineSource, limit: int = MAX_RECORD_BYTES) -> Iterator[bytes | Oversize]:
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


# --- gzip members: finding the damage, and the next member that decodes -------------------

# A gzip member's first bytes: the signature and the deflate method.
_MEMBER_START = GZIP_MAGIC + b"\x08"

# GzipMembers' read buffer: inflating 64 KB a call reads a .jsonl.gz a little faster than
# gzip.GzipFile does; the default 8 KB made it half as slow again.
_MEMBERS_BUFFER = 64 * 1024


@dataclass(frozen=True, slots=True)
class Damage:
    """A gzip member that does not decode: where it starts, why, and where the next member
    that decodes starts (None: there is none, the rest of the file is lost)."""

    start: int
    problem: str
    resume: int | None

    @property
    def reason(self) -> str:
        # One prefix before the first colon: what a run's stats count rejects by.
        lost = (f"damaged gzip member: the member at byte {self.start:,} does not decode "
                f"({self.problem})")
        if self.resume is None:
            return f"{lost}; no later member decodes: the rest of the file is lost"
        return (f"{lost}; bytes {self.start:,} to {self.resume:,} are lost, reading goes on "
                "from the next member")


def member_end(raw: BinaryIO, start: int) -> int:
    """Where the gzip member starting at byte `start` of `raw` ends; raises one of
    GZIP_ERRORS if it does not decode whole. Its output is dropped piece by piece: a
    member that inflates to gigabytes costs time here, not memory."""
    raw.seek(start)
    inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)
    read = 0
    while not inflate.eof:
        chunk = raw.read(CHUNK_BYTES)
        if not chunk:
            raise EOFError("the member ends early")
        read += len(chunk)
        pending = chunk
        while pending and not inflate.eof:
            inflate.decompress(pending, CHUNK_BYTES)
            pending = inflate.unconsumed_tail
    return start + read - len(inflate.unused_data)


def next_member(raw: BinaryIO, after: int) -> int | None:
    """The byte offset of the first gzip member at or after `after` that decodes whole."""
    position = after
    while True:
        raw.seek(position)
        chunk = raw.read(CHUNK_BYTES)
        if len(chunk) < len(_MEMBER_START):
            return None
        found = chunk.find(_MEMBER_START)
        if found < 0:
            # Keep the chunk's last bytes: a signature may straddle two chunks.
            position += len(chunk) - len(_MEMBER_START) + 1
            continue
        candidate = position + found
        try:
            member_end(raw, candidate)
        except GZIP_ERRORS:
            position = candidate + 1  # compressed bytes that happen to look like a start
            continue
        return candidate


def find_damage(raw: BinaryIO, start: int, stop: int) -> Damage | None:
    """The first member that does not decode among those starting from byte `start` (a
    member's start) before byte `stop`, or None if they all decode."""
    position = start
    while position < stop:
        try:
            position = member_end(raw, position)
        except GZIP_ERRORS as error:
            return Damage(position, gzip_problem(error), next_member(raw, position + 1))
    return None


class GzipMembers(io.RawIOBase):
    """The decompressed bytes of a gzip file, member after member, that reads on past a
    damaged member from the next member that decodes (listing each in `damages`), where
    gzip.GzipFile would stop at the first damage. A file cut short still raises EOFError.

    Where it skips, it puts a newline: a line-based reader then never joins the bytes before
    a damage and those after it into one line that might parse as a record it is not.
    """

    def __init__(self, raw: BinaryIO) -> None:
        super().__init__()
        self._raw = raw
        self._input = b""  # compressed bytes read but not yet inflated
        self._input_at = 0  # their offset in the file
        self._member_at = 0  # where the member being inflated starts
        self._inflate: zlib._Decompress | None = None  # None between members
        self._ended = False
        self.damages: list[Damage] = []

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        while not self._ended:
            if not self._input:
                self._input = self._raw.read(CHUNK_BYTES)
                if not self._input:
                    if self._inflate is not None:
                        raise EOFError("Compressed file ended before the end-of-stream marker "
                                       "was reached")
                    return 0
            if self._inflate is None:
                self._member_at = self._input_at
                self._inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)
            try:
                out = self._inflate.decompress(self._input, len(buffer))
            except zlib.error as error:
                self._skip_damage(gzip_problem(error))
                out = b"\n"
            else:
                rest = self._inflate.unused_data if self._inflate.eof else (
                    self._inflate.unconsumed_tail)
                self._input_at += len(self._input) - len(rest)
                self._input = rest
                if self._inflate.eof:
                    self._inflate = None
            if out:
                buffer[: len(out)] = out
                return len(out)
        return 0

    def close(self) -> None:
        self._raw.close()
        super().close()

    def _skip_damage(self, problem: str) -> None:
        resume = next_member(self._raw, self._member_at + 1)
        self.damages.append(Damage(self._member_at, problem, resume))
        self._inflate = None
        self._input = b""
        if resume is None:
            self._ended = True
        else:
            self._raw.seek(resume)
            self._input_at = resume


def open_records(path: Path) -> tuple[io.BufferedReader, list[Damage]]:
    """Open a file of many records (JSONL) for binary reading; a *.gz is read on past a
    damaged member (GzipMembers), and the list returned fills with the damages met."""
    if not is_gzip_name(path):
        return path.open("rb"), []
    check_gzip_signature(path)
    members = GzipMembers(path.open("rb"))
    return io.BufferedReader(members, _MEMBERS_BUFFER), members.damages
