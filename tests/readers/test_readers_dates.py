"""The `date YYYY-MM-DD` header and record date fields."""

from __future__ import annotations

import pytest

from copydesk.readers import header_date, normalise_date


@pytest.mark.parametrize(
    ("text", "date", "rest"),
    [
        ("date 2025-07-31\nHeadline", "2025-07-31", ""),
        # seed 000: leading space, header glued to the first words of the page
        (" date 2025-07-31 Your support helps us", "2025-07-31", "Your support helps us"),
        ("\ufeffdate 2025-07-31\r", "2025-07-31", ""),
        ("\t date\t2025-01-02  x y", "2025-01-02", "x y"),
        ("date 2024-02-29", "2024-02-29", ""),
    ],
)
def test_header_found(text: str, date: str, rest: str) -> None:
    found, length = header_date(text)
    assert found == date
    first_line = text.split("\n")[0]
    assert first_line[length:] == rest


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Headline\ndate 2025-07-31",  # only the first line may hold the header
        "\ndate 2025-07-31",
        "date 2025-02-30",  # not a real day
        "date 2025-7-31",
        "date 2025-07-312",  # the date must end at a word boundary
        "date 2025-07-31T10:00",
        "update 2025-07-31",
        "Date 2025-07-31",
        "date: 2025-07-31",
    ],
)
def test_no_header(text: str) -> None:
    assert header_date(text) == (None, 0)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-07-31", "2025-07-31"),
        (" 2025-07-31 ", "2025-07-31"),
        ("2025-07-31T10:00:00Z", "2025-07-31"),
        ("2025-07-31T23:30:00-05:00", "2025-07-31"),  # the printed date, not moved to UTC
        ("2025-07-31 10:00:00.123456+0000", "2025-07-31"),
        ("20250731", "2025-07-31"),
        ("Thu, 31 Jul 2025 10:00:00 GMT", "2025-07-31"),
        ("July 31, 2025", None),
        ("2025-02-30", None),
        ("yesterday", None),
    ],
)
def test_normalise_date(value: str, expected: str | None) -> None:
    assert normalise_date(value) == expected
