"""A run killed at any moment and started again ends with the files of a run never stopped."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import signal
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import DEMO
from tests.readers.test_readers_html import story_html

from copydesk.engines import local, state, work
from copydesk.engines.local import run
from copydesk.engines.rules import RunOptions
from copydesk.engines.state import RunLockedError, RunState
from copydesk.readers import dispatch
from copydesk.writers import output
from copydesk.writers.output import OutputInTheWayError

OUTLETS = ("harbor-times.example", "newsstream-hub.example", "northfield-herald.example")
OPTIONS = RunOptions(quiet=True, audit=True)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three outlets of the demo corpus, an HTML page gzipped and one that is not, and a file
    of bad records: every pass has work."""
    folder = tmp_path_factory.mktemp("corpus")
    for name in OUTLETS:
        shutil.copytree(DEMO / name, folder / name)
    pages = folder / "courier.example"
    pages.mkdir()
    (pages / "pier.html.gz").write_bytes(gzip.compress(story_html().encode()))
    (pages / "pier-again.html").write_text(story_html().replace("Tuesday", "Wednesday"))
    (folder / "bad.jsonl").write_text('{"id": "b1", "text": "hello"}\n{broken\n')
    # More rejects than a file lists (CAP below), across chunks: the closing count resumes too.
    (folder / "junk.jsonl").write_text("".join(f"junk {i}\n" for i in range(23)))
    # The same, read last: the input ends with a closing count, a chunk of its own.
    (folder / "zz-junk.jsonl").write_text("".join(f"junk {i}\n" for i in range(9)))
    return folder


CHUNK = 4  # records a chunk: small, so that every pass has several
CAP = 5  # rejects listed a file


def _small(mp: pytest.MonkeyPatch) -> None:
    mp.setattr(local, "CHUNK_RECORDS", CHUNK)
    mp.setattr(dispatch, "MAX_REJECTS_PER_FILE", CAP)


def _files(out: Path) -> dict[str, Any]:
    """The run's files, stats.json without its timings."""
    found: dict[str, Any] = {p.name: p.read_bytes() for p in out.iterdir()}
    stats = json.loads(found.pop("stats.json"))
    del stats["seconds"]
    found["stats.json"] = stats
    return found


