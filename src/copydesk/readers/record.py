"""One JSONL line → a Page, or a Reject that says what is wrong with it."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlsplit

from copydesk.readers.dates import header_date, normalise_date
from copydesk.readers.decode import is_blank, normalise_newlines
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


def url_host(url: str) -> str | None:
    """The outlet a URL names: its host, lowercased, without a leading `www.`."""
    # "example.com/a" (no scheme) still names a host.
    try:
        host = urlsplit(url if "//" in url else "//" + url).hostname
    except ValueError:  # e.g. an unclosed IPv6 bracket
        return None
    if not host:
        return None
    host = host.rstrip(".")
    return host.removeprefix("www.") or None


def _page(record: dict[str, Any], doc_id: str, origin: str) -> Page:
    if "text" not in record:
        raise BadRecordError("missing 'text'")
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
    date_field = _optional_str(record, "date")
    if date_field is None:
        date = header_date(text)[0]
    else:
        # The record's own field wins over a header in the text.
        date = normalise_date(date_field)
        if date is None:
            raise BadRecordError(
                f"unreadable 'date' {date_field!r} (expected YYYY-MM-DD or a timestamp)"
            )
    return Page(doc_id=doc_id, text=text, url=url, source=source, date=date, origin=origin)


def page_from_record(record: object, origin: str) -> Page | Reject:
    """The Page for one decoded JSON value, or a Reject saying why it is not one."""
    if not isinstance(record, dict):
        return Reject(origin, f"not a JSON object (got {_type_name(record)})")
    try:
        doc_id = _doc_id(record)
    except BadRecordError as error:
        return Reject(origin, str(error))
    try:
        return _page(record, doc_id, origin)
    except BadRecordError as error:
        return Reject(origin, str(error), doc_id)


def parse_line(line: bytes, origin: str) -> Page | Reject:
    """One non-blank JSONL line → Page, or Reject naming the problem."""
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
    return page_from_record(value, origin)
