"""parse_caption and parse_credit_line on invented lines."""

from __future__ import annotations

import pytest

from copydesk.annotate.captions import parse_caption, parse_credit_line


@pytest.mark.parametrize(
    ("line", "credit"),
    [
        ("Farmers load sacks of maize onto a truck in Villa Serena, Honduras, Monday, May 4, "
         "2026. (AP Photo/Lidia Marchetti)", "AP Photo/Lidia Marchetti"),
        ("The mayor of Brindleford speaks at a rally, Nov. 2, 2025. (AP Photo/Tom Ekwueme, File)",
         "AP Photo/Tom Ekwueme, File"),
        ("Dockworkers rest in the shade. (Reuters Photo/Ana Kowalczyk)",
         "Reuters Photo/Ana Kowalczyk"),
        ("Dockworkers rest in the shade. (AFP Photo/Jae K. Lindqvist)",
         "AFP Photo/Jae K. Lindqvist"),
        ("A heron stands in the marsh. (Getty Images)", "Getty Images"),
        ("Protesters gather near the port (Image: GETTY )", "Image: GETTY"),
        ("Shoppers queue for bread in Lomaris. (Pat Quell/The Lomaris Courier via AP)",
         "Pat Quell/The Lomaris Courier via AP"),
        ("Rescue teams search the rubble on Monday. REUTERS/Omar Haddadi",
         "REUTERS/Omar Haddadi"),
        ("Rescue teams search the rubble on Monday. REUTERS/Omar Haddadi/File Photo",
         "REUTERS/Omar Haddadi/File Photo"),
        ("A runner crosses the finish line. Photograph: Dee Morrow/Reuters",
         "Photograph: Dee Morrow/Reuters"),
        ("A runner crosses the finish line. Photo: Jane Doe/Reuters", "Photo: Jane Doe/Reuters"),
        ("Fans cheer in the stands. Kit Vance/AFP via Getty Images",
         "Kit Vance/AFP via Getty Images"),
        ("A comet over the desert (Photo: Sam Oyelaran)", "Photo: Sam Oyelaran"),
    ],
)
def test_captions(line: str, credit: str) -> None:
    caption = parse_caption(line)
    assert caption is not None
    assert caption.text == line  # the whole line as printed, credit included
    assert caption.credit == credit
    assert parse_credit_line(line) is None


@pytest.mark.parametrize(
    "line",
    [
        "The photo shows a bridge that no longer stands, the museum said.",
        "See the photo above for the layout of the garden beds.",
        "Best overall: Trailmaster 5 (Men’s/Women’s)",
        "Mobile Developer (Project Lead / Strategist)",
        "Ten Tips for Better Sleep (Photos)",
        "Photos: Ten years of the county fair",
        "Photo Gallery",
        "More Images",
        "Photography",
        "Credit:",
        "Federal Solar Tax Credit",
        "The ratio is computed as (pages / block_size)",
        "He said the image of the city had changed. It was a new era.",
        "",
    ],
)
def test_not_captions(line: str) -> None:
    assert parse_caption(line) is None


@pytest.mark.parametrize(
    ("line", "credit"),
    [
        ("Photo: Jane Doe/Reuters", "Jane Doe/Reuters"),
        ("Photo: Rui Tanaka, AP", "Rui Tanaka, AP"),
        ("Credit: Orla Fenwick", "Orla Fenwick"),
        ("Image Credit: Brightlane Studio", "Brightlane Studio"),
        ("Photo by Mirela Dusek on Unsplash", "Photo by Mirela Dusek on Unsplash"),
        ("Kit Vance / Getty Images", "Kit Vance / Getty Images"),
        ("(Lena Ortiz / Associated Press)", "Lena Ortiz / Associated Press"),
    ],
)
def test_credit_only_lines(line: str, credit: str) -> None:
    # a credit with nothing described is not a caption, but its credit is recognised
    assert parse_caption(line) is None
    assert parse_credit_line(line) == credit


def test_credit_line_rejects_sentences_and_gallery_titles() -> None:
    assert parse_credit_line("Photos: Ten years of the county fair") is None
    assert parse_credit_line("Credit: the committee thanked donors. Then it adjourned.") is None
    assert parse_credit_line("A plain sentence about the weather.") is None
