"""JSON Lines: one page a line (`.jsonl`, `.jsonl.gz`), read line by line."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import BinaryIO

from copydesk.readers.decode import UTF16_BOMS, looks_binary
from copydesk.readers.guard import Pending
from copydesk.readers.html import DEFAULT_READING, HtmlReading
from copydesk.readers.record import parse_line
from copydesk.readers.stream import (
    GZIP_ERRORS,
    MAX_RECORD_BYTES,
    Damage,
    LineSource,
    NotGzipError,
    Oversize,
    bounded_lines,
    describe_size,
    gzip_problem,
    open_records,
    sniff,
)
from copydesk.records import Page, Reject

_BOM = b"\xef\xbb\xbf"

# A line opening a JSON object with a key, `{"` after blanks: what JSONL is made of.
_RECORD_START = re.compile(rb'(?:^|\n)[ \t\r]*(?:\xef\xbb\xbf)?\{[ \t\r]*"')


class _Utf16Lines:
    """A UTF-16 JSONL file's lines as UTF-8 bytes, transcoded as they are read."""

    def __init__(self, stream: BinaryIO) -> None:
        # Invalid UTF-16 (a lone surrogate) becomes U+FFFD, as lone surrogates in JSON do.
        self._text = io.TextIOWrapper(stream, encoding="utf-16", errors="replace", newline="")

    def readline(self, size: int = -1, /) -> bytes:
        # `size` counts characters here, each at least one UTF-8 byte: a line over the
        # limit in characters is over it in bytes too, so bounded_lines still bounds it.
        return self._text.readline(size).encode("utf-8")


def _is_binary(start: bytes) -> bool:
    """A start with control bytes and not one line of JSON is not JSONL but some binary
    file (an image, an archive) named .jsonl: one Reject for it, not one for each newline
    byte in it. Control bytes among JSON lines cost only the lines that hold them."""
    return looks_binary(start) and not _RECORD_START.search(start)


def read_jsonl_file(
    path: Path, reading: HtmlReading = DEFAULT_READING, *, limit: int = MAX_RECORD_BYTES
) -> Iterator[Page | Reject]:
    """Yield a Page or a Reject for each non-blank line; origins are `path:LINE` (1-based).

    A bad line costs only itself. UTF-16 (with its byte-order mark) is read as text too. A
    damaged gzip member costs one Reject and its lines: reading goes on from the next member
    that decodes (there is none in a file gzipped as one member), and later line numbers
    count only the lines read. A gzip stream cut short ends the file with one Reject.
    """
    lineno = 0
    records = 0  # non-blank lines seen, good or bad
    damages: list[Damage] = []
    try:
        stream, damages = open_records(path)
        with stream:
            start = sniff(stream)
            lines: LineSource = stream
            if start.startswith(UTF16_BOMS):
                lines = _Utf16Lines(stream)
            elif _is_binary(start):
                yield Reject(str(path), "binary content")
                return
            for lineno, line in enumerate(bounded_lines(lines, limit), start=1):
                yield from _damage_rejects(path, damages)
                origin = f"{path}:{lineno}"
                if isinstance(line, Oversize):
                    records += 1
                    yield Reject(origin, f"record too large: {describe_size(line.size, limit)}")
                    continue
                if lineno == 1:
                    line = line.removeprefix(_BOM)
                if not line or line.isspace():
                    continue  # blank lines separate nothing in JSONL; they are not records
                records += 1
                yield Pending(origin, partial(parse_line, line, origin, reading))
    except NotGzipError as error:
        yield Reject(str(path), str(error))
        return
    except GZIP_ERRORS as error:
        yield from _damage_rejects(path, damages)
        yield Reject(str(path), f"{gzip_problem(error)}; read up to line {lineno}, no further")
        return
    yield from _damage_rejects(path, damages)
    if records == 0:
        yield Reject(str(path), "no records (the file is empty or only blank lines)")


def _damage_rejects(path: Path, damages: list[Damage]) -> Iterator[Reject]:
    """A Reject for each damaged gzip member met since the last call (GzipMembers lists them
    as it reads ahead, so one may come a few lines before the lines it cost)."""
    while damages:
        yield Reject(str(path), damages.pop(0).reason)
