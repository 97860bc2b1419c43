"""read_inputs: files, folders and globs; what is read, in which order, what is rejected."""

from __future__ import annotations

import gzip
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import pytest

from copydesk.engines.local import run
from copydesk.engines.rules import RunOptions
from copydesk.readers import HtmlReading, dispatch, read_inputs, stream
from copydesk.records import Page, Reject


def origins(inputs: list[str]) -> list[str]:
    return [r.origin for r in read_inputs(inputs)]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """An outlet-per-folder corpus with the clutter real folders have."""
    root = tmp_path / "corpus"
    (root / "b-outlet" / "2025").mkdir(parents=True)
    (root / "a-outlet").mkdir()
    (root / ".git").mkdir()
    (root / "a-outlet" / "d2.txt").write_text("two")
    (root / "a-outlet" / "d1.txt").write_text("one")
    (root / "b-outlet" / "2025" / "d3.txt.gz").write_bytes(gzip.compress(b"three"))
    (root / "b-outlet" / "feed.jsonl").write_text(json.dumps({"id": 4, "text": "four"}) + "\n")
    (root / "README.md").write_text("# not a page")
    (root / "a-outlet" / "notes.csv").write_text("a,b")
    (root / "a-outlet" / ".hidden.txt").write_text("hidden")
    (root / ".git" / "page.txt").write_text("hidden too")
    return root


def test_folder_is_walked_sorted_and_clutter_skipped(corpus: Path) -> None:
    records = list(read_inputs([str(corpus)]))
    assert all(isinstance(r, Page) for r in records)
    assert [r.origin for r in records] == [
        str(corpus / "a-outlet" / "d1.txt"),
        str(corpus / "a-outlet" / "d2.txt"),
        str(corpus / "b-outlet" / "2025" / "d3.txt.gz"),
        f"{corpus / 'b-outlet' / 'feed.jsonl'}:1",
    ]
    assert [(r.doc_id, r.source) for r in records if isinstance(r, Page)] == [
        ("a-outlet/d1", "a-outlet"),  # ids: paths under the folder named, `/` on any OS
        ("a-outlet/d2", "a-outlet"),
        ("b-outlet/2025/d3", "2025"),  # the folder the page is in
        ("4", None),
    ]


def test_inputs_keep_their_order(corpus: Path) -> None:
    b, a = corpus / "b-outlet", corpus / "a-outlet" / "d2.txt"
    assert origins([str(b), str(a)]) == [
        str(b / "2025" / "d3.txt.gz"),
        f"{b / 'feed.jsonl'}:1",
        str(a),
    ]


def test_named_file_of_unknown_type_is_rejected(corpus: Path) -> None:
    readme = corpus / "README.md"
    records = list(read_inputs([str(readme), str(corpus / "a-outlet" / "d1.txt")]))
    assert isinstance(records[1], Page)
    assert records[0] == Reject(
        str(readme),
        "unsupported file type (readable: .txt, .txt.gz, .jsonl, .jsonl.gz, .html, .html.gz, "
        ".htm, .htm.gz, .warc, .warc.gz, .wet, .wet.gz)",
    )


def test_missing_path(tmp_path: Path) -> None:
    missing = str(tmp_path / "nope.jsonl")
    assert list(read_inputs([missing])) == [
        Reject(missing, f"no such file or directory: {missing}")
    ]


def test_glob(corpus: Path) -> None:
    assert origins([str(corpus / "*" / "*.txt")]) == [
        str(corpus / "a-outlet" / "d1.txt"),
        str(corpus / "a-outlet" / "d2.txt"),
    ]


def test_recursive_glob_reads_each_file_once(corpus: Path) -> None:
    got = origins([str(corpus / "**")])
    assert len(got) == len(set(got)) == 4


def test_glob_matching_nothing(tmp_path: Path) -> None:
    pattern = str(tmp_path / "*.jsonl")
    assert list(read_inputs([pattern])) == [Reject(pattern, f"no files match {pattern}")]


