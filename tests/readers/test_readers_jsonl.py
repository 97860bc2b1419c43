"""JSON Lines (.jsonl, .jsonl.gz): one page a line, a bad line costs only itself."""

from __future__ import annotations

import gzip
import itertools
import json
import random
import zlib
from pathlib import Path

import pytest

from copydesk.readers import read_inputs, read_jsonl_file
from copydesk.readers.guard import made
from copydesk.records import Page, Reject


def pages_and_rejects(inputs: list[str]) -> tuple[list[Page], list[Reject]]:
    out = list(read_inputs(inputs))
    assert all(isinstance(r, Page | Reject) for r in out)
    return [r for r in out if isinstance(r, Page)], [r for r in out if isinstance(r, Reject)]


def good_line(i: int) -> str:
    return json.dumps({"id": f"g{i}", "url": f"https://news.example/{i}", "text": f"Body {i}"})


def write_jsonl(path: Path, lines: list[str], *, compress: bool = False) -> None:
    data = "".join(line + "\n" for line in lines).encode("utf-8")
    path.write_bytes(gzip.compress(data) if compress else data)


# --- real inputs -------------------------------------------------------------------------


def test_wire_dev_first_records(wire_dev_pages: Path) -> None:
    with gzip.open(wire_dev_pages, "rt", encoding="utf-8") as raw:
        expected = [json.loads(line) for line in itertools.islice(raw, 200)]
    got = list(itertools.islice(made(read_jsonl_file(wire_dev_pages)), 200))
    assert all(isinstance(r, Page) for r in got)
    for lineno, (page, record) in enumerate(zip(got, expected, strict=True), start=1):
        assert isinstance(page, Page)
        assert page.doc_id == str(record["id"])
        assert page.text == record["text"]
        assert page.url == record["url"]
        assert page.origin == f"{wire_dev_pages}:{lineno}"
        assert page.source and not page.source.startswith("www.")
        assert page.source == page.source.lower()
        if record["text"].startswith("date "):
            assert page.date == record["text"][5:15]
        else:
            assert page.date is None
    assert got[0].source == "startuplessonslearned.com"
    assert any(p.date for p in got if isinstance(p, Page))


# --- small files -------------------------------------------------------------------------


def test_fields_of_jsonl_records(tmp_path: Path) -> None:
    path = tmp_path / "pages.jsonl"
    records = [
        {"id": 7, "url": "https://WWW.Herald.Example:8080/a?b=c", "text": "date 2025-01-02\nA"},
        {"id": "s1", "source": "herald", "text": "B\r\nC\rD", "date": "2025-07-31T10:00:00Z"},
        {"id": "n1", "text": "date 2025-01-02 E", "date": "2024-12-31"},  # the field wins
        {"id": "n2", "text": "F", "url": "", "source": None, "date": ""},
        {"id": "h1", "text": "G", "url": "herald.example/x", "source": "ignored"},
    ]
    lines = [json.dumps(r) for r in records]
    lines.insert(1, "   ")  # a blank line is skipped but still counts for line numbers
    write_jsonl(path, lines)
    pages = list(read_inputs([str(path)]))
    assert pages == [
        Page("7", "date 2025-01-02\nA", records[0]["url"], "herald.example", "2025-01-02",
             f"{path}:1"),
        Page("s1", "B\nC\nD", None, "herald", "2025-07-31", f"{path}:3"),
        Page("n1", "date 2025-01-02 E", None, None, "2024-12-31", f"{path}:4"),
        Page("n2", "F", None, None, None, f"{path}:5"),
        Page("h1", "G", "herald.example/x", "herald.example", None, f"{path}:6"),
    ]  # fmt: skip


def test_gzipped_jsonl_with_bom_and_crlf(tmp_path: Path) -> None:
    path = tmp_path / "pages.jsonl.gz"
    data = b"\xef\xbb\xbf" + good_line(0).encode() + b"\r\n" + good_line(1).encode()
    path.write_bytes(gzip.compress(data))
    pages, rejects = pages_and_rejects([str(path)])
    assert rejects == []
    assert [p.doc_id for p in pages] == ["g0", "g1"]
    assert pages[0].source == "news.example"


