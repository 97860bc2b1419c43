"""is_correction on invented lines, and its cheap test on the corpora's."""

from __future__ import annotations

import pytest

from copydesk.annotate import corrections
from copydesk.annotate.corrections import is_correction
from copydesk.records import Page


@pytest.mark.parametrize(
    "line",
    [
        "This story has been corrected to show the bridge opened in 1998, not 1989.",
        "This story has been updated to correct the spelling of the mayor's name.",
        "Correction: An earlier version of this story misstated the size of the fund.",
        "CORRECTION: The vote was 5-4, not 4-5.",
        "An earlier version of this story gave the wrong age for the driver.",
        "Clarification: This article has been updated to clarify that the grant is private.",
        "This article was amended on 3 May 2026 to correct the name of the river.",
        "Editor's note: This story was updated to correct the date of the hearing.",
        "Editor’s Note: An earlier version of this article misidentified the coach.",
        "Correction, June 2, 2026: This article originally misspelled the county's name.",
        "A previous version of this report incorrectly stated the company's revenue.",
    ],
)
def test_corrections(line: str) -> None:
    assert is_correction(line)


@pytest.mark.parametrize(
    "line",
    [
        "Corrections",
        "Corrections & Clarifications",
        "Submit a correction",
        "Report a correction or typo",
        "- Color correction",
        "The court corrected the record on Tuesday.",
        "Editor's Note: We updated our review of hiking boots to add three new models.",
        "This article was updated on May 3 with new figures from the ministry.",
        "This article was originally published in 2024 and is regularly updated.",
        "The device will not work correctly when cookies are disabled.",
        "Earlier versions of the phone had a smaller battery.",
        "Use mobility and corrective exercises during warm-ups.",
        "",
    ],
)
def test_not_corrections(line: str) -> None:
    assert not is_correction(line)


def test_long_paragraph_is_not_a_note() -> None:
    assert not is_correction("This story has been corrected to show the date. " + "x " * 400)


def test_change_stems_are_necessary(demo_pages: list[Page], seed_pages: list[Page]) -> None:
    """is_correction searches for a changed story only in lines holding a change stem."""
    lines = [ln for p in (*demo_pages, *seed_pages) for ln in p.text.split("\n")] + [
        "An earlier version of this story misstated the mayor's age.",
        "This article has been amended to remove a quote.",
        "The headline was updated to correct the date.",
        "A previous version incorrectly said the vote was on Monday.",
    ]
    found = [ln for ln in lines if corrections._STORY_CHANGED.search(ln)]
    assert len(found) >= 4
    for line in found:
        assert any(stem in line.lower() for stem in corrections._CHANGE_STEMS), line
