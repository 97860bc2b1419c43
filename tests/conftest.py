"""Shared test fixtures: the seeds and benchmark data in ../shared, and the demo corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from copydesk.readers import read_inputs
from copydesk.records import Page
from copydesk.shared import SHARED

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "examples" / "corpus"
DEMO_LABELS = ROOT / "examples" / "labels.jsonl"
# The demo read as its outlets' folders, each the root of its pages: their ids are then the
# file names, as the labels name the pages (read as one folder, they would be `outlet/name`).
SCORER = SHARED / "bench" / "score.py"


def read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def shared_path(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared data not found: {path} (it lives beside the repo, not in it)")
    return path


@pytest.fixture(scope="session")
def seed_pages() -> list[Page]:
    folder = shared_path("examples", "seeds")
    return [r for r in read_inputs([str(folder)]) if isinstance(r, Page)]


@pytest.fixture(scope="session")
def demo_pages() -> list[Page]:
    return [r for r in read_inputs([str(DEMO)]) if isinstance(r, Page)]
