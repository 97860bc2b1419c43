"""parse_date, printed_dates and is_date_line on invented texts."""

from __future__ import annotations

import pytest

from copydesk.annotate.dates import is_date_line, parse_date, printed_dates


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2025-07-31 10:16 Last Updated At:10:30", "2025-07-31"),
        ("Published July 31, 2025", "2025-07-31"),
        ("Jul 31, 2025, 10:16 AM", "2025-07-31"),
        ("31 July 2025", "2025-07-31"),
        ("Thursday, July 31st, 2025", "2025-07-31"),
        ("Sept. 3, 2024", "2024-09-03"),
        ("Updated: 2025/07/31", "2025-07-31"),
        ("Posted 2025-07-31T10:16:00Z", "2025-07-31"),
        ("on the 1st of March, 2024", "2024-03-01"),
        ("Feb 29, 2024", "2024-02-29"),  # leap year
        ("Updated on 19-Dec-2025", "2025-12-19"),
        ("17.05.2021", "2021-05-17"),  # dots: day first
        ("05.06.2024", "2024-06-05"),
        ("11-29-2024, 09:03 AM", "2024-11-29"),  # 29 can only be the day
        ("7/31/2025", "2025-07-31"),
        ("05/06/2024", "2024-05-06"),  # slashes: US month first
        ("First 31 July 2025, then 2025-08-02", "2025-07-31"),  # the first one wins
    ],
)
def test_dates(text: str, iso: str) -> None:
    assert parse_date(text) == iso


@pytest.mark.parametrize(
    "text",
    [
        "",
        "no date here",
        "2025-02-30",
        "Feb 30, 2025",
        "Feb 29, 2025",
        "Call 555-2025-07",
        "Order 12025-07-31",
        "Room 31 July",
        "Version 2.3.1",
        "build v1.2.2024x",
        "192.168.1.2024",
    ],
)
def test_no_dates(text: str) -> None:
    assert parse_date(text) is None


def test_printed_dates_are_every_date_with_each_reading() -> None:
    text = "Published 05/06/2024, updated 2024-11-29; filed 31.02.2024 and 17.05.2021"
    assert printed_dates(text) == [
        (10, ["2024-05-06", "2024-06-05"]),  # either could be the day: US order first
        (30, ["2024-11-29"]),
        (63, ["2021-05-17"]),  # (31 February is no date)
    ]
    assert printed_dates("12/12/2024") == [(0, ["2024-12-12"])]
    assert printed_dates("no date here") == []


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("2025-07-31 10:16 Last Updated At:10:30", True),
        ("Published July 31, 2025", True),
        ("Updated: Thu, July 31, 2025 at 10:16 a.m. ET", True),
        ("July 31, 2025 | 5 min read", True),
        ("Storm hits coast on July 31, 2025", False),
        ("The vote is set for July 31, 2025, officials said", False),
        ("no date", False),
    ],
)
def test_is_date_line(line: str, expected: bool) -> None:
    assert is_date_line(line) is expected
