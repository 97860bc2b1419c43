"""WARC and WET archives written here: pages out, other records counted, damage rejected."""

from __future__ import annotations

import gzip
import json
import uuid
from pathlib import Path

import pytest

from copydesk.engines.local import run
from copydesk.engines.rules import RunOptions
from copydesk.readers import read_inputs
from copydesk.readers.guard import made
from copydesk.readers.warc import read_warc_file
from copydesk.records import Page, Reject, Skipped

BODY = (
    "<p>The Orrin Island ferry will run an extra evening crossing through the summer, the "
    "operator said on Friday, after islanders asked for a later boat home from the market.</p>"
    "<p>The new crossing leaves the fish quay at half past nine and returns at ten, and the "
    "operator says it will add a third boat if the evening sailings fill up.</p>"
)


def html(title: str, charset: str = "utf-8", extra: str = "") -> bytes:
    return (
        f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>{BODY}"
        f"{extra}</article></body></html>"
    ).encode(charset)


def http(
    body: bytes, status: str = "200 OK", content_type: str = "text/html; charset=utf-8"
) -> bytes:
    head = (
        f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


def record(
    kind: str,
    block: bytes,
    uri: str = "",
    content_type: str = "application/http; msgtype=response",
    *,
    length: int | None = None,
    record_id: str | None = None,
) -> bytes:
    """One WARC/1.0 record; `length` lies about the block's size when given."""
    rid = record_id or f"urn:uuid:{uuid.uuid4()}"
    head = (
        f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <{rid}>\r\n"
        f"WARC-Date: 2024-06-14T18:20:00Z\r\nWARC-Target-URI: {uri}\r\n"
        f"Content-Type: {content_type}\r\n"
        f"Content-Length: {len(block) if length is None else length}\r\n\r\n"
    )
    return head.encode() + block + b"\r\n\r\n"


def crawl() -> list[bytes]:
    """A small crawl: two HTML pages among the records a crawler also writes."""
    return [
        record("warcinfo", b"software: invented-crawler/0.1\r\n",
               content_type="application/warc-fields"),
        record("request", b"GET /ferry HTTP/1.1\r\nHost: isles.example\r\n\r\n",
               "https://isles.example/ferry", "application/http; msgtype=request"),
        record("response", http(html("Extra evening ferry for Orrin")), "https://isles.example/ferry"),
        record("response", http(b"\x89PNG\r\n\x1a\n", content_type="image/png"),
               "https://isles.example/boat.png"),
        record("response", http(b"<html>gone</html>", status="404 Not Found"),
               "https://isles.example/old"),
        record("response", http(html("Market hours extended")), "https://www.isles.example/market"),
        record("metadata", b"fetchTimeMs: 120\r\n", "https://isles.example/ferry",
               "application/warc-fields"),
    ]


def write(path: Path, records: list[bytes], gzipped: bool = False) -> Path:
    # A .warc.gz is one gzip member per record, as crawlers write them.
    path.write_bytes(b"".join(gzip.compress(r) for r in records) if gzipped else b"".join(records))
    return path


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_html_responses_become_pages_and_the_rest_is_counted(tmp_path: Path, name: str) -> None:
    path = write(tmp_path / name, crawl(), gzipped=name.endswith(".gz"))
    records = list(read_inputs([str(path)]))
    pages = [r for r in records if isinstance(r, Page)]
    urls = ["https://isles.example/ferry", "https://www.isles.example/market"]
    assert [p.url for p in pages] == urls
    assert [p.source for p in pages] == ["isles.example", "isles.example"]
    assert pages[0].markup is not None
    assert pages[0].markup.headline == "Extra evening ferry for Orrin"
    assert "extra evening crossing" in pages[0].text
    assert all(p.origin.startswith(f"{path}@") for p in pages)
    assert len({p.doc_id for p in pages}) == 2
    skipped = {r.reason: r.count for r in records if isinstance(r, Skipped)}
    assert skipped == {
        "warcinfo record": 1, "request record": 1, "metadata record": 1,
        "not HTML (image/png)": 1, "HTTP status 404": 1,
    }
    assert not [r for r in records if isinstance(r, Reject)]


def test_the_http_charset_decodes_a_legacy_page(tmp_path: Path) -> None:
    extra = "<p>Une soirée réussie, dit-on.</p>"
    page_bytes = html("Café de la place rouvre", "windows-1252", extra)
    path = write(tmp_path / "fr.warc", [
        record("response", http(page_bytes, content_type="text/html; charset=windows-1252"),
               "https://cafe.example/a"),
    ])
    [page] = made(read_warc_file(path))
    assert isinstance(page, Page) and page.markup is not None
    assert page.markup.headline == "Café de la place rouvre"


def test_a_truncated_archive_keeps_the_pages_before_the_cut(tmp_path: Path) -> None:
    data = b"".join(crawl())
    cut = data.index(b"Market hours extended") + 40  # inside the last HTML response
    path = tmp_path / "cut.warc"
    path.write_bytes(data[:cut])
    records = list(made(read_warc_file(path)))
    pages = [r for r in records if isinstance(r, Page)]
    rejects = [r for r in records if isinstance(r, Reject)]
    assert [p.url for p in pages] == ["https://isles.example/ferry"]
    assert len(rejects) == 1 and rejects[0].reason.startswith("truncated record")


def test_a_truncated_gzip_archive_keeps_the_pages_before_the_cut(tmp_path: Path) -> None:
    path = write(tmp_path / "cut.warc.gz", crawl()[:6], gzipped=True)  # ends with a page
    path.write_bytes(path.read_bytes()[:-200])
    pages = [r for r in made(read_warc_file(path)) if isinstance(r, Page)]
    assert [p.url for p in pages] == ["https://isles.example/ferry"]


def test_a_record_with_a_wrong_length_is_rejected_and_the_run_goes_on(tmp_path: Path) -> None:
    records = crawl()
    records[2] = record("response", http(html("Extra evening ferry for Orrin")),
                        "https://isles.example/ferry", length=90)
    bad = write(tmp_path / "a-bad.warc", records)
    good = write(tmp_path / "b-good.warc", crawl()[5:6])
    out = list(read_inputs([str(tmp_path)]))
    rejects = [r for r in out if isinstance(r, Reject) and r.origin == str(bad)]
    assert len(rejects) == 1 and rejects[0].reason.startswith("corrupt archive after the record")
    pages = [r for r in out if isinstance(r, Page)]
    assert pages[-1].origin.startswith(f"{good}@")


def test_an_oversize_record_is_rejected_without_reading_it(tmp_path: Path) -> None:
    path = write(tmp_path / "big.warc", crawl())
    records = list(made(read_warc_file(path, limit=100)))
    rejects = [r for r in records if isinstance(r, Reject)]
    assert len(rejects) == 2 and all(r.reason.startswith("record too large") for r in rejects)


def test_a_file_that_is_not_an_archive(tmp_path: Path) -> None:
    path = tmp_path / "notes.warc"
    path.write_text("just some notes, not a WARC\n")
    records = list(made(read_warc_file(path)))
    assert len(records) == 1 and isinstance(records[0], Reject)


WET_TEXT = [
    ("https://isles.example/ferry", "Extra evening ferry for Orrin\nThe ferry will run later."),
    ("https://isles.example/market", "Market hours extended\nStalls may stay open until eight."),
]


@pytest.mark.parametrize("name", ["crawl.wet", "crawl.wet.gz"])
def test_wet_conversion_records_are_text_pages(tmp_path: Path, name: str) -> None:
    records = [record("warcinfo", b"software: invented-crawler/0.1\r\n",
                      content_type="application/warc-fields")]
    records += [record("conversion", text.encode(), uri, "text/plain") for uri, text in WET_TEXT]
    path = write(tmp_path / name, records, gzipped=name.endswith(".gz"))
    out = list(read_inputs([str(path)]))
    pages = [r for r in out if isinstance(r, Page)]
    assert [(p.url, p.text) for p in pages] == WET_TEXT
    assert {p.date for p in pages} == {"2024-06-14"}
    assert {p.source for p in pages} == {"isles.example"}
    assert all(p.markup is None for p in pages)
    assert [r for r in out if isinstance(r, Skipped)] == [Skipped(str(path), "warcinfo record", 1)]


def test_hostile_record_ids_and_urls_stay_data(tmp_path: Path) -> None:
    """Page text, ids and URLs from a crawl are never a path or a command: a run writes only
    its own output files, whatever the records say."""
    hostile = "../../escaped; rm -rf ~ $(touch pwned)"
    (tmp_path / "in").mkdir()
    path = write(tmp_path / "in" / "x.warc", [
        record("response", http(html(hostile)), f"https://isles.example/{hostile}",
               record_id=hostile),
    ])
    out = tmp_path / "out"
    summary = run([str(path)], out, RunOptions(quiet=True))
    assert summary.pages == 1
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == sorted(
        ["x.warc", "stories.jsonl", "clusters.jsonl", "rejects.jsonl", "stats.json"]
    )
    story = json.loads((out / "stories.jsonl").read_text())
    assert story["doc_id"] == hostile
    stats = json.loads((out / "stats.json").read_text())
    assert stats["skipped"] == {}


def test_a_run_counts_the_skipped_records(tmp_path: Path) -> None:
    path = write(tmp_path / "crawl.warc.gz", crawl(), gzipped=True)
    summary = run([str(path)], tmp_path / "out", RunOptions(quiet=True))
    stats = json.loads((tmp_path / "out" / "stats.json").read_text())
    assert (summary.pages, summary.rejects) == (2, 0)
    assert sum(stats["skipped"].values()) == 5
    assert stats["records_in"] == 2  # skipped records are not input records


def test_a_damaged_gzip_member_costs_only_its_record(tmp_path: Path) -> None:
    members = [gzip.compress(r) for r in crawl()]
    ferry = members[2]  # the first page's record
    members[2] = ferry[:60] + b"\xff" * 40 + ferry[100:]
    path = tmp_path / "damaged.warc.gz"
    path.write_bytes(b"".join(members))
    start, resume = len(b"".join(members[:2])), len(b"".join(members[:3]))
    records = list(made(read_warc_file(path)))
    pages = [r for r in records if isinstance(r, Page)]
    assert [p.url for p in pages] == ["https://www.isles.example/market"]  # read on after it
    assert pages[0].origin == f"{path}@{len(b''.join(members[:5]))}"
    [reject] = [r for r in records if isinstance(r, Reject)]
    assert reject.reason.startswith(
        f"damaged gzip member: the member at byte {start:,} does not decode (corrupt gzip: "
    )
    assert reject.reason.endswith(
        f"; bytes {start:,} to {resume:,} are lost, reading goes on from the next member"
    )
    skipped = {r.reason: r.count for r in records if isinstance(r, Skipped)}
    assert sum(skipped.values()) == 5  # the records after the damage are all counted


def test_a_damaged_first_gzip_member_is_read_past(tmp_path: Path) -> None:
    members = [gzip.compress(r) for r in crawl()]
    members[0] = members[0][:30] + b"\xff" * 30 + members[0][60:]
    path = tmp_path / "damaged.warc.gz"
    path.write_bytes(b"".join(members))
    records = list(made(read_warc_file(path)))
    assert len([r for r in records if isinstance(r, Page)]) == 2
    [reject] = [r for r in records if isinstance(r, Reject)]
    assert reject.reason.startswith("damaged gzip member: the member at byte 0 does not decode")
