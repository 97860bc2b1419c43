"""Dates a page comes with: the `date YYYY-MM-DD` header line, or a record's date field."""

from __future__ import annotations

import datetime as dt
import re
from email.utils import parsedate_to_datetime

# `date 2025-07-31` at the start of the first line, after any whitespace (or a byte-order
# mark), followed by whitespace or the end of the line: `date 2025-07-312` is not a header.
# The spaces after the date belong to the prefix, so that what follows it is the rest of
# the line as a reader would see it (seed 000 glues the header to a donation appeal).
_HEADER = re.compile(r"[\s\ufeff]*date[ \t]+([0-9]{4})-([0-9]{2})-([0-9]{2})(?:\s+|$)")

# The date part of an ISO timestamp, for timestamps fromisoformat does not take.
_ISO_DATE_PREFIX = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})(?:[T ]|$)")


def _valid(year: str, month: str, day: str) -> str | None:
    try:
        return dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def header_date(text: str) -> tuple[str | None, int]:
    """The date in a page's `date YYYY-MM-DD` header, and the header's length in characters.

    The length counts from the start of the first line through the date and the spaces
    after it, so `first_line[length:]` is the rest of that line. (None, 0) when the first
    line has no header or its date is not a real date (2025-02-30).
    """
    first_line = text.partition("\n")[0]
    match = _HEADER.match(first_line)
    if match is None:
        return None, 0
    date = _valid(*match.groups())
    if date is None:
        return None, 0
    return date, match.end()


def normalise_date(value: str) -> str | None:
    """A record's date field as YYYY-MM-DD, or None if it is not a date we can read.

    Takes ISO dates and timestamps (2025-07-31, 2025-07-31T10:00:00Z, 20250731) and
    RFC 2822 ones (Thu, 31 Jul 2025 10:00:00 GMT). A timestamp keeps the calendar date it
    was written in: 2025-07-31T23:30-05:00 is 2025-07-31, not moved to UTC, because that is
    the date the outlet printed.
    """
    value = value.strip()
    try:
        return dt.datetime.fromisoformat(value).date().isoformat()
    except ValueError:
        pass
    match = _ISO_DATE_PREFIX.match(value)
    if match:
        return _valid(*match.groups())
    try:
        return parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return None