def test_lone_surrogates_become_replacement_characters(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    path.write_text('{"id": "x", "text": "a\\ud800b \\ud83d\\ude00"}\n', encoding="utf-8")
    [page] = read_inputs([str(path)])
    assert isinstance(page, Page)
    assert page.text == "a\ufffdb \U0001f600"


# --- bad lines: a Reject naming the line and the problem, the other lines still read -----

BAD_LINES: list[tuple[str, str, str | None]] = [
    ('{"id": "a", "text": "x"', "invalid JSON: ", None),
    ("[1, 2, 3]", "not a JSON object (got list)", None),
    ('"just a string"', "not a JSON object (got str)", None),
    ('{"text": "no id"}', "missing 'id'", None),
    ('{"id": "b1"}', "missing 'text'", "b1"),
    ('{"id": "b2", "text": 42}', "'text' must be a string, not int", "b2"),
    ('{"id": "b3", "text": null}', "'text' must be a string, not null", "b3"),
    ('{"id": true, "text": "x"}', "'id' must be a string or an integer, not bool", None),
    ('{"id": 1.5, "text": "x"}', "'id' must be a string or an integer, not float", None),
    ('{"id": " ", "text": "x"}', "'id' is empty", None),
    ('{"id": "b4", "text": "  \\n "}', "empty page", "b4"),
    ('{"id": "b5", "text": "a\\u0000b"}', "binary content", "b5"),
    ('{"id": "b6", "text": "x", "url": 3}', "'url' must be a string, not int", "b6"),
    ('{"id": "b7", "text": "x", "date": "last week"}', "unreadable 'date' 'last week'", "b7"),
    ("[" * 100_000, "invalid JSON: nested too deeply", None),
    ('{"id": ' + "7" * 5000 + ', "text": "x"}', "invalid JSON: number too large", None),
    ('{"id": "n", "text": "a\x00b"}', "invalid JSON: Invalid control character", None),
]


@pytest.mark.parametrize(("line", "reason", "doc_id"), BAD_LINES)
def test_bad_line(tmp_path: Path, line: str, reason: str, doc_id: str | None) -> None:
    path = tmp_path / "mixed.jsonl"
    write_jsonl(path, [good_line(0), good_line(1), line, good_line(3), good_line(4)])
    pages, rejects = pages_and_rejects([str(path)])
    assert [p.doc_id for p in pages] == ["g0", "g1", "g3", "g4"]
    [reject] = rejects
    assert reject.origin == f"{path}:3"
    assert reject.reason.startswith(reason), reject.reason
    assert reject.doc_id == doc_id


def test_undecodable_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.jsonl"
    bad = '{"id": "l", "text": "café"}'.encode("latin-1")
    path.write_bytes(good_line(0).encode() + b"\n" + bad + b"\n" + good_line(2).encode() + b"\n")
    pages, rejects = pages_and_rejects([str(path)])
    assert [p.doc_id for p in pages] == ["g0", "g2"]
    assert rejects == [Reject(f"{path}:2", "not UTF-8: invalid byte 0xe9 at byte 25")]


@pytest.mark.parametrize("data", [b"", b"\n\n  \n", gzip.compress(b"")])
def test_empty_jsonl_is_no_records(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / ("empty.jsonl.gz" if data.startswith(b"\x1f\x8b") else "empty.jsonl")
    path.write_bytes(data)
    [reject] = read_inputs([str(path)])
    assert reject == Reject(str(path), "no records (the file is empty or only blank lines)")


def test_binary_file_named_jsonl_is_one_reject(tmp_path: Path) -> None:
    path = tmp_path / "image.jsonl"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 40)
    write_jsonl(tmp_path / "ok.jsonl", [good_line(0)])
    pages, rejects = pages_and_rejects([str(tmp_path)])
    assert len(pages) == 1
    assert rejects == [Reject(str(path), "binary content")]


def test_not_gzip_at_all(tmp_path: Path) -> None:
    path = tmp_path / "plain.jsonl.gz"
    write_jsonl(path, [good_line(0)])  # not compressed, despite the name
    write_jsonl(tmp_path / "ok.jsonl", [good_line(1)])
    pages, rejects = pages_and_rejects([str(tmp_path)])
    assert [p.doc_id for p in pages] == ["g1"]
    [reject] = rejects
    assert reject.origin == str(path)
    assert reject.reason.startswith("not gzip data")


@pytest.mark.parametrize("fraction", [0.25, 0.5, 0.9])
def test_truncated_gzip_keeps_the_records_before_the_cut(tmp_path: Path, fraction: float) -> None:
    lines = [json.dumps({"id": i, "text": f"story {i} " * (20 + i % 50)}) for i in range(500)]
    blob = gzip.compress("".join(line + "\n" for line in lines).encode())
    cut = blob[: int(len(blob) * fraction)]
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(cut)
    write_jsonl(tmp_path / "later.jsonl", [good_line(0)])  # the run goes on after it
    # Every line whose end survived the cut can be recovered.
    recoverable = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS).decompress(cut).count(b"\n")
    assert 0 < recoverable < 500
    pages, rejects = pages_and_rejects([str(path), str(tmp_path / "later.jsonl")])
    assert [p.doc_id for p in pages] == [*map(str, range(recoverable)), "g0"]
    [reject] = rejects
    assert reject.origin == str(path)
    assert reject.reason.startswith("truncated gzip: ")
    assert f"read up to line {recoverable}," in reject.reason


# --- control bytes, binary files, UTF-16 ------------------------------------------------------


