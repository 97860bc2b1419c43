"""Text pages (.txt, .txt.gz): one page a file, the text exactly as in the file."""

from __future__ import annotations

import gzip
import random
from pathlib import Path

import pytest

from copydesk.readers import read_inputs
from copydesk.records import Page, Reject


def pages_and_rejects(inputs: list[str]) -> tuple[list[Page], list[Reject]]:
    out = list(read_inputs(inputs))
    assert all(isinstance(r, Page | Reject) for r in out)
    return [r for r in out if isinstance(r, Page)], [r for r in out if isinstance(r, Reject)]


def write_good(folder: Path, count: int) -> None:
    for i in range(count):
        (folder / f"good{i}.txt").write_text(f"Headline {i}\n\nBody {i}.\n", encoding="utf-8")


# --- real inputs -------------------------------------------------------------------------


def test_seeds(seeds_dir: Path) -> None:
    pages, rejects = pages_and_rejects([str(seeds_dir)])
    assert rejects == []  # README.md in the folder is skipped, not rejected
    assert [p.doc_id for p in pages] == ["000_37d1cc5d8ed588b0", "001_b5f09df1eb19d3b2"]
    first, second = pages
    assert first.source == second.source == "seeds"
    assert first.date == "2025-07-31"  # from " date 2025-07-31 Your support ..."
    assert second.date is None
    assert first.url is None
    for page in pages:
        raw = Path(page.origin).read_bytes().decode("utf-8")
        assert page.text == raw.replace("\r\n", "\n").replace("\r", "\n")
    assert first.text.startswith(" date 2025-07-31 Your support helps us")
    assert "LA MESILLA, Guatemala (AP)" in second.text


# --- small files -------------------------------------------------------------------------


def test_fields_of_a_text_page(tmp_path: Path) -> None:
    outlet = tmp_path / "northfield-herald.example"
    outlet.mkdir()
    path = outlet / "d0001.txt"
    path.write_bytes(b"date 2025-03-04\r\nHeadline\rBody\r\n\r\nEnd")
    [page] = read_inputs([str(path)])
    assert page == Page(
        doc_id="d0001",
        text="date 2025-03-04\nHeadline\nBody\n\nEnd",
        source="northfield-herald.example",
        date="2025-03-04",
        origin=str(path),
    )


def test_gzipped_text_page(tmp_path: Path) -> None:
    path = tmp_path / "0001.txt.gz"
    path.write_bytes(gzip.compress("Ünïcode headline\nbody\n".encode()))
    [page] = read_inputs([str(path)])
    assert isinstance(page, Page)
    assert (page.doc_id, page.text) == ("0001", "Ünïcode headline\nbody\n")


@pytest.mark.parametrize(
    ("name", "doc_id"),
    [("story.v2.txt", "story.v2"), ("UPPER.TXT", "UPPER"), ("a.b.txt.gz", "a.b")],
)
def test_doc_id_drops_only_the_format_extensions(tmp_path: Path, name: str, doc_id: str) -> None:
    path = tmp_path / name
    data = b"text\n"
    path.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    [page] = read_inputs([str(path)])
    assert isinstance(page, Page)
    assert page.doc_id == doc_id


def test_byte_order_mark_is_kept_and_header_still_found(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbfdate 2025-01-01\nText")
    [page] = read_inputs([str(path)])
    assert isinstance(page, Page)
    assert page.text == "\ufeffdate 2025-01-01\nText"
    assert page.date == "2025-01-01"


# --- bad inputs: one clear Reject each, the good pages of the same run all come through ---


def _random_bytes(size: int) -> bytes:
    rng = random.Random(7)
    return bytes(rng.randrange(1, 256) for _ in range(size))  # no NUL: caught as "mostly"


BAD_TEXT_FILES: list[tuple[str, bytes, str]] = [
    ("empty.txt", b"", "empty page"),
    ("spaces.txt", b"  \n\t\r\n \n", "empty page"),
    ("nbsp.txt", "\u00a0\n\u3000".encode(), "empty page"),
    ("nul.txt", b"Headline\x00\x00\x01body", "binary content"),
    ("noise.txt", _random_bytes(4000), "binary content"),
    ("latin1.txt", "Café crème à la mode, déjà vu".encode("latin-1"), "not UTF-8 text"),
    ("utf16.txt", "Headline\nbody".encode("utf-16"), "not UTF-8 text"),
    ("fake.txt.gz", b"plain text, not compressed", "not gzip data"),
    ("empty.txt.gz", gzip.compress(b""), "empty page"),
]


@pytest.mark.parametrize(("name", "data", "reason"), BAD_TEXT_FILES)
def test_bad_text_file(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    write_good(tmp_path, 3)
    (tmp_path / name).write_bytes(data)
    pages, rejects = pages_and_rejects([str(tmp_path)])
    assert len(pages) == 3
    [reject] = rejects
    assert reject.reason.startswith(reason), reject.reason
    assert reject.origin == str(tmp_path / name)
    assert reject.doc_id == name.split(".")[0]


def test_few_invalid_bytes_are_replaced(tmp_path: Path) -> None:
    # One stray Latin-1 byte in a long UTF-8 page (< 1% of its bytes) does not cost it.
    body = "A long enough paragraph of ordinary news text. " * 10
    path = tmp_path / "stray.txt"
    path.write_bytes(body.encode() + b"caf\xe9 " + body.encode())
    [page] = read_inputs([str(path)])
    assert isinstance(page, Page)
    assert page.text == body + "caf\ufffd " + body


def test_invalid_utf8_reason_counts_the_bytes(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("Ça été déjà".encode("latin-1"))
    [reject] = read_inputs([str(path)])
    assert isinstance(reject, Reject)
    assert reject.reason == "not UTF-8 text (5 invalid bytes, 45.5% of the file)"


def test_truncated_gzip_text(tmp_path: Path) -> None:
    write_good(tmp_path, 2)
    blob = gzip.compress(("word " * 5000).encode())
    (tmp_path / "cut.txt.gz").write_bytes(blob[: len(blob) // 2])
    pages, rejects = pages_and_rejects([str(tmp_path)])
    assert len(pages) == 2
    [reject] = rejects
    assert reject.reason.startswith("truncated gzip: ")
    assert reject.doc_id == "cut"


def test_corrupt_gzip_text(tmp_path: Path) -> None:
    blob = bytearray(gzip.compress(("word " * 5000).encode()))
    blob[-8] ^= 0xFF  # break the CRC in the trailer
    (tmp_path / "crc.txt.gz").write_bytes(bytes(blob))
    [reject] = read_inputs([str(tmp_path / "crc.txt.gz")])
    assert isinstance(reject, Reject)
    assert reject.reason.startswith("corrupt gzip: ")
