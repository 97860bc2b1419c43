"""Fixtures for the readers tests: the shared sample data, when it is there."""

from __future__ import annotations

from pathlib import Path

import pytest

# /work/shared sits next to the repository root: tests/readers → tests → repo → ..
SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    folder = SHARED / "examples" / "seeds"
    if not folder.is_dir():
        pytest.skip(f"shared sample data not found: {folder} (the seeds live outside the repo)")
    return folder


@pytest.fixture(scope="session")
def wire_dev_pages() -> Path:
    path = SHARED / "bench" / "wire-dev" / "pages.jsonl.gz"
    if not path.is_file():
        pytest.skip(f"shared sample data not found: {path} (the bench lives outside the repo)")
    return path
