"""What a person at a terminal sees while a run works, and that nothing is shown with --quiet
or into a file."""

from __future__ import annotations

import io
import time
from pathlib import Path

import pytest
from tests.conftest import DEMO

from copydesk.engines import progress
from copydesk.engines.local import run
from copydesk.engines.progress import Progress
from copydesk.engines.rules import RunOptions


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_each_pass_shows_its_progress_at_a_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown = _Terminal()
    monkeypatch.setattr("sys.stderr", shown)
    summary = run([str(DEMO)], tmp_path / "out", RunOptions(workers=1))
    text = shown.getvalue()
    assert f"reading: {summary.records_in} records" in text
    assert f"learning the outlets' chrome from {summary.pages} pages" in text
    assert "cleaning: 100%" in text
    assert f"clustering {summary.stories} stories" in text
    assert f"writing {tmp_path / 'out'}/" in text


@pytest.mark.parametrize("quiet, stderr", [(True, _Terminal()), (False, io.StringIO())])
def test_nothing_is_shown_quiet_or_into_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, quiet: bool, stderr: io.StringIO
) -> None:
    monkeypatch.setattr("sys.stderr", stderr)
    run([str(DEMO / "harbor-times.example")], tmp_path / "out", RunOptions(quiet=quiet))
    assert stderr.getvalue() == ""


def test_a_slow_start_is_explained_and_a_quick_one_is_not(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shown = _Terminal()
    monkeypatch.setattr("sys.stderr", shown)
    monkeypatch.setattr(progress, "SLOW_START_SECONDS", 0.05)
    Progress(quiet=False).slow_start(lambda: None)
    assert shown.getvalue() == ""
    Progress(quiet=False).slow_start(lambda: time.sleep(0.5))
    assert "compiling the kernels" in shown.getvalue()
