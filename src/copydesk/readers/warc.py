"""WARC and WET archives (`.warc`, `.warc.gz`, `.wet`, `.wet.gz`), streamed record by record
with fastwarc: one record's payload, at most MAX_RECORD_BYTES, is in memory at a time.

From a WARC, the HTML pages: `response` records of HTTP 200 with an HTML content type, read
by the HTML reader with the charset the HTTP header declared. From a WET, the `conversion`
records: a page's text as the crawler extracted it, with its URL and crawl date. Every other
record (requests, metadata, images, redirects) is skipped and counted by why.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from fastwarc.warc import ArchiveIterator, WarcRecord, WarcRecordType

from copydesk.readers.decode import NotTextError, decode_page, is_blank
from copydesk.readers.extract import DEFAULT_EXTRACTOR
from copydesk.readers.html import html_page
from copydesk.readers.stream import MAX_RECORD_BYTES, describe_size
from copydesk.readers.urls import url_host
from copydesk.records import Page, Reject, Skipped

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def _doc_id(record: WarcRecord) -> str:
    """The record's WARC-Record-ID without its <urn:uuid:...> wrapping: unique per record."""
    raw = record.record_id or ""
    return raw.strip("<>").removeprefix("urn:uuid:") or f"record-{record.stream_pos}"


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
    date = record.record_date.date().isoformat() if record.record_date else None
    return Page(doc_id=doc_id, text=text, url=url, source=url_host(url) if url else None,
                date=date, origin=origin)


def read_warc_file(
    path: Path, extractor: str = DEFAULT_EXTRACTOR, *, limit: int = MAX_RECORD_BYTES
) -> Iterator[Page | Reject | Skipped]:
    """Yield a Page or a Reject for each page record, then one Skipped per kind of record
    passed over. Origins are `path@OFFSET`, the record's byte offset in the file.

    A damaged archive (a wrong Content-Length, garbage between records) ends the file with
    one Reject after the records before the damage: WARC has no marker to resynchronise on.
    """
    wet = path.name.lower().endswith((".wet", ".wet.gz"))
    skipped: Counter[str] = Counter()
    seen = 0  # records read, pages or not
    last = 0
    with path.open("rb") as stream:
        try:
            for record in ArchiveIterator(stream, parse_http=not wet):
                seen += 1
                last = record.stream_pos
                origin = f"{path}@{last}"
                if (reason := _skip_reason(record, wet)) is not None:
                    skipped[reason] += 1
                    continue
                doc_id = _doc_id(record)
                data = _payload(record, origin, doc_id, limit)
                if isinstance(data, Reject):
                    yield data
                elif wet:
                    yield _wet_page(data, record, doc_id, origin)
                else:
                    yield html_page(
                        data, doc_id, origin, url=record.headers.get("WARC-Target-URI") or None,
                        charset=record.http_charset, extractor=extractor,
                    )
        except OSError as error:
            if not seen:
                yield Reject(str(path), f"not a WARC archive ({error})")
                return
            # fastwarc says "Invalid WARC header" when a record's length was wrong: the next
            # record's header is not where the length said.
            yield Reject(str(path), f"corrupt archive after the record at byte {last:,}: {error}; "
                         "the rest of the file is skipped")
    for reason, count in sorted(skipped.items()):
        yield Skipped(str(path), reason, count)
    if not seen:
        yield Reject(str(path), "no WARC records (the file is empty or not a WARC archive)")