def test_glob_matching_only_unreadable_files(corpus: Path) -> None:
    pattern = str(corpus / "*.md")
    [reject] = read_inputs([pattern])
    assert isinstance(reject, Reject)
    assert reject.reason.startswith(f"no pages found matching {pattern}")


@pytest.mark.parametrize("clutter", [[], ["README.md", ".hidden.txt", "data.csv"]])
def test_folder_without_pages(tmp_path: Path, clutter: list[str]) -> None:
    for name in clutter:
        (tmp_path / name).write_text("x")
    [reject] = read_inputs([str(tmp_path)])
    assert isinstance(reject, Reject)
    assert reject.origin == str(tmp_path)
    assert reject.reason.startswith(f"no pages found in {tmp_path}")


def test_not_a_regular_file(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert list(read_inputs([str(fifo)])) == [Reject(str(fifo), "not a regular file")]


def test_unreadable_file(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # chmod 000 does not stop root (tests may run as root), so the error is simulated.
    locked = corpus / "a-outlet" / "d1.txt"

    def open_input(path: Path) -> BinaryIO:
        if path == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return path.open("rb")

    monkeypatch.setattr(stream, "open_input", open_input)
    records = list(read_inputs([str(corpus / "a-outlet")]))
    assert records[0] == Reject(str(locked), "cannot read: Permission denied")
    assert [r.doc_id for r in records[1:]] == ["d2"]


def test_a_new_format_is_one_table_entry(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def read_csv(path: Path, reading: HtmlReading, name: str) -> Iterator[Page | Reject]:
        yield Page(doc_id=name, text=path.read_text(), origin=str(path))

    monkeypatch.setitem(dispatch.READERS, ".csv", read_csv)
    pages = list(read_inputs([str(corpus / "a-outlet")]))
    assert [p.doc_id for p in pages] == ["d1", "d2", "notes.csv"]


# --- ids that do not collide ----------------------------------------------------------------


def test_ids_are_paths_under_the_input_root(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    for outlet in ("outletA", "outletB"):
        (corpus / outlet).mkdir(parents=True)
        (corpus / outlet / "story.txt").write_text(f"The story as {outlet} ran it.")
    (corpus / "top.html").write_text("<html><body><p>" + "A page at the top. " * 20 + "</p>")
    pages = [r for r in read_inputs([str(corpus)]) if isinstance(r, Page)]
    assert [p.doc_id for p in pages] == ["outletA/story", "outletB/story", "top"]
    [named] = read_inputs([str(corpus / "outletA" / "story.txt")])
    assert isinstance(named, Page) and named.doc_id == "story"  # a file named: its name
    globbed = [r.doc_id for r in read_inputs([str(corpus / "*" / "story.txt")])]
    assert globbed == ["outletA/story", "outletB/story"]  # under the glob's fixed folder


def test_a_glob_of_folders_roots_each_at_its_folder(tmp_path: Path) -> None:
    # The shared benchmarks are read as `bench/*/pages`: their pages keep their plain ids.
    for name in ("set1", "set2"):
        (tmp_path / name / "pages").mkdir(parents=True)
        (tmp_path / name / "pages" / f"{name}-p1.txt").write_text("A page.")
    got = [r.doc_id for r in read_inputs([str(tmp_path / "*" / "pages")])]
    assert got == ["set1-p1", "set2-p1"]


def test_archives_without_record_ids_do_not_collide(tmp_path: Path) -> None:
    def conversion(text: str) -> bytes:
        body = text.encode()
        return (f"WARC/1.0\r\nWARC-Type: conversion\r\nContent-Type: text/plain\r\n"
                f"Content-Length: {len(body)}\r\n\r\n").encode() + body + b"\r\n\r\n"

    for outlet in ("a", "b"):
        (tmp_path / outlet).mkdir()
        (tmp_path / outlet / "crawl.wet").write_bytes(conversion(f"Text from {outlet}."))
    pages = [r for r in read_inputs([str(tmp_path)]) if isinstance(r, Page)]
    assert [p.doc_id for p in pages] == ["a/crawl.wet@0", "b/crawl.wet@0"]


# --- walks that end and report ----------------------------------------------------------------


def test_an_unreadable_folder_is_a_reject(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Root reads a chmod-000 folder anyway, so listing it is made to fail as it would.
    locked = corpus / "b-outlet"
    scandir = os.scandir

    def refusing(path: str | os.PathLike[str]) -> Iterator[os.DirEntry[str]]:
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refusing)
    records = list(read_inputs([str(corpus)]))
    assert records[0] == Reject(str(locked), f"cannot read folder {locked}: Permission denied")
    assert [r.doc_id for r in records[1:]] == ["a-outlet/d1", "a-outlet/d2"]
    globbed = list(read_inputs([str(corpus / "*" / "*.jsonl")]))
    assert globbed[0] == records[0]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a chmod-000 folder anyway")
def test_a_folder_without_permissions_is_a_reject(corpus: Path) -> None:
    locked = corpus / "b-outlet"
    locked.chmod(0)
    try:
        records = list(read_inputs([str(corpus)]))
    finally:
        locked.chmod(0o755)
    assert Reject(str(locked), f"cannot read folder {locked}: Permission denied") in records


def test_a_recursive_glob_does_not_follow_a_symlink_loop(corpus: Path) -> None:
    (corpus / "a-outlet" / "loop").symlink_to(corpus, target_is_directory=True)
    (corpus / "b-outlet" / "up").symlink_to("..", target_is_directory=True)
    got = origins([str(corpus / "**" / "*.txt")])
    assert got == [str(corpus / "a-outlet" / "d1.txt"), str(corpus / "a-outlet" / "d2.txt")]
    assert len(origins([str(corpus / "**")])) == 4


def test_globs_match_as_glob_does(corpus: Path) -> None:
    assert origins([str(corpus / "a-*" / "d?.txt")]) == origins([str(corpus / "a-outlet")])
    assert origins([str(corpus / "**" / "*.txt.gz")]) == [
        str(corpus / "b-outlet" / "2025" / "d3.txt.gz")
    ]
    assert origins([str(corpus / "*" / "*.txt")]) == origins([str(corpus / "a-outlet")])


# --- the output folder is never read ----------------------------------------------------------


def test_files_in_the_output_folder_are_not_read(corpus: Path) -> None:
    out = corpus / "out"
    out.mkdir()
    (out / "rejects.jsonl").write_text(json.dumps({"origin": "x", "reason": "y"}) + "\n")
    everything = origins([str(corpus)])
    kept = [r.origin for r in read_inputs([str(corpus)], exclude=out)]
    assert kept == [o for o in everything if o != f"{out / 'rejects.jsonl'}:1"]
    assert len(kept) == 4
    named = list(read_inputs([str(out / "rejects.jsonl")], exclude=out))
    assert named == [Reject(str(out / "rejects.jsonl"), "inside the output folder: not read")]


def test_a_run_into_its_own_input_folder_reads_none_of_its_output(tmp_path: Path) -> None:
    inside = tmp_path / "inside"
    inside.mkdir()
    (inside / "story.txt").write_text("Harbour reopens\n\nThe harbour reopened on Monday.\n")
    out = inside / "out"
    run([str(inside)], out, RunOptions(quiet=True))  # it leaves rejects.jsonl, stories.jsonl
    summary = run([str(inside)], out, RunOptions(quiet=True))
    assert (summary.records_in, summary.pages, summary.rejects) == (1, 1, 0)
    listed = [json.loads(line) for line in (out / "rejects.jsonl").read_text().splitlines()]
    assert [r["doc_id"] for r in listed] == ["story"]  # too short for a story, and said so


def test_a_glob_in_the_working_folder(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(corpus)
    records = list(read_inputs(["*/d?.txt"]))
    assert [(r.origin, r.doc_id) for r in records] == [
        ("a-outlet/d1.txt", "a-outlet/d1"), ("a-outlet/d2.txt", "a-outlet/d2")
    ]
