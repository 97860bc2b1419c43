"""A run's state in its output folder: a run killed at any moment (SIGKILL, power loss) and
started again with the same command ends as if it had never stopped, redoing only what it had
not finished.

- OUT itself is locked (flock on the folder) while a run writes to it: a second run at once
  refuses. The kernel lets go of the lock when the process dies, however it dies, and there
  is no lock file to leave behind.
- `OUT/.copydesk-run/` holds the finished parts of the run, each a folder written under a
  `.partial` name and renamed once whole (a rename is atomic): a part is there complete or
  not at all. `run.json` says which run the parts belong to (the inputs, the files they stood
  for with their sizes and times, the options): the parts of another run are removed.

Names start with `.copydesk-` so that no user's file is taken for the run's. The folder goes
once the run's files are written; the run's own files are published the same way (written
under a temporary name, renamed), stats.json last: a folder without stats.json is not a
finished run.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from copydesk.writers.output import OutputInTheWayError, publish

STATE = ".copydesk-run"
PARTIAL = ".partial"


class RunLockedError(OSError):
    """Another run is writing to the same output folder."""


def lock(out: Path) -> int:
    """OUT locked for this process's run: the descriptor to close to let go of it."""
    fd = os.open(out, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise RunLockedError(
            f"another copydesk run is writing to {out}: wait for it to end, or choose "
            "another output folder"
        ) from None
    return fd


class RunState:
    def __init__(self, out: Path, identity: dict[str, Any]) -> None:
        self.folder = out / STATE
        self._lock = lock(out)
        wanted = json.dumps(identity, sort_keys=True, indent=1)
        if self.folder.is_symlink() or self.folder.exists():
            if not self._ours():
                os.close(self._lock)
                raise OutputInTheWayError(
                    f"{self.folder} is in the way: it is not a copydesk run's state; move it "
                    "or choose another output folder"
                )
            if self._read("run.json") != wanted:
                shutil.rmtree(self.folder)  # another run's parts: nothing of this run's
        self.folder.mkdir(exist_ok=True)
        for partial in self.folder.glob(f"*{PARTIAL}"):  # what a killed run was writing
            shutil.rmtree(partial) if partial.is_dir() else partial.unlink()
        if self._read("run.json") != wanted:
            written = self.folder / f"run.json{PARTIAL}"
            written.write_text(wanted)
            publish(written, self.folder / "run.json")

    def _ours(self) -> bool:
        """Whether the state folder is one a run made: a real folder holding a run's record,
        or (a run killed before writing it) nothing but what it was writing."""
        if self.folder.is_symlink() or not self.folder.is_dir():
            return False
        record = self._read("run.json")
        if record is None:
            return all(p.name.endswith(PARTIAL) for p in self.folder.iterdir())
        try:
            found = json.loads(record)
        except json.JSONDecodeError:
            return False
        return isinstance(found, dict) and "copydesk" in found

    def _read(self, name: str) -> str | None:
        try:
            return (self.folder / name).read_text()
        except (FileNotFoundError, UnicodeDecodeError):
            return None

    def finished(self, prefix: str) -> list[Path]:
        """The finished parts whose names start with `prefix`, in order."""
        return sorted(p for p in self.folder.glob(f"{prefix}*") if not p.name.endswith(PARTIAL))

    @contextmanager
    def part(self, name: str) -> Iterator[Path]:
        """A folder to write one part into; published under `name` if the body ends well."""
        written = self.folder / f"{name}{PARTIAL}"
        written.mkdir()
        yield written
        publish(written, self.folder / name)

    def close(self, finished: bool) -> None:
        """Let go of the lock; with `finished`, the parts are no longer needed."""
        if finished:
            shutil.rmtree(self.folder)
        os.close(self._lock)
