"""The wire-dev measurement (measure_wire.py) on a fixed sample, against measured floors.

Floors sit a few points under what the first 300 pages measured when they were set
(dateline 1.000, captions P 0.972 / R 1.000 line-level, corrections P 0.958 / R 1.000);
the full-set figures and what is left are in measure_wire.py's output.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from copydesk.shared import BENCH

HERE = Path(__file__).resolve().parent
WIRE_DEV = BENCH / "wire-dev"
SAMPLE = 300

pytestmark = pytest.mark.skipif(
    not (WIRE_DEV / "labels.jsonl").exists(),
    reason=f"wire-dev not found under {WIRE_DEV} (../shared absent)",
)


def _measure_module() -> ModuleType:
    # loaded by path: tests/ is not a package, and the name must not clash with others'
    spec = importlib.util.spec_from_file_location("copydesk_annotate_measure_wire",
                                                  HERE / "measure_wire.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def mw() -> ModuleType:
    return _measure_module()


@pytest.fixture(scope="module")
def records(mw: ModuleType) -> list[tuple[dict, str]]:
    return list(mw.load(WIRE_DEV, limit=SAMPLE))


def test_datelines(mw: ModuleType, records: list[tuple[dict, str]]) -> None:
    fig = mw.measure_datelines(records)
    assert fig.gold > 100
    assert fig.exact_rate >= 0.97, fig.errors[:10]
    assert fig.overall_rate >= 0.97, fig.false_pos[:10]
    right, printed, _ = mw.measure_page_datelines(records)
    assert right / printed >= 0.95


def test_captions(mw: ModuleType, records: list[tuple[dict, str]]) -> None:
    line_level = mw.measure_captions(records, tail_counts=True)
    assert line_level.gold > 100
    assert line_level.precision >= 0.94, line_level.errors[:10]
    assert line_level.recall >= 0.97, line_level.errors[:10]
    strict = mw.measure_captions(records, tail_counts=False)
    assert strict.precision >= 0.91 and strict.recall >= 0.94
    assert mw.caption_set_f1(records) >= 0.95


def test_corrections(mw: ModuleType, records: list[tuple[dict, str]]) -> None:
    pr = mw.measure_corrections(records)
    assert pr.gold >= 10
    assert pr.precision >= 0.92, pr.errors[:10]
    assert pr.recall >= 0.97, pr.errors[:10]
