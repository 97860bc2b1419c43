"""The Spark engine writes what the local engine writes, field for field."""

import json
import os
import shutil
from dataclasses import replace
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from tests.conftest import DEMO, read_jsonl
from tests.readers.test_readers_warc import crawl, html, write

from copydesk.cli import EXIT_USAGE, main
from copydesk.engines import local
from copydesk.engines.rules import RunOptions
from copydesk.engines.state import RunLockedError, lock
from copydesk.readers.dispatch import MAX_REJECTS_PER_FILE
from copydesk.readers.inputs import InputFile
from copydesk.records import Reject
from copydesk.writers.output import OutputInTheWayError

pytest.importorskip("pyspark", reason="the Spark engine needs copydesk[spark]")
if shutil.which("java") is None and "JAVA_HOME" not in os.environ:
    pytest.skip("the Spark engine needs Java (17)", allow_module_level=True)

# Only once pyspark and Java are known to be there.
from copydesk.engines import spark

MASTER = "local[2]"


def _same_output(a: Path, b: Path) -> None:
    for name in ("stories.jsonl", "clusters.jsonl", "rejects.jsonl", "audit.jsonl"):
        if (a / name).exists() or (b / name).exists():
            assert read_jsonl(a / name) == read_jsonl(b / name), name
    stats = [json.loads((out / "stats.json").read_text()) for out in (a, b)]
    for s in stats:
        s.pop("seconds")  # times differ from run to run
    assert stats[0] == stats[1]
    # Nothing left behind but the run's files: no spool, no Spark scratch.
    assert sorted(p.name for p in a.iterdir()) == sorted(p.name for p in b.iterdir())


def _bad_inputs(corpus: Path) -> list[str]:
    """Rejects of every pass: a folder with nothing readable, a bad JSON line, a doc_id given
    twice (the page of least claim keeps it, whatever the order), a file of more bad lines
    than a file lists (the rest counted in one closing reject, after the file's last page),
    an empty page, a missing file; and demo pages under new ids."""
    (corpus / "empty").mkdir(parents=True)
    (corpus / "empty" / "notes.md").write_text("not a page\n")
    first, second, third = (p.read_text() for p in sorted(DEMO.rglob("*.txt"))[:3])
    page = {"id": "p1", "text": first, "source": "harbor.example"}
    (corpus / "a.jsonl").write_text(
        json.dumps(page) + "\n{not json\n" + json.dumps({**page, "text": "Other"}) + "\n"
    )
    # A loser of p1 read before its winner: its reject comes where its page is, in pass 2.
    loser = json.dumps({**page, "text": "Other"})
    p2 = json.dumps({**page, "id": "p2", "text": second})
    (corpus / "b.jsonl").write_text(f"{loser}\n{p2}\n")
    junk = "{junk\n" * (MAX_REJECTS_PER_FILE + 3)
    (corpus / "d.jsonl").write_text(junk + json.dumps({**page, "id": "p3", "text": third}) + "\n")
    (corpus / "c.txt").write_text("")
    names = ["empty", "b.jsonl", "a.jsonl", "d.jsonl", "c.txt", "missing.jsonl"]
    return [str(corpus / name) for name in names]


def _markup(folder: Path) -> list[str]:
    """A crawl's WARC archive (two pages among records that are none) and an HTML page."""
    folder.mkdir(parents=True)
    (folder / "tide.html").write_bytes(html("Spring tides close the causeway"))
    return [str(write(folder / "crawl.warc.gz", crawl(), gzipped=True)), str(folder / "tide.html")]


def test_demo_corpus_and_rejects_as_the_local_engine(tmp_path: Path) -> None:
    """One run of each engine (Spark's start costs seconds): the demo corpus, a WARC archive
    and an HTML page, then bad input."""
    inputs = [str(DEMO), *_markup(tmp_path / "markup"), *_bad_inputs(tmp_path / "in")]
    options = RunOptions(quiet=True, audit=True)
    local.run(inputs, tmp_path / "local", options)
    summary = spark.run(inputs, tmp_path / "spark", options, MASTER)
    _same_output(tmp_path / "local", tmp_path / "spark")
    stories = read_jsonl(tmp_path / "spark" / "stories.jsonl")
    assert summary.stories == len(stories) > 40
    assert {"p1", "p2", "p3"} <= {s["doc_id"] for s in stories}
    urls = {s.get("url") for s in stories}
    assert {"https://isles.example/ferry", "https://www.isles.example/market"} <= urls
    assert any(s["headline"] == "Spring tides close the causeway" for s in stories)
    # Some stories ran at several outlets: the clusters are not all singletons.
    assert any(c["size"] > 1 for c in read_jsonl(tmp_path / "spark" / "clusters.jsonl"))
    rejects = read_jsonl(tmp_path / "spark" / "rejects.jsonl")
    reasons = [r["reason"] for r in rejects]
    assert len(reasons) == 6 + MAX_REJECTS_PER_FILE + 1
    assert sum(r.startswith("duplicate doc_id 'p1'") for r in reasons) == 2
    assert any(r.startswith("invalid JSON") for r in reasons)
    [closing] = [r for r in rejects if r["reason"].startswith("rejects not listed")]
    assert closing["count"] == 3


