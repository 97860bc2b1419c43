"""JSON Lines: one page a line (`.jsonl`, `.jsonl.gz`), read line by line."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from copydesk.readers.decode import looks_binary
from copydesk.readers.extract import DEFAULT_EXTRACTOR
from copydesk.readers.record import parse_line
from copydesk.readers.stream import (
    GZIP_ERRORS,
    MAX_RECORD_BYTES,
    NotGzipError,
    Oversize,
    bounded_lines,
    describe_size,
    gzip_problem,
    open_input,
    sniff,
)
from copydesk.records import Page, Reject

_BOM = b"\xef\xbb\xbf"


def read_jsonl_file(
    path: Path, extractor: str = DEFAULT_EXTRACTOR, *, limit: int = MAX_RECORD_BYTES
) -> Iterator[Page | Reject]:
    """Yield a Page or a Reject for each non-blank line; origins are `path:LINE` (1-based).

    A bad line costs only itself. A damaged gzip stream ends the file with one Reject
    after the records before the damage.
    """
    lineno = 0
    records = 0  # non-blank lines seen, good or bad
    try:
        with open_input(path) as stream:
            # JSON allows no control bytes but \t \n \r, so a start that has them is not
            # JSONL: one Reject for the file, not one for each newline byte in it.
            if looks_binary(sniff(stream)):
                yield Reject(str(path), "binary content")
                return
            for lineno, line in enumerate(bounded_lines(stream, limit), start=1):
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
                yield parse_line(line, origin, extractor)
    except NotGzipError as error:
        yield Reject(str(path), str(error))
        return
    except GZIP_ERRORS as error:
        yield Reject(str(path), f"{gzip_problem(error)}; read up to line {lineno}, no further")
        return
    if records == 0:
        yield Reject(str(path), "no records (the file is empty or only blank lines)")
