"""Publication dates in short texts: timestamp lines, "Published July 31, 2025", etc.

The first well-formed calendar date in the text wins (a timestamp line gives the
publication date before any "Last Updated" time). Returns ISO `YYYY-MM-DD`.
"""

from __future__ import annotations

import datetime as dt
import re

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH = (
    r"(?P<mon>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"

# Digits guarded on both sides so "12025-07-31" or a phone number does not yield a date.
_PATTERNS = [
    # 2025-07-31, 2025/07/31, 2025.07.31, also the date part of 2025-07-31T10:16:00Z
    re.compile(r"(?<![\d.])" + _YEAR + r"(?P<sep>[-/.])(?P<mnum>[01]?\d)(?P=sep)" + _DAY
               + r"(?![\d/])"),
    # July 31, 2025 / Jul. 31 2025 / Thursday, July 31st, 2025
    re.compile(r"\b" + _MONTH + r"\s+" + _DAY + r"(?:\s*,)?\s+" + _YEAR + r"\b", re.IGNORECASE),
    # 31 July 2025 / 31 Jul, 2025 / 31st of July 2025 / 19-Dec-2025
    re.compile(r"\b" + _DAY + r"(?:\s+of)?(?:\s+|-)" + _MONTH + r"(?:,?\s+|-)" + _YEAR + r"\b",
               re.IGNORECASE),
    # 17.05.2021 / 11-29-2024 / 7/31/2025: day and month told apart below
    re.compile(r"(?<![\w.:/-])(?P<a>[0-3]?\d)(?P<sep>[-/.])(?P<b>[0-3]?\d)(?P=sep)" + _YEAR
               + r"(?![\w/-]|\.\d)"),
]
_MAX_TEXT = 2000  # a date line is short; do not scan whole stories


def _month_number(name: str) -> int:
    return _MONTHS[name[:3].lower()]


def _day_month_order(a: int, b: int, sep: str) -> tuple[int, int]:
    """(month, day) of a numeric date "a<sep>b<sep>year".

    A number above 12 can only be the day. When both could be either, dots are the
    European day-first style (17.05.2021) and slashes or hyphens the US month-first one
    (7/31/2025), the common case in English-language news.
    """
    if a > 12:
        return b, a
    if b > 12 or sep != ".":
        return a, b
    return b, a


def _valid(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _readings(m: re.Match[str]) -> list[str]:
    """The calendar dates a match may be read as, the likelier first: two for 03/10/2023
    (day and month both at most 12), none for 2025-02-30."""
    parts = m.groupdict()
    year = int(parts["year"])
    if parts.get("a"):
        a, b = int(parts["a"]), int(parts["b"])
        month, day = _day_month_order(a, b, parts["sep"])
        orders = [(month, day), (day, month)] if a <= 12 and b <= 12 and a != b else [(month, day)]
    elif parts.get("mnum"):
        orders = [(int(parts["mnum"]), int(parts["day"]))]
    else:
        orders = [(_month_number(parts["mon"]), int(parts["day"]))]
    return [iso for month, day in orders if (iso := _valid(year, month, day))]


def parse_date(text: str) -> str | None:
    """Return the first valid date in the text as YYYY-MM-DD, else None."""
    if not text:
        return None
    head = text[:_MAX_TEXT]
    found: list[tuple[int, str]] = []
    for pattern in _PATTERNS:
        for m in pattern.finditer(head):
            if readings := _readings(m):
                found.append((m.start(), readings[0]))
                break  # the first valid match of this pattern is enough
    return min(found)[1] if found else None


def printed_dates(text: str) -> list[tuple[int, list[str]]]:
    """Every date printed in the text, in order: where it starts and its readings."""
    return sorted(
        (m.start(), readings)
        for pattern in _PATTERNS
        for m in pattern.finditer(text)
        if (readings := _readings(m))
    )


# What a timestamp line holds besides the date: labels, times, weekdays, time zones.
_STAMP_NOISE = re.compile(
    r"\b(?:published|updated|last\s+updated(?:\s+at)?|posted|modified|first\s+published"
    r"|date|on|at|by|et|est|edt|pt|pst|pdt|ct|cst|cdt|gmt|utc|bst|cet|cest"
    r"|mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:rs(?:day)?)?|fri(?:day)?"
    r"|sat(?:urday)?|sun(?:day)?)\b\.?"
    r"|\b[ap]\.?m\.?(?!\w)|\d+\s*min(?:ute)?s?\s+read"
    r"|\d{1,2}:\d{2}(?::\d{2})?|T\d{2}:\d{2}\S*",
    re.IGNORECASE,
)
_WORDS = re.compile(r"[^\W_]+")
_MAX_STAMP_LEN = 100


def is_date_line(line: str) -> bool:
    """True if the line is a timestamp and nothing more ("Published July 31, 2025 10:16 AM",
    "2025-07-31 10:16 Last Updated At:10:30"), not a sentence that contains a date."""
    text = line.strip()
    if not text or len(text) > _MAX_STAMP_LEN or parse_date(text) is None:
        return False
    rest = text
    for pattern in _PATTERNS:
        rest = pattern.sub(" ", rest)
    rest = _STAMP_NOISE.sub(" ", rest)
    return len(_WORDS.findall(rest)) <= 1  # one stray word ("Updated" in another language)
