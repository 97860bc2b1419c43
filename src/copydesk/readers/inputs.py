"""Turning the inputs a user names (files, folders, globs) into the files to read."""

from __future__ import annotations

import glob
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from copydesk.records import Reject


def _hidden(name: str) -> bool:
    return name.startswith(".")


def walk_files(root: Path) -> list[Path]:
    """Every non-hidden file under `root`, sorted by path (folder by folder).

    Hidden files and folders (.git, .DS_Store) are skipped; symlinked folders are not
    followed, so a link cycle cannot loop.
    """
    found: list[Path] = []
    for folder, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not _hidden(d)]
        found.extend(Path(folder, f) for f in filenames if not _hidden(f))
    return sorted(found, key=lambda p: p.relative_to(root).parts)


def _is_glob(text: str) -> bool:
    return any(char in text for char in "*?[")


def expand_input(
    text: str, readable: Callable[[Path], bool], kinds: str
) -> Iterator[Path | Reject]:
    """The files one input stands for, or a Reject if it stands for none.

    A folder or a glob keeps only the files `readable` accepts (a README.md in a corpus
    folder is not an error); a file named on its own is always passed on, so that the
    caller can say its type is not supported. `kinds` names the readable files in messages.
    """
    path = Path(text)
    if path.is_dir():
        picked = [p for p in walk_files(path) if readable(p)]
        if not picked:
            yield Reject(text, f"no pages found in {text}: no {kinds} files in it")
        yield from picked
    elif path.is_file():
        yield path
    elif path.exists():
        yield Reject(text, "not a regular file")
    elif _is_glob(text):
        matches = sorted(glob.glob(text, recursive=True))
        if not matches:
            yield Reject(text, f"no files match {text}")
            return
        picked = []
        for match in map(Path, matches):
            if match.is_dir():
                picked.extend(p for p in walk_files(match) if readable(p))
            elif match.is_file() and readable(match):
                picked.append(match)
        if not picked:
            yield Reject(text, f"no pages found matching {text}: no {kinds} files")
        # `corpus/**` matches a folder and the files in it: read each file once.
        yield from dict.fromkeys(picked)
    else:
        yield Reject(text, f"no such file or directory: {text}")
