"""Fuzz properties of the readers (issue #13): whatever the input, a Page, a Reject or a
Skipped comes out, never a traceback, and a Page is text every later stage can take.

Each failure fuzzing found has its own property, beside the general ones.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.bad_input import (
    STORY_LINE,
    any_char,
    awkward_char,
    deep_json,
    dumps,
    fuzz_settings,
    huge_number,
    json_value,
    ld_objects,
    markup,
    markup_bytes,
    scalar_ld_type,
)

from copydesk.readers import read_inputs
from copydesk.readers.html import html_page
from copydesk.readers.record import parse_line
from copydesk.records import Page, Reject, Skipped


def assert_usable(record: object) -> None:
    """A reader's output: a Page whose text and fields later stages can encode, or a
    Reject or Skipped."""
    assert isinstance(record, Page | Reject | Skipped), record
    if isinstance(record, Page):
        assert record.text.replace("\ufeff", "").strip()
        for value in (record.doc_id, record.text, record.url, record.source, record.date):
            if value is not None:
                value.encode("utf-8")  # no lone surrogates: every writer would fail on them
        assert "\r" not in record.text  # newlines are normalised, as the stages expect


# --- JSONL records (readers/record.py) ---------------------------------------------------

# A record's fields: the ones the reader reads, each of any JSON type or a likely value.
FIELDS = ("id", "text", "html", "url", "source", "date", "extra")
field_value = st.one_of(
    json_value,
    st.text(st.one_of(any_char, awkward_char, st.just("\ud800")), max_size=40),
    st.sampled_from(["", " ", "2025-07-31", "Thu, 31 Jul 2025 10:00:00 GMT", "http://[::1",
                     "https://www.example.com/a", "date 2025-01-02 x", "<p>a</p>", "\x00"]),
    markup(),
)
record = st.one_of(st.dictionaries(st.sampled_from(FIELDS), field_value, max_size=6), json_value)


@fuzz_settings
@given(line=st.binary(max_size=300))
def test_any_bytes_give_a_page_or_a_reject(line: bytes) -> None:
    assert_usable(parse_line(line, "fuzz:1"))


@fuzz_settings
@given(value=record)
def test_any_json_record_gives_a_page_or_a_reject(value: object) -> None:
    assert_usable(parse_line(dumps(value).encode("utf-8"), "fuzz:1"))


@fuzz_settings
@given(text=deep_json)
def test_deep_json_is_a_reject(text: str) -> None:
    assert isinstance(parse_line(text.encode(), "fuzz:1"), Reject)


@fuzz_settings
@given(number=huge_number, field=st.sampled_from(FIELDS), nested=st.booleans())
def test_a_huge_number_anywhere_gives_a_page_or_a_reject(
    number: str, field: str, nested: bool
) -> None:
    value = f"[{number}]" if nested else number
    line = f'{{"id": "a", "text": "A page.", "{field}": {value}}}'
    assert_usable(parse_line(line.encode(), "fuzz:1"))


# --- HTML (readers/html.py, readers/markup.py) -------------------------------------------


@fuzz_settings
@given(data=markup_bytes())
def test_any_markup_gives_a_page_or_a_reject(data: bytes) -> None:
    record = html_page(data, "d", "fuzz")
    assert_usable(record)
    if isinstance(record, Page):
        assert record.markup is not None


# The charset an HTTP header declared. One with a NUL is a known failure, apart.
charset = st.one_of(st.none(), st.text(max_size=12).filter(lambda name: "\x00" not in name))


@fuzz_settings
@given(data=st.binary(max_size=500), charset=charset)
def test_any_bytes_as_html_give_a_page_or_a_reject(data: bytes, charset: str | None) -> None:
    assert_usable(html_page(data, "d", "fuzz", charset=charset))


@fuzz_settings
@given(data=st.binary(min_size=1, max_size=200), before=st.text(max_size=6),
       after=st.text(max_size=6))
def test_a_charset_with_a_nul_gives_a_page_or_a_reject(
    data: bytes, before: str, after: str
) -> None:
    # Bytes that are not UTF-8, so that the declared charset is looked up.
    assert_usable(html_page(b"\x80" + data, "d", "fuzz", charset=f"{before}\x00{after}"))


@fuzz_settings
@given(ld=ld_objects(scalar_ld_type), rest=markup(scalar_ld_type))
def test_json_ld_type_of_any_json_type_gives_a_page_or_a_reject(ld: object, rest: str) -> None:
    # A story paragraph, so that the page has text and its markup is read.
    page = f'<script type="application/ld+json">{dumps(ld)}</script><p>{STORY_LINE}</p>{rest}'
    assert_usable(html_page(page.encode("utf-8", "replace"), "d", "fuzz"))


# --- Files of every kind (read_inputs) ---------------------------------------------------


# One folder for the module, its files overwritten by each example: hypothesis does not
# reset function-scoped fixtures (tmp_path) between examples.
@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


# WARC header values as crawlers (mis)write them.
warc_date = st.one_of(
    st.sampled_from([
        "2024-06-14T18:20:00Z", "2024-13-40T00:00:00Z", "99999-01-01", "0000-01-01T00:00:00Z",
        "", "x",
    ]),
    st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=25),
)
http_status = st.sampled_from(["200 OK", "404 Not Found", "abc", "99999999999999999999 X", ""])
content_type = st.sampled_from([
    "text/html; charset=utf-8", "text/html", "text/html; charset=\xff", "text/html; charset=utf-16",
    "application/xhtml+xml; charset=x-bogus", "image/png", "",
])


@st.composite
def warc_record(draw: st.DrawFn, date: st.SearchStrategy[str] = warc_date) -> bytes:
    """One WARC/1.0 record of a random kind, its payload markup or bytes, its headers (the
    Content-Length too, sometimes) random."""
    payload = draw(st.one_of(markup_bytes(), st.binary(max_size=200)))
    kind = draw(st.sampled_from(["response", "conversion", "request", "metadata", "bogus"]))
    if kind == "response" and draw(st.booleans()):
        head = f"HTTP/1.1 {draw(http_status)}\r\nContent-Type: {draw(content_type)}\r\n\r\n"
        payload = head.encode("latin-1") + payload
    length = draw(st.one_of(st.just(len(payload)), st.integers(-5, 500)))
    head = (
        f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{draw(st.uuids())}>\r\n"
        f"WARC-Date: {draw(date)}\r\nWARC-Target-URI: {draw(st.text(max_size=20))}\r\n"
        f"Content-Type: application/http; msgtype=response\r\nContent-Length: {length}\r\n\r\n"
    )
    return head.encode("utf-8", "replace") + payload + b"\r\n\r\n"


jsonl_file = st.lists(
    st.one_of(record.map(dumps), st.binary(max_size=60).map(lambda b: b.decode("latin-1")),
              st.just("")),
    max_size=6,
).map(lambda lines: "\n".join(lines).encode("utf-8", "replace"))
text_file = st.one_of(
    st.text(st.one_of(any_char, awkward_char), max_size=300).map(lambda t: t.encode()),
    st.binary(max_size=300),
)

FILES = {
    "page.txt": text_file,
    "pages.jsonl": jsonl_file,
    "page.html": markup_bytes(),
    "crawl.warc": st.lists(warc_record(), max_size=4).map(b"".join),
    "crawl.wet": st.lists(warc_record(), max_size=4).map(b"".join),
}


@st.composite
def input_file(draw: st.DrawFn) -> tuple[str, bytes]:
    """A file name and its bytes: any kind, gzipped or not, the gzip stream sometimes cut."""
    name = draw(st.sampled_from(sorted(FILES)))
    data = draw(FILES[name])
    if draw(st.booleans()):
        name += ".gz"
        data = gzip.compress(data)
        if draw(st.booleans()):
            data = data[: draw(st.integers(0, len(data)))]
    return name, data


@fuzz_settings
@given(file=input_file())
def test_any_file_gives_pages_rejects_or_skipped(scratch: Path, file: tuple[str, bytes]) -> None:
    name, data = file
    for old in scratch.iterdir():
        old.unlink()
    (scratch / name).write_bytes(data)
    for record in read_inputs([str(scratch / name)]):
        assert_usable(record)


@fuzz_settings
@given(records=st.lists(warc_record(st.just("0000-01-01T00:00:00Z")), min_size=1, max_size=3))
def test_a_wet_archive_of_any_date_gives_pages_rejects_or_skipped(
    scratch: Path, records: list[bytes]
) -> None:
    for old in scratch.iterdir():
        old.unlink()
    path = scratch / "crawl.wet"
    path.write_bytes(b"".join(records))
    for record in read_inputs([str(path)]):
        assert_usable(record)
