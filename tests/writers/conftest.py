"""The report's fixture: the demo corpus with one more outlet, whose pages' text is hostile
(markup, script, javascript: links), one of them no story, run once with --audit and
--report."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from tests.conftest import DEMO

import copydesk

# An invented outlet's story, whose lines carry what a page must never run in the report.
HOSTILE_LINES = (
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(2)">',
    '<a href="javascript:alert(3)">Read the full notice</a>',
)
# The story's paragraphs, one a line; the hostile text inside two of them.
_PARAGRAPHS = (
    "LAKEMONT — The town council on Monday put off a vote on dredging the harbour's "
    'silted north channel after the only contractor to bid withdrew, leaving the project '
    "without a price two weeks before the season's work window closes.",
    'Council chair Odile Brennecke said the town would reopen bidding in October and ask '
    'the state for an extension of its dredging permit, which expires at the end of the '
    'year.',
    "Residents who spoke at the meeting pasted the contractor's notice into the public "
    f'record, including its odd markup {HOSTILE_LINES[0]} and an image tag '
    f'{HOSTILE_LINES[1]} that the clerk read aloud without comment.',
    f"The notice ended with a link, {HOSTILE_LINES[2]}, which the clerk said led nowhere.",
    'Fishing crews say the channel has grown so shallow that boats wait for the tide to '
    'leave the inner harbour, costing them hours on each trip out to the banks.',
)
HOSTILE_PAGE = (
    "date 2025-09-02\n\nHome | Council | Weather\n"
    "Lakemont council delays vote on harbour dredging after contractor withdraws\n\n"
    + "\n\n".join(_PARAGRAPHS)
    + f"\n\n{HOSTILE_LINES[0]}\njavascript:alert(4)\nShare this story | Subscribe\n"
)

# A page of the same outlet that gives no story: a reject with its reason, its lines in the
# report.
CHROME_PAGE = (
    "Home | News | Sport | Weather\nSubscribe | Sign in\n<script>alert(5)</script>\n"
    "We use cookies to improve your experience. Accept all cookies\n"
    "© 2025 Lakemont Tribune. All rights reserved.\n"
)


@pytest.fixture(scope="session")
def hostile_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("report")
    corpus = root / "corpus"
    shutil.copytree(DEMO, corpus)
    (corpus / "lakemont-tribune.example").mkdir()
    (corpus / "lakemont-tribune.example" / "d0900.txt").write_text(HOSTILE_PAGE)
    (corpus / "lakemont-tribune.example" / "d0901.txt").write_text(CHROME_PAGE)
    out = root / "out"
    copydesk.run([corpus], out, audit=True, report=True)
    return out


HOSTILE_DOC = "lakemont-tribune.example/d0900"
CHROME_DOC = "lakemont-tribune.example/d0901"
