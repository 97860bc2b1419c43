"""WARC and WET archives (`.warc`, `.warc.gz`, `.wet`, `.wet.gz`), streamed record by record
with fastwarc: one record's payload, at most MAX_RECORD_BYTES, is in memory at a time.

From a WARC, the HTML pages: `response` records of HTTP 200 with an HTML content type, read
by the HTML reader with the charset the HTTP header declared. From a WET, the `conversion`
records: a page's text as the crawler extracted it, with its URL and crawl date. Every other
record (requests, metadata, images, redirects) is skipped and counted by why. HTTP bodies
are decoded as the web sends them (chunked, gzip, deflate, br: payload.py).

A `.warc.gz` is one gzip member per record, as crawlers write them: a damaged member costs
its record, and reading goes on from the next member that decodes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Generator, Iterator
from functools import partial
from pathlib import Path
from typing import BinaryIO

from fastwarc.warc import ArchiveIterator, WarcRecord, WarcRecordType

from copydesk.readers.decode import NotTextError, decode_page, is_blank
from copydesk.readers.guard import Pending, guarded
from copydesk.readers.html import DEFAULT_READING, HtmlReading, html_page
from copydesk.readers.payload import PayloadError, decode_body
from copydesk.readers.stream import (
    MAX_RECORD_BYTES,
    Damage,
    describe_size,
    find_damage,
    is_gzip_name,
)
from copydesk.readers.urls import url_host
from copydesk.records import Page, Reject, Skipped

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def _doc_id(record: WarcRecord, name: str) -> str:
    """The record's WARC-Record-ID without its <urn:uuid:...> wrapping: unique per record;
    without one, where it is: the archive's `name` (under its input root) and byte offset."""
    raw = record.record_id or ""
    return raw.strip("<>").removeprefix("urn:uuid:") or f"{name}@{record.stream_pos}"


def _payload(record: WarcRecord, origin: str, doc_id: str, limit: int) -> bytes | Reject:
    """The record's payload, or a Reject if it is too large or cut short."""
    if record.content_length > limit:
        return Reject(origin, f"record too large: {describe_size(record.content_length, limit)}",
                      doc_id)
    data = record.reader.read(limit + 1)
    if len(data) < record.content_length:
        # The file ends inside this record: a truncated download or copy.
        return Reject(origin, f"truncated record: {len(data):,} of {record.content_length:,} "
                      "bytes (the archive is cut short)", doc_id)
    return data


def _html_page(
    data: bytes, record: WarcRecord, doc_id: str, origin: str, reading: HtmlReading,
    limit: int,
) -> Pending:
    """The page of an HTML response, made later (Pending): only what it needs of the record
    (picklable, unlike the record) is kept."""
    headers = record.http_headers
    return Pending(origin, partial(
        _decoded_html_page, data, headers.get("Transfer-Encoding"),
        headers.get("Content-Encoding"), doc_id, origin,
        record.headers.get("WARC-Target-URI") or None, record.http_charset, reading, limit,
    ))


def _decoded_html_page(
    data: bytes, transfer: str | None, content: str | None, doc_id: str, origin: str,
    url: str | None, charset: str | None, reading: HtmlReading, limit: int,
) -> Page | Reject:
    try:
        body = decode_body(data, transfer, content, limit)
    except PayloadError as error:
        return Reject(origin, f"undecodable HTTP body: {error}", doc_id)
    return html_page(body, doc_id, origin, url=url, charset=charset, reading=reading)


def _skip_reason(record: WarcRecord, wet: bool) -> str | None:
    """Why a record is not a page of this archive, or None if it is one."""
    kind = record.record_type
    if wet:
        return None if kind == WarcRecordType.conversion else f"{kind} record"
    if kind != WarcRecordType.response:
        return f"{kind} record"
    if not record.is_http:
        return "response without HTTP"
    status = record.http_headers.status_code
    if status != 200:
        return f"HTTP status {status}"
    content_type = (record.http_content_type or "").lower()
    if content_type not in _HTML_TYPES:
        return f"not HTML ({content_type or 'no content type'})"
    return None


