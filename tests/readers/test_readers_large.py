"""Records over MAX_RECORD_BYTES: rejected with their size, in bounded memory."""

from __future__ import annotations

import gzip
import io
import json
import tracemalloc
from pathlib import Path
from typing import NamedTuple

import pytest

from copydesk.readers import MAX_RECORD_BYTES, read_inputs
from copydesk.readers.stream import Oversize, bounded_lines, read_bounded
from copydesk.records import Page, Reject

BIG = 50 * 1024 * 1024  # one 50 MB record


def good_line(i: int) -> bytes:
    return json.dumps({"id": f"g{i}", "text": f"Body {i}"}).encode()


class BigFiles(NamedTuple):
    page: Path  # a .txt of BIG bytes
    lines: Path  # .jsonl: good, good, huge, good
    packed: Path  # .jsonl.gz: good, huge, good (no final newline)
    line_size: int  # bytes in the huge JSONL line


@pytest.fixture(scope="module")
def big_files(tmp_path_factory: pytest.TempPathFactory) -> BigFiles:
    """Written once for the module: a 50 MB page, and a 50 MB line amid good JSONL lines."""
    folder = tmp_path_factory.mktemp("big")
    big_text = b"word " * (BIG // 5)
    page = folder / "huge.txt"
    page.write_bytes(big_text)
    big_line = b'{"id": "huge", "text": "' + big_text + b'"}'
    lines = folder / "huge.jsonl"
    lines.write_bytes(b"\n".join([good_line(0), good_line(1), big_line, good_line(3)]) + b"\n")
    packed = folder / "huge.jsonl.gz"
    with gzip.open(packed, "wb", compresslevel=1) as out:
        out.write(b"\n".join([good_line(0), big_line, good_line(2)]))  # no final newline
    return BigFiles(page, lines, packed, len(big_line))


def test_huge_text_page(big_files: BigFiles) -> None:
    path = big_files.page
    [reject] = read_inputs([str(path)])
    reason = f"page too large: {BIG:,} bytes, over the limit of {MAX_RECORD_BYTES:,} bytes"
    assert reject == Reject(str(path), reason, "huge")


def test_huge_jsonl_line_costs_only_itself(big_files: BigFiles) -> None:
    path, size = big_files.lines, big_files.line_size
    tracemalloc.start()
    try:
        records = list(read_inputs([str(path)]))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [r.doc_id for r in records if isinstance(r, Page)] == ["g0", "g1", "g3"]
    assert records[2] == Reject(
        f"{path}:3",
        f"record too large: {size:,} bytes, over the limit of {MAX_RECORD_BYTES:,} bytes",
    )
    # The 50 MB line was never held whole: at most the limit plus a chunk or so.
    assert peak < 3 * MAX_RECORD_BYTES


def test_huge_line_in_gzip(big_files: BigFiles) -> None:
    path, size = big_files.packed, big_files.line_size
    records = list(read_inputs([str(path)]))
    assert [type(r) for r in records] == [Page, Reject, Page]
    assert records[1].origin == f"{path}:2"
    assert records[1].reason.startswith(f"record too large: {size:,} bytes")


# --- the bounded reading itself, with a small limit ----------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", []),
        (b"abcd\n", [b"abcd"]),  # exactly at the limit
        (b"abcd", [b"abcd"]),  # at the limit, no final newline
        (b"abcde\nok\n", [Oversize(5), b"ok"]),  # one over
        (b"abcde", [Oversize(5)]),
        (b"x" * 50 + b"\n\nok", [Oversize(50), b"", b"ok"]),
        (b"a\r\n" + b"y" * 9, [b"a\r", Oversize(9)]),
    ],
)
def test_bounded_lines(data: bytes, expected: list[bytes | Oversize]) -> None:
    assert list(bounded_lines(io.BufferedReader(io.BytesIO(data)), limit=4)) == expected


@pytest.mark.parametrize(
    ("data", "expected"),
    [(b"", b""), (b"abcd", b"abcd"), (b"abcde", Oversize(5)), (b"z" * 99, Oversize(99))],
)
def test_read_bounded(data: bytes, expected: bytes | Oversize) -> None:
    assert read_bounded(io.BytesIO(data), limit=4) == expected
