"""OUT/report/'s files: every cluster and page of the run in them, page text only as JSON
data, a folder not ours left alone."""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import read_jsonl
from tests.writers.conftest import CHROME_DOC, HOSTILE_DOC, HOSTILE_PAGE

from copydesk.cli import EXIT_USAGE, main
from copydesk.writers.output import OutputInTheWayError
from copydesk.writers.report import write_report
from copydesk.writers.report.build import LIST_PAGE, copy_diff
from copydesk.writers.report.data import PER_FILE, key, name, width

STATEMENT = re.compile(r'copydesk\.take\("([a-z0-9/]+)",(.*)\);')


def read_data(path: Path) -> list[tuple[str, Any]]:
    """A data file's statements as (name, value); each line must be one statement."""
    statements = []
    for line in path.read_text(encoding="ascii").splitlines():
        match = STATEMENT.fullmatch(line)
        assert match, line[:200]
        statements.append((match[1], json.loads(match[2])))
    return statements


def values(site: Path, data_name: str) -> list[Any]:
    statements = read_data(site / "data" / f"{data_name}.js")
    assert {n for n, _ in statements} == {data_name}
    return [v for _, v in statements]


def parts(site: Path, kind: str, k: str) -> list[Any]:
    """The parts of the cluster or page of key k, from the file that holds it."""
    [layout] = values(site, "layout")
    return [v for v in values(site, name(kind, k, layout[kind])) if v["key"] == k]


def test_every_cluster_has_its_page_with_each_copys_diff(hostile_run: Path) -> None:
    site = hostile_run / "report"
    stories = {s["story_id"]: s for s in read_jsonl(hostile_run / "stories.jsonl")}
    for row in read_jsonl(hostile_run / "clusters.jsonl"):
        [shown] = parts(site, "c", key(row["cluster_id"]))
        assert [m["story_id"] for m in shown["members"]] == [m["story_id"] for m in row["members"]]
        assert shown["canonical"]["body"] == stories[row["canonical"]]["body"]
        canonical = stories[row["canonical"]]["body"]
        for member in shown["members"][1:]:
            assert member["diff"] == copy_diff(canonical, stories[member["story_id"]]["body"])
            assert member["page"] == key(member["doc_id"])


def test_every_page_has_its_lines_and_stories(hostile_run: Path) -> None:
    site = hostile_run / "report"
    audit = read_jsonl(hostile_run / "audit.jsonl")
    lines = Counter(line["doc_id"] for line in audit)
    stories = Counter(s["doc_id"] for s in read_jsonl(hostile_run / "stories.jsonl"))
    for doc_id, n in lines.items():
        found = parts(site, "p", key(doc_id))
        assert {p["doc_id"] for p in found} == {doc_id}
        assert sum(len(p.get("lines", ())) for p in found) == n
        assert sum("story" in p for p in found) == stories[doc_id]
    hostile = [line["text"] for line in audit if line["doc_id"] == HOSTILE_DOC]
    shown = [row[4] for p in parts(site, "p", key(HOSTILE_DOC)) for row in p.get("lines", ())]
    assert shown == hostile


def test_data_files_are_named_by_digest_and_hold_only_statements(hostile_run: Path) -> None:
    site = hostile_run / "report"
    files = [p for p in (site / "data").rglob("*") if p.is_file()]
    for path in files:
        relative = path.relative_to(site / "data").with_suffix("").as_posix()
        assert re.fullmatch(r"(c|p)/[0-9a-f]+|list/(top|\d{4})|overview|layout", relative)
        read_data(path)
    # Clusters and pages a few dozen a file, as many files as their keys' first digits make.
    pages = len({line["doc_id"] for line in read_jsonl(hostile_run / "audit.jsonl")})
    clusters = len(read_jsonl(hostile_run / "clusters.jsonl"))
    [layout] = values(site, "layout")
    assert layout == {"c": width(clusters), "p": width(pages)}
    assert width(PER_FILE * 16) == 1 and width(PER_FILE * 16 + 1) == 2
    packs = {kind: len(list((site / "data" / kind).iterdir())) for kind in ("c", "p")}
    assert packs["c"] == len({key(c["cluster_id"])[: layout["c"]] for c in read_jsonl(
        hostile_run / "clusters.jsonl")})
    assert packs["p"] <= 16 ** layout["p"]


def test_the_lists_first_page_is_the_largest_clusters(hostile_run: Path) -> None:
    [listed] = values(hostile_run / "report", "list/top")
    clusters = read_jsonl(hostile_run / "clusters.jsonl")
    assert listed["clusters"] == len(clusters)
    order = sorted(clusters, key=lambda c: (-c["size"], c["first_date"] or "~"))
    assert [e[0] for e in listed["first"]] == [key(c["cluster_id"]) for c in order[:LIST_PAGE]]
    [chunk] = values(hostile_run / "report", "list/0000")
    assert [e[0] for e in chunk] == [key(c["cluster_id"]) for c in clusters]


