"""parse_byline on invented lines."""

from __future__ import annotations

import pytest

from copydesk.annotate.byline import parse_byline


@pytest.mark.parametrize(
    ("line", "byline"),
    [
        ("By Jane Doe", "Jane Doe"),
        ("BY JANE DOE", "JANE DOE"),
        ("By JANE DOE and JOHN ROE, Associated Press", "JANE DOE and JOHN ROE, Associated Press"),
        ("By Mary-Kate O'Neil and José da Silva", "Mary-Kate O'Neil and José da Silva"),
        ("By Jane Doe, Staff Writer", "Jane Doe, Staff Writer"),
        ("By: Ana Ruiz", "Ana Ruiz"),
        ("By Jane Doe | Updated July 31, 2025 10:16 AM", "Jane Doe"),
        ("By Jane Doe Last Updated: December 6, 2024", "Jane Doe"),
        ("by Jane Doe • Nov. 3, 2025", "Jane Doe"),
        ("By Jane Doe, John Roe and Ana Ruiz", "Jane Doe, John Roe and Ana Ruiz"),
        ("Jane Doe, Reuters", "Jane Doe, Reuters"),
        (
            "John Roe and Ana Ruiz, The Associated Press",
            "John Roe and Ana Ruiz, The Associated Press",
        ),
    ],
)
def test_bylines(line: str, byline: str) -> None:
    assert parse_byline(line) == byline


@pytest.mark.parametrize(
    "line",
    [
        "By the end of the year, prices had doubled.",
        "By 2030, most new cars will be electric.",
        "By Using Our Site You Agree To Our Terms",
        "By Sunday Morning, the crowd had gone home.",
        "By Event Type",
        "Jane Doe, a teacher in the valley",
        "Jane Doe",  # a bare name could be anything (a caption, a list item)
        "Reuters",
        "By",
        "",
        "By Jane Doe " + "and more words " * 20,
    ],
)
def test_not_bylines(line: str) -> None:
    assert parse_byline(line) is None