def test_control_bytes_in_the_first_lines_cost_only_those_lines(tmp_path: Path) -> None:
    path = tmp_path / "nul.jsonl"
    bad = b'{"id": "n", "text": "a\x00\x01\x02b"}'
    path.write_bytes(b"\n".join([good_line(0).encode(), bad, bad, good_line(3).encode()]) + b"\n")
    pages, rejects = pages_and_rejects([str(path)])
    assert [p.doc_id for p in pages] == ["g0", "g3"]
    assert [r.origin for r in rejects] == [f"{path}:2", f"{path}:3"]


def test_random_bytes_named_jsonl_are_one_reject(tmp_path: Path) -> None:
    path = tmp_path / "noise.jsonl"
    path.write_bytes(random.Random(13).randbytes(200_000))
    assert list(read_inputs([str(path)])) == [Reject(str(path), "binary content")]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_jsonl_is_read(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "wide.jsonl"
    text = "\r\n".join([good_line(0), json.dumps({"id": "é", "text": "Café ☕"}), ""])
    bom = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}.get(encoding, b"")
    path.write_bytes(bom + text.encode(encoding))
    pages, rejects = pages_and_rejects([str(path)])
    assert rejects == []
    assert [(p.doc_id, p.text, p.origin) for p in pages] == [
        ("g0", "Body 0", f"{path}:1"), ("é", "Café ☕", f"{path}:2")
    ]


def test_an_over_long_utf16_line_is_rejected_and_the_next_read(tmp_path: Path) -> None:
    path = tmp_path / "wide.jsonl"
    long = json.dumps({"id": "big", "text": "x" * 500})
    text = "\n".join([good_line(0), long, good_line(2)])
    path.write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
    out = list(made(read_jsonl_file(path, limit=300)))
    assert [r.doc_id for r in out if isinstance(r, Page)] == ["g0", "g2"]
    assert [r.origin for r in out if isinstance(r, Reject)] == [f"{path}:2"]


# --- a damaged gzip member: reading goes on from the next ---------------------------------


def members(count: int, per_member: int) -> list[bytes]:
    """A .jsonl.gz written in batches, one gzip member per batch (as appending writers do)."""
    batches = [[good_line(m * per_member + i) for i in range(per_member)] for m in range(count)]
    return [gzip.compress("".join(line + "\n" for line in b).encode()) for b in batches]


def garble(member: bytes) -> bytes:
    middle = len(member) // 2
    return member[:middle] + b"\xff" * 16 + member[middle + 16:]


def test_a_damaged_gzip_member_costs_only_its_lines(tmp_path: Path) -> None:
    parts = members(5, 40)
    parts[2] = garble(parts[2])
    path = tmp_path / "batches.jsonl.gz"
    path.write_bytes(b"".join(parts))
    start, resume = len(parts[0] + parts[1]), len(b"".join(parts[:3]))
    pages, rejects = pages_and_rejects([str(path)])
    ids = [p.doc_id for p in pages]
    # Every line of the intact members is read; of the damaged one at most what decoded
    # before the damage.
    intact = [f"g{i}" for i in [*range(80), *range(120, 200)]]
    assert [i for i in ids if i in intact] == intact
    assert set(ids) - set(intact) <= {f"g{i}" for i in range(80, 120)}
    damage = [r for r in rejects if "does not decode" in r.reason]
    assert len(damage) == 1 and damage[0].origin == str(path)
    assert damage[0].reason.startswith(
        f"damaged gzip member: the member at byte {start:,} does not decode (corrupt gzip: "
    )
    assert damage[0].reason.endswith(
        f"; bytes {start:,} to {resume:,} are lost, reading goes on from the next member"
    )
    assert len(rejects) <= 2  # and the line cut by the damage, if it was not whole


def test_a_damaged_gzip_member_header_costs_exactly_its_lines(tmp_path: Path) -> None:
    parts = members(3, 10)
    parts[1] = b"XX" + parts[1][2:]  # not even a gzip member's signature
    path = tmp_path / "batches.jsonl.gz"
    path.write_bytes(b"".join(parts))
    pages, rejects = pages_and_rejects([str(path)])
    assert [p.doc_id for p in pages] == [f"g{i}" for i in [*range(10), *range(20, 30)]]
    [reject] = rejects
    assert reject.reason.startswith(
        f"damaged gzip member: the member at byte {len(parts[0]):,} does not decode"
    )


def test_a_file_gzipped_as_one_member_has_nothing_to_read_on_from(tmp_path: Path) -> None:
    [blob] = members(1, 3000)
    path = tmp_path / "one.jsonl.gz"
    path.write_bytes(garble(blob))
    pages, rejects = pages_and_rejects([str(path)])
    # The lines before the damage (half way) are read, but for the last few: what zlib
    # inflated in the read that met the damage is lost with it.
    assert [p.doc_id for p in pages][:500] == [f"g{i}" for i in range(500)]
    assert len(pages) < 2500
    damage = [r for r in rejects if "does not decode" in r.reason]
    assert len(damage) == 1
    assert damage[0].reason.endswith("no later member decodes: the rest of the file is lost")
