"""Fixtures for the readers tests: the shared sample data, when it is there."""

from __future__ import annotations

from pathlib import Path

import pytest

from copydesk.shared import BENCH, SEEDS


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    folder = SEEDS
    if not folder.is_dir():
        pytest.skip(f"shared sample data not found: {folder} (the seeds live outside the repo)")
    return folder


@pytest.fixture(scope="session")
def wire_dev_pages() -> Path:
    path = BENCH / "wire-dev" / "pages.jsonl.gz"
    if not path.is_file():
        pytest.skip(f"shared sample data not found: {path} (the bench lives outside the repo)")
    return path
