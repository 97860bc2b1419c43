"""Turning the inputs a user names (files, folders, globs) into the files to read."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path

from copydesk.records import Reject


@dataclass(frozen=True, slots=True)
class InputFile:
    """A file to read and the root of the input that named it: the folder a user gave, a
    glob's fixed folder, or a named file's own folder."""

    path: Path
    root: Path

    @property
    def name(self) -> str:
        """The file's path under its root, `/`-separated on every OS: what its page ids are
        made of, so that `a/story.txt` and `b/story.txt` of one corpus do not collide."""
        return self.path.relative_to(self.root).as_posix()


def _hidden(name: str) -> bool:
    return name.startswith(".")


def _unreadable_folder(error: OSError) -> Reject:
    folder = error.filename or ""
    return Reject(str(folder), f"cannot read folder {folder}: {error.strerror or error}")


def walk_files(root: Path) -> tuple[list[Path], list[Reject]]:
    """Every non-hidden file under `root`, sorted by path (folder by folder), and a Reject
    for each folder that could not be listed.

    Hidden files and folders (.git, .DS_Store) are skipped; symlinked folders are not
    followed, so a link cycle cannot loop.
    """
    found: list[Path] = []
    rejects: list[Reject] = []

    def unreadable(error: OSError) -> None:  # os.walk would pass over the folder in silence
        rejects.append(_unreadable_folder(error))

    for folder, dirnames, filenames in os.walk(root, onerror=unreadable):
        dirnames[:] = [d for d in dirnames if not _hidden(d)]
        found.extend(Path(folder, f) for f in filenames if not _hidden(f))
    return sorted(found, key=lambda p: p.relative_to(root).parts), rejects


def _is_glob(text: str) -> bool:
    return any(char in text for char in "*?[")


def glob_root(pattern: str) -> Path:
    """The folder a glob's matches lie under: its parts before the first with a wildcard."""
    parts = Path(pattern).parts
    fixed = next(i for i, part in enumerate(parts) if _is_glob(part))
    return Path(*parts[:fixed]) if fixed else Path()


def _entries(folder: Path, rejects: list[Reject]) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as listing:
            return sorted(listing, key=lambda entry: entry.name)
    except OSError as error:
        rejects.append(_unreadable_folder(error))
        return []


def _matches(folder: Path, parts: tuple[str, ...], rejects: list[Reject]) -> Iterator[Path]:
    """The paths under `folder` that the glob components `parts` match, as glob.glob's, but
    `**` never enters a symlinked folder: a link to a parent cannot make it loop."""
    if not parts:
        yield folder
        return
    head, rest = parts[0], parts[1:]
    if head == "**":
        yield from _matches(folder, rest, rejects)  # `**` also matches no folder at all
        for entry in _entries(folder, rejects):
            if entry.is_dir(follow_symlinks=False) and not _hidden(entry.name):
                yield from _matches(Path(entry.path), parts, rejects)
    elif not _is_glob(head):
        child = folder / head
        if rest and child.is_dir():
            yield from _matches(child, rest, rejects)
        elif not rest and (child.exists() or child.is_symlink()):
            yield child
    else:
        for entry in _entries(folder, rejects):
            # As glob.glob: a wildcard matches a hidden name only if it starts with a dot too.
            if not fnmatch(entry.name, head) or (_hidden(entry.name) and not _hidden(head)):
                continue
            if not rest:
                yield Path(entry.path)
            elif entry.is_dir():
                yield from _matches(Path(entry.path), rest, rejects)


def expand_glob(pattern: str) -> tuple[list[Path], list[Reject]]:
    """The paths `pattern` matches (`**`: any folders deep), and a Reject for each folder on
    the way that could not be listed."""
    root = glob_root(pattern)
    parts = Path(pattern).parts[len(root.parts):]
    rejects: list[Reject] = []
    return list(_matches(root, parts, rejects)), rejects


def expand_input(
    text: str, readable: Callable[[Path], bool], kinds: str
) -> Iterator[InputFile | Reject]:
    """The files one input stands for, or a Reject if it stands for none.

    A folder or a glob keeps only the files `readable` accepts (a README.md in a corpus
    folder is not an error); a file named on its own is always passed on, so that the
    caller can say its type is not supported. `kinds` names the readable files in messages.
    A folder a glob matches is the root of the files in it, as a folder named on its own.
    """
    path = Path(text)
    if path.is_dir():
        files, rejects = walk_files(path)
        yield from rejects
        picked = [InputFile(p, path) for p in files if readable(p)]
        if not picked:
            yield Reject(text, f"no pages found in {text}: no {kinds} files in it")
        yield from picked
    elif path.is_file():
        yield InputFile(path, path.parent)
    elif path.exists():
        yield Reject(text, "not a regular file")
    elif _is_glob(text):
        matches, rejects = expand_glob(text)
        yield from rejects
        if not matches:
            yield Reject(text, f"no files match {text}")
            return
        root = glob_root(text)
        walked: set[Path] = set()
        picked: dict[Path, InputFile] = {}  # by path: `corpus/**/*` matches a file twice
        for match in sorted(matches, key=lambda p: p.relative_to(root).parts):
            if match.is_dir():
                # `corpus/**` matches every folder under corpus too: walk the first only.
                if walked.intersection(match.parents):
                    continue
                walked.add(match)
                files, rejects = walk_files(match)
                yield from rejects
                for file in filter(readable, files):
                    picked.setdefault(file, InputFile(file, match))
            elif match.is_file() and readable(match):
                picked.setdefault(match, InputFile(match, root))
        if not picked:
            yield Reject(text, f"no pages found matching {text}: no {kinds} files")
        yield from picked.values()
    else:
        yield Reject(text, f"no such file or directory: {text}")