@pytest.fixture(scope="module")
def whole(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("whole")
    with pytest.MonkeyPatch.context() as mp:
        _small(mp)
        run([str(corpus)], out, OPTIONS)
    return _files(out)


def test_the_rejects_a_file_lists_are_capped_across_chunks(whole: dict[str, Any]) -> None:
    rejects = [json.loads(line) for line in whole["rejects.jsonl"].splitlines()]
    junk = [r for r in rejects if r["origin"].rpartition(":")[0].endswith("/junk.jsonl")]
    assert len(junk) == CAP
    (closing,) = [r for r in rejects if r["origin"].endswith("/junk.jsonl")]
    assert closing["count"] == 23 - CAP and closing["reason"].startswith("rejects not listed")


def _killed_at(n: int, name: str, before: bool = True) -> Callable[..., Any]:
    """A stand-in for the function `name` that kills the process at its n-th call, before
    or after doing its work."""
    calls = 0
    real = {"publish": state.publish, "outlet_lines": work.outlet_lines, "process": work.process}[
        name
    ]

    def stand_in(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls == n and before:
            os.kill(os.getpid(), signal.SIGKILL)
        result = real(*args, **kwargs)
        if calls == n:
            os.kill(os.getpid(), signal.SIGKILL)
        return result

    return stand_in


def _run_killed(corpus: Path, out: Path, name: str, n: int, before: bool) -> bool:
    """Run in a child process that is killed as told; True if it was killed."""
    pid = os.fork()
    if pid == 0:  # the child: never returns to pytest
        try:
            local.CHUNK_RECORDS = CHUNK
            dispatch.MAX_REJECTS_PER_FILE = CAP
            stand_in = _killed_at(n, name, before)
            if name == "publish":
                state.publish = output.publish = stand_in
            else:
                setattr(work, name, stand_in)
                setattr(local, name, stand_in)
            run([str(corpus)], out, OPTIONS)
        finally:
            os._exit(0)
    _, status = os.waitpid(pid, 0)
    return os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL


# Where the runs are killed: at each publication of a finished part or file (the run's
# record, pass 1's and pass 2's chunks, the final files, stats.json last), before and after
# the rename; in the middle of a chunk of pass 1 and of pass 2; and in the run's warm-up,
# whose page is each function's first call.
KILL_POINTS = [
    *(("publish", n, True) for n in range(1, 21)),
    *(("publish", n, False) for n in range(1, 21, 2)),
    *(("outlet_lines", n, True) for n in (2, 7, 12)),
    *(("process", n, True) for n in (1, 8, 13)),
]


def test_a_killed_run_started_again_ends_as_if_never_stopped(
    corpus: Path, whole: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _small(monkeypatch)
    killed = 0
    for i, (name, n, before) in enumerate(KILL_POINTS):
        out = tmp_path / f"out{i}"
        killed += _run_killed(corpus, out, name, n, before)
        run([str(corpus)], out, OPTIONS)
        assert _files(out) == whole, (name, n, before)
    # Most points fall inside the run (the last publications may be past its end).
    assert killed >= 34


def test_a_run_started_again_redoes_only_what_was_not_finished(
    corpus: Path, whole: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _small(monkeypatch)
    assert _run_killed(corpus, tmp_path, "process", 12, True)
    parts = sorted(p.name for p in (tmp_path / state.STATE).iterdir())
    read = [p for p in parts if p.startswith("pages-")]
    assert len(read) > 3 and any(p.startswith("stories-") for p in parts)
    processed: list[str] = []
    real = work.process

    def counting(page: Any, *rest: Any) -> Any:
        processed.append(page.doc_id)
        return real(page, *rest)

    monkeypatch.setattr(local, "process", counting)
    run([str(corpus)], tmp_path, OPTIONS)
    pages = _files(tmp_path)["stats.json"]["pages"]
    assert 0 < len(processed) < pages
    assert _files(tmp_path) == whole
    assert not (tmp_path / state.STATE).exists()


def test_changed_inputs_start_the_run_over(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _small(monkeypatch)
    inputs = tmp_path / "in"
    shutil.copytree(corpus, inputs)
    out = tmp_path / "out"
    assert _run_killed(inputs, out, "process", 7, True)
    (inputs / "bad.jsonl").write_text('{"id": "b2", "text": "bye"}\n')
    run([str(inputs)], out, OPTIONS)
    fresh = tmp_path / "fresh"
    run([str(inputs)], fresh, OPTIONS)
    assert _files(out) == _files(fresh)


def test_a_second_run_on_one_folder_at_once_refuses(corpus: Path, tmp_path: Path) -> None:
    holder = RunState(tmp_path, {"copydesk": "another run, in progress"})
    with pytest.raises(RunLockedError, match="another copydesk run is writing to"):
        run([str(corpus)], tmp_path, OPTIONS)
    holder.close(finished=False)
    run([str(corpus)], tmp_path, OPTIONS)
    assert (tmp_path / "stats.json").is_file()


def test_a_folder_of_the_state_s_name_that_no_run_made_is_left_alone(
    corpus: Path, tmp_path: Path
) -> None:
    mine = tmp_path / state.STATE
    mine.mkdir()
    (mine / "notes.txt").write_text("a user's")
    with pytest.raises(OutputInTheWayError, match=r"\.copydesk-run is in the way"):
        run([str(corpus)], tmp_path, OPTIONS)
    assert (mine / "notes.txt").read_text() == "a user's"
    (mine / "notes.txt").unlink()  # empty, as a run killed at its start leaves it
    run([str(corpus)], tmp_path, OPTIONS)
    assert not mine.exists()


def test_a_run_resumed_at_the_input_s_end_keeps_its_place() -> None:
    """Resumed where the last file's records are all read but its closing count is not yet
    kept, the run's one group left is that count, at the place reading stopped (not at the
    input's start, which would read it all again)."""
    cap = dispatch.RejectCap("zz-junk.jsonl", listed=CAP, unlisted=4)
    ((position, after, made),) = local._capped(iter([]), (5, 9), (5, cap))
    assert position == (5, 9) and after is None
    ((closing, lines),) = made
    assert closing.count == 4 and closing.reason.startswith("rejects not listed") and not lines