def _wet_page(data: bytes, record: WarcRecord, doc_id: str, origin: str) -> Page | Reject:
    try:
        text = decode_page(data)
    except NotTextError as error:
        return Reject(origin, str(error), doc_id)
    if is_blank(text):
        return Reject(origin, "empty page", doc_id)
    url = record.headers.get("WARC-Target-URI") or None
    return Page(doc_id=doc_id, text=text, url=url, source=url_host(url) if url else None,
                date=_crawl_date(record), origin=origin)


def _crawl_date(record: WarcRecord) -> str | None:
    """The record's WARC-Date as an ISO date; None if absent or not a date Python can hold
    (fastwarc raises on year 0)."""
    try:
        when = record.record_date
    except ValueError:
        return None
    return when.date().isoformat() if when else None


def read_warc_file(
    path: Path, reading: HtmlReading = DEFAULT_READING, name: str | None = None, *,
    limit: int = MAX_RECORD_BYTES,
) -> Iterator[Page | Reject | Pending | Skipped]:
    """Yield a Page or a Reject for each page record, then one Skipped per kind of record
    passed over. Origins are `path@OFFSET`, the record's byte offset in the file; `name`
    (the file's path under its input root) makes the ids of records without a
    WARC-Record-ID.

    A damaged archive (a wrong Content-Length, garbage between records) ends the file with
    one Reject after the records before the damage: WARC has no marker to resynchronise on;
    but a gzip member that does not decode is one Reject, and reading goes on from the next.
    """
    archive = _Reading(path, name or path.name, reading, limit)
    offset: int | None = 0
    while offset is not None:
        offset = yield from archive.records_from(offset)
    for reason, count in sorted(archive.skipped.items()):
        yield Skipped(str(path), reason, count)
    if not archive.seen:
        yield Reject(str(path), archive.unread or
                     "no WARC records (the file is empty or not a WARC archive)")


class _Reading:
    """One archive's reading, which a damaged gzip member breaks into runs of records."""

    def __init__(self, path: Path, name: str, reading: HtmlReading, limit: int) -> None:
        self.path, self.name, self.reading, self.limit = path, name, reading, limit
        self.wet = path.name.lower().endswith((".wet", ".wet.gz"))
        self.skipped: Counter[str] = Counter()  # records passed over, by why
        self.seen = 0  # records read, pages or not
        self.unread: str | None = None  # why not one record could be read, if so

    def _page(
        self, data: bytes, record: WarcRecord, doc_id: str, origin: str
    ) -> Page | Reject | Pending:
        if self.wet:
            return _wet_page(data, record, doc_id, origin)
        return _html_page(data, record, doc_id, origin, self.reading, self.limit)

    def records_from(
        self, offset: int
    ) -> Generator[Page | Reject | Pending, None, int | None]:
        """The records from byte `offset` on; returns where to read on after a damaged gzip
        member, or None when the file is done."""
        path = self.path
        last = offset  # where the last record read starts
        with path.open("rb") as stream:
            stream.seek(offset)
            try:
                for record in ArchiveIterator(stream, parse_http=not self.wet):
                    self.seen += 1
                    last = record.stream_pos
                    if (reason := _skip_reason(record, self.wet)) is not None:
                        self.skipped[reason] += 1
                        continue
                    origin = f"{path}@{last}"
                    doc_id = _doc_id(record, self.name)
                    # Out of the guard: a stream that fails here is a damaged file, below.
                    data = _payload(record, origin, doc_id, self.limit)
                    if isinstance(data, Reject):
                        yield data
                    else:
                        yield guarded(origin, self._page, data, record, doc_id, origin)
            except OSError as error:
                if (damage := self._damage(stream, last)) is not None:
                    yield Reject(str(path), damage.reason)
                    return damage.resume
                if not self.seen:
                    self.unread = f"not a WARC archive ({error})"
                    return None
                # fastwarc says "Invalid WARC header" when a record's length was wrong: the
                # next record's header is not where the length said.
                yield Reject(str(path), f"corrupt archive after the record at byte {last:,}: "
                             f"{error}; the rest of the file is skipped")
        return None

    def _damage(self, stream: BinaryIO, last: int) -> Damage | None:
        """The damaged gzip member that stopped fastwarc, if that is what did: among the
        members from the last record read up to where fastwarc had read."""
        if not is_gzip_name(self.path):
            return None
        return find_damage(stream, last, stream.tell())