def test_the_overview_counts_what_the_run_wrote(hostile_run: Path) -> None:
    [overview] = values(hostile_run / "report", "overview")
    stats = json.loads((hostile_run / "stats.json").read_text())
    stories = read_jsonl(hostile_run / "stories.jsonl")
    assert overview["figures"]["stories"] == stats["stories"] == len(stories)
    assert dict(overview["dates"]) == Counter(s["date"] for s in stories if s["date"])
    assert {o: n for o, n, _ in overview["outlets"]} == Counter(s["source"] for s in stories)
    assert all(0 < chrome < 1 for _, _, chrome in overview["outlets"])


def test_the_overview_groups_the_rejects_with_examples(hostile_run: Path) -> None:
    [overview] = values(hostile_run / "report", "overview")
    rejects = read_jsonl(hostile_run / "rejects.jsonl")
    assert [r["doc_id"] for r in rejects] == [CHROME_DOC]
    [(group, count, [example])] = overview["rejects"]
    assert (group, count) == ("no story", 1)
    assert example == {
        "origin": rejects[0]["origin"], "doc_id": CHROME_DOC, "reason": rejects[0]["reason"],
        "page": key(CHROME_DOC),
    }
    [page] = parts(hostile_run / "report", "p", key(CHROME_DOC))
    assert [row[1] for row in page["lines"] if row[4]] == ["removed"] * 5


def test_the_same_report_from_parquet(hostile_run: Path, tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from copydesk.writers.output import STORY_SCHEMA

    out = tmp_path / "out"
    out.mkdir()
    for file_name in ("clusters.jsonl", "rejects.jsonl", "audit.jsonl", "stats.json"):
        shutil.copy(hostile_run / file_name, out / file_name)
    rows = read_jsonl(hostile_run / "stories.jsonl")
    pq.write_table(pa.Table.from_pylist(rows, schema=STORY_SCHEMA), out / "stories.parquet")
    write_report(out)
    for path in (hostile_run / "report").rglob("*"):
        if path.is_file():
            mine = out / "report" / path.relative_to(hostile_run / "report")
            assert mine.read_bytes() == path.read_bytes(), path


def test_a_report_replaces_its_own_and_never_another_folder(
    hostile_run: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    for file_name in ("stories.jsonl", "clusters.jsonl", "rejects.jsonl", "stats.json"):
        shutil.copy(hostile_run / file_name, out / file_name)
    (out / "report").mkdir()
    (out / "report" / "notes.txt").write_text("mine")
    with pytest.raises(OutputInTheWayError):
        write_report(out)
    assert (out / "report" / "notes.txt").read_text() == "mine"
    shutil.rmtree(out / "report")
    write_report(out)
    (out / "report" / "data" / "stale.js").write_text("")
    write_report(out)
    assert not (out / "report" / "data" / "stale.js").exists()
    assert not list(out.glob(".copydesk-*"))


def test_copy_diff_marks_paragraphs_and_words() -> None:
    canonical = (
        "The mill reopened on Monday after a two-week strike ended.\n\n"
        "Workers won a raise of four percent over two years.\n\n"
        "The union said talks would go on about pensions."
    )
    copy = (
        "The mill reopened on Monday after a two-week strike ended.\n\n"
        "Workers won a raise of five percent over three years.\n\n"
        "A spokesman for the owners declined to comment."
    )
    assert copy_diff(canonical, copy) == [
        ["same", 1],
        ["changed", [
            ["=", "Workers won a raise of"], ["-", "four"], ["+", "five"],
            ["=", "percent over"], ["-", "two"], ["+", "three"], ["=", "years."],
        ]],
        ["cut", "The union said talks would go on about pensions."],
        ["added", "A spokesman for the owners declined to comment."],
    ]


def test_the_command_needs_a_finished_run(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["report", str(tmp_path)]) == EXIT_USAGE
    assert "no finished run" in capsys.readouterr().err
    assert not (tmp_path / "report").exists()


def test_a_new_run_removes_the_report_of_the_last(tmp_path: Path) -> None:
    from copydesk.writers.output import clear_run_files

    (tmp_path / "report").mkdir()
    (tmp_path / "report" / "report.js").write_text("")
    clear_run_files(tmp_path)
    assert not (tmp_path / "report").exists()
    (tmp_path / "report").mkdir()  # a folder of the user's own, not a report
    with pytest.raises(OutputInTheWayError):
        clear_run_files(tmp_path)
    assert (tmp_path / "report").is_dir()


def test_the_command_writes_the_report(
    hostile_run: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    out = tmp_path / "out"
    shutil.copytree(hostile_run, out)
    shutil.rmtree(out / "report")
    assert main(["report", str(out)]) == 0
    assert str(out / "report" / "index.html") in capsys.readouterr().out
    assert (out / "report" / "index.html").read_bytes() == (
        hostile_run / "report" / "index.html"
    ).read_bytes()


def test_a_run_writes_its_report_when_asked(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    (tmp_path / "page.txt").write_text(HOSTILE_PAGE)
    out = tmp_path / "out"
    assert main(["run", str(tmp_path / "page.txt"), "-o", str(out), "--report"]) == 0
    assert f"report: {out / 'report' / 'index.html'}" in capsys.readouterr().out
    [overview] = values(out / "report", "overview")
    assert overview["figures"]["records_in"] == 1
    assert overview["audit"] is False