def test_a_url_as_output_gets_the_local_engines_files(tmp_path: Path) -> None:
    """-o a URL: the executors write the stories as part files under OUT/stories/, which read
    in order are the local engine's stories, as JSON lines or Parquet; the driver's files and
    stats.json beside them. A folder holding files already is refused (a URL has no lock)."""
    options = RunOptions(quiet=True)
    for fmt in ("jsonl", "parquet"):
        local.run([str(DEMO)], tmp_path / f"local-{fmt}", replace(options, fmt=fmt))
        url = (tmp_path / f"url-{fmt}").as_uri()
        spark.run([str(DEMO)], url, replace(options, fmt=fmt), MASTER)
        mine, theirs = tmp_path / f"url-{fmt}", tmp_path / f"local-{fmt}"
        parts = sorted((mine / "stories").glob("part-*"))
        if fmt == "jsonl":
            written = b"".join(part.read_bytes() for part in parts)
            assert written == (theirs / "stories.jsonl").read_bytes()
        else:
            table = pq.ParquetDataset(parts).read()
            assert table.to_pylist() == pq.read_table(theirs / "stories.parquet").to_pylist()
        for name in ("clusters.jsonl", "rejects.jsonl"):
            assert (mine / name).read_bytes() == (theirs / name).read_bytes()
        stats = [json.loads((out / "stats.json").read_text()) for out in (mine, theirs)]
        for s in stats:
            s.pop("seconds")  # times differ from run to run
        assert stats[0] == stats[1]
    with pytest.raises(OutputInTheWayError, match="holds files already"):
        spark.run([str(DEMO)], url, options, MASTER)


def test_a_url_spark_cannot_reach_is_said_in_a_line(tmp_path: Path) -> None:
    """No file system for its scheme (as s3a:// without hadoop-aws): an error naming the URL
    and why, not a Java stack trace; nothing written."""
    for inputs, out in (([str(DEMO)], "nofs://bucket/run/"), (["nofs://bucket/crawl/"], None)):
        with pytest.raises(OSError, match=r"cannot reach nofs://bucket/\w+/?: No FileSystem"):
            spark.run(inputs, out or str(tmp_path / "out"), RunOptions(quiet=True), MASTER)


def test_master_is_for_the_spark_engine(tmp_path: Path) -> None:
    assert main(["run", str(DEMO), "-o", str(tmp_path), "--master", MASTER]) == EXIT_USAGE


def test_a_file_behind_a_url_reads_as_a_local_one() -> None:
    """An executor reads a fetched file as the local file of that name in that folder: the
    same doc_id, outlet and text, the URL as its origin."""
    path = sorted(DEMO.rglob("*.txt"))[0]
    url = f"s3a://bucket/crawl/{path.parent.name}/{path.name}"
    [(key, (page, lines))] = spark._read_remote(url, path.read_bytes(), "trafilatura", [url])
    [(mine, mine_lines)] = spark._read(InputFile(path, path.parent), "trafilatura")
    assert key == (url, 0)
    assert page.origin.startswith(url) and page.doc_id == mine.doc_id
    assert page.source == mine.source == path.parent.name and page.text == mine.text
    assert (lines.hashes == mine_lines.hashes).all()


def test_a_file_under_a_url_folder_is_named_by_its_path_under_it() -> None:
    """Its ids made of its path under the folder given, as of a local folder's file."""
    path = sorted(DEMO.rglob("*.txt"))[0]
    root = f"s3a://bucket/{DEMO.name}/"
    url = f"{root}{path.parent.name}/{path.name}"
    [(_, (page, _))] = spark._read_remote(url, path.read_bytes(), "trafilatura", [root])
    [(mine, _)] = spark._read(InputFile(path, DEMO), "trafilatura")
    assert page.doc_id == mine.doc_id and page.source == mine.source


def test_pass_one_packs_small_files_and_leaves_a_large_one_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder of one-page files is a few tasks, not a task a file (each task costs Spark
    tenths of a second); a file past the budget is a partition alone; reading order stands."""
    monkeypatch.setattr(spark, "BYTES_PER_PARTITION", 1000)
    found: list[InputFile | Reject] = []
    for k, size in enumerate([300, 300, 300, 0, 300, 300, 300, 2500, 300, 300]):
        if size:
            path = tmp_path / f"{k:02d}.txt"
            path.write_text("x" * size)
            found.append(InputFile(path, tmp_path))
        else:
            found.append(Reject(str(tmp_path / "missing.txt"), "no such file"))
    items = list(enumerate(found))
    groups = spark.file_groups(items, cores=2)
    assert [entry for group in groups for entry in group] == items
    assert [len(group) for group in groups] == [4, 3, 1, 2]
    # Fewer bytes than a partition holds (900): still a partition for each core, each of
    # at most half the bytes.
    assert [len(group) for group in spark.file_groups(items[:4], cores=2)] == [1, 1, 2]


def test_a_locked_output_folder_is_refused(tmp_path: Path) -> None:
    """As of the local engine: a second run into OUT while one writes there refuses."""
    held = lock(tmp_path)
    try:
        with pytest.raises(RunLockedError):
            spark.run([str(DEMO)], tmp_path, RunOptions(quiet=True), MASTER)
    finally:
        os.close(held)
