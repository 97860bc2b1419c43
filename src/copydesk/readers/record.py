"""One JSONL line → a Page, or a Reject that says what is wrong with it."""

from __future__ import annotations

import json
import re
import sys
from typing import Any

from copydesk.readers.dates import header_date, normalise_date
from copydesk.readers.decode import is_blank, normalise_newlines
from copydesk.readers.guard import guarded
from copydesk.readers.html import DEFAULT_READING, HtmlReading, html_page
from copydesk.readers.urls import url_host
from copydesk.records import Page, Reject

# JSON may spell lone surrogates (\ud800); they are not text and would break every UTF-8
# writer downstream, so they become U+FFFD like any other undecodable input.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


class BadRecordError(ValueError):
    """A JSONL line that is not a usable record; str(error) says why."""


def _text_value(value: str) -> str:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return _LONE_SURROGATE.sub("\ufffd", value)
    return value


def _type_name(value: object) -> str:
    return "null" if value is None else type(value).__name__


def _doc_id(record: dict[str, Any]) -> str:
    if "id" not in record:
        raise BadRecordError("missing 'id'")
    value = record["id"]
    # bool is an int to Python, but `true` is no document id.
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise BadRecordError(f"'id' must be a string or an integer, not {_type_name(value)}")
    doc_id = _text_value(str(value))
    if not doc_id.strip():
        raise BadRecordError("'id' is empty")
    return doc_id


def _optional_str(record: dict[str, Any], key: str) -> str | None:
    """An optional string field: absent, null and "" all mean not given."""
    value = record.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise BadRecordError(f"'{key}' must be a string, not {_type_name(value)}")
    value = _text_value(value).strip()
    return value or None


def _date_field(record: dict[str, Any]) -> str | None:
    date_field = _optional_str(record, "date")
    if date_field is None:
        return None
    date = normalise_date(date_field)
    if date is None:
        raise BadRecordError(
            f"unreadable 'date' {date_field!r} (expected YYYY-MM-DD or a timestamp)"
        )
    return date


def _html_page(
    record: dict[str, Any], doc_id: str, origin: str, reading: HtmlReading
) -> Page | Reject:
    raw_html = record["html"]
    if not isinstance(raw_html, str):
        raise BadRecordError(f"'html' must be a string, not {_type_name(raw_html)}")
    url = _optional_str(record, "url")
    date = _date_field(record)
    # The JSON string is already text: UTF-8 is its charset, whatever <meta> says.
    return html_page(
        _text_value(raw_html).encode("utf-8"), doc_id, origin, url=url,
        source=_optional_str(record, "source"), date=date, charset="utf-8", reading=reading,
    )


def _page(record: dict[str, Any], doc_id: str, origin: str) -> Page:
    if "text" not in record:
        raise BadRecordError("missing 'text' (or 'html')")
    raw_text = record["text"]
    if not isinstance(raw_text, str):
        raise BadRecordError(f"'text' must be a string, not {_type_name(raw_text)}")
    if "\x00" in raw_text:
        raise BadRecordError("binary content (NUL characters in 'text')")
    if is_blank(raw_text):
        raise BadRecordError("empty page")
    text = normalise_newlines(_text_value(raw_text))
    url = _optional_str(record, "url")
    source = (url_host(url) if url else None) or _optional_str(record, "source")
    # The record's own field wins over a header in the text.
    date = _date_field(record) or header_date(text)[0]
    return Page(doc_id=doc_id, text=text, url=url, source=source, date=date, origin=origin)


def page_from_record(
    record: object, origin: str, reading: HtmlReading = DEFAULT_READING
) -> Page | Reject:
    """The Page for one decoded JSON value, or a Reject saying why it is not one."""
    if not isinstance(record, dict):
        return Reject(origin, f"not a JSON object (got {_type_name(record)})")
    try:
        doc_id = _doc_id(record)
    except BadRecordError as error:
        return Reject(origin, str(error))
    try:
        if "text" not in record and "html" in record:
            return _html_page(record, doc_id, origin, reading)
        return _page(record, doc_id, origin)
    except BadRecordError as error:
        return Reject(origin, str(error), doc_id)


def parse_line(
    line: bytes, origin: str, reading: HtmlReading = DEFAULT_READING
) -> Page | Reject:
    """One non-blank JSONL line → Page, or Reject naming the problem (a fault too)."""
    return guarded(origin, _parse_line, line, origin, reading)


def _parse_line(line: bytes, origin: str, reading: HtmlReading) -> Page | Reject:
    try:
        decoded = line.decode("utf-8")
    except UnicodeDecodeError as error:
        byte = line[error.start]
        return Reject(origin, f"not UTF-8: invalid byte 0x{byte:02x} at byte {error.start + 1}")
    try:
        value = json.loads(decoded)
    except json.JSONDecodeError as error:
        return Reject(origin, f"invalid JSON: {error.msg} (column {error.colno})")
    except RecursionError:
        return Reject(origin, "invalid JSON: nested too deeply")
    except ValueError:
        # The one ValueError json raises besides JSONDecodeError: Python refuses to turn more
        # than sys.get_int_max_str_digits() digits into an int (quadratic time otherwise).
        return Reject(origin, f"invalid JSON: number too large (over "
                      f"{sys.get_int_max_str_digits():,} digits)")
    return page_from_record(value, origin, reading)
