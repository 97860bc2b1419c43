"""copydesk as a library: the names it exports, one page, a corpus, the results as records."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import copydesk
from tests.conftest import DEMO, read_jsonl

EXPORTED = {
    "Caption", "ClusterRecord", "Copy", "Dateline", "RunSummary", "Story", "__version__",
    "clean_html", "clean_page", "read_clusters", "read_stories", "run",
}


@pytest.fixture(scope="module")
def demo_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("api") / "out"
    copydesk.run(DEMO, out)
    return out


def test_the_package_exports_the_interface_and_loads_it_when_used() -> None:
    assert set(copydesk.__all__) == EXPORTED
    assert all(getattr(copydesk, name) is not None for name in EXPORTED)
    with pytest.raises(AttributeError):
        copydesk.process_page  # noqa: B018
    # `import copydesk` alone (the command line's first import) loads no pipeline.
    loaded = subprocess.run(
        [sys.executable, "-c", "import copydesk, sys; print('copydesk.pipeline' in sys.modules)"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()
    assert loaded == "False"


def test_a_page_that_is_no_page_says_why() -> None:
    with pytest.raises(ValueError, match="empty page"):
        copydesk.clean_page(" \n\n ")
    with pytest.raises(ValueError, match="date"):
        copydesk.clean_page("A line of text.", date="next Tuesday")
    with pytest.raises(ValueError, match="no main text"):
        copydesk.clean_html("<html><body><script>var x = 1;</script></body></html>")


def test_stories_read_back_as_the_run_wrote_them(demo_out: Path) -> None:
    rows = read_jsonl(demo_out / "stories.jsonl")
    stories = list(copydesk.read_stories(demo_out))
    # A run without --comments writes no comments field: read back, a story has none.
    assert all(s.comments == [] for s in stories)
    assert [{k: v for k, v in s.to_dict().items() if k != "comments"} for s in stories] == rows
    assert all(isinstance(s, copydesk.Story) for s in stories)
    with_dateline = next(s for s in stories if s.dateline)
    assert isinstance(with_dateline.dateline, copydesk.Dateline)
    with_captions = next(s for s in stories if s.captions)
    assert all(isinstance(c, copydesk.Caption) for c in with_captions.captions)


def test_clusters_read_back_as_the_run_wrote_them(demo_out: Path) -> None:
    rows = read_jsonl(demo_out / "clusters.jsonl")
    clusters = list(copydesk.read_clusters(demo_out))
    assert [c.to_dict() for c in clusters] == rows
    for c in clusters:
        assert c.members[0].story_id == c.canonical and c.members[0].relation is None
        assert all(isinstance(m, copydesk.Copy) for m in c.members)
        assert len(c.members) == c.size


def test_parquet_stories_read_as_the_jsonl_ones(demo_out: Path, tmp_path: Path) -> None:
    summary = copydesk.run([str(DEMO)], tmp_path / "out", format="parquet")
    assert isinstance(summary, copydesk.RunSummary)
    stats = json.loads((demo_out / "stats.json").read_text())
    assert summary.stories == stats["stories"]
    parquet = [s.to_dict() for s in copydesk.read_stories(tmp_path / "out")]
    assert parquet == [s.to_dict() for s in copydesk.read_stories(demo_out)]


def test_a_folder_without_a_run_is_not_read(tmp_path: Path) -> None:
    (tmp_path / "stories.jsonl").write_text("")  # a run stopped before its end
    with pytest.raises(FileNotFoundError, match="no finished run"):
        copydesk.read_stories(tmp_path)
    with pytest.raises(FileNotFoundError, match="no finished run"):
        copydesk.read_clusters(tmp_path)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"format": "csv"}, "unknown format"),
        ({"engine": "dask"}, "unknown engine"),
        ({"master": "local[2]"}, "master is for"),
    ],
)
def test_wrong_options_are_refused(tmp_path: Path, options: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        copydesk.run(DEMO, tmp_path / "out", **options)
    assert not (tmp_path / "out").exists()


def test_only_the_spark_engine_writes_to_a_url() -> None:
    with pytest.raises(ValueError, match="only engine='spark'"):
        copydesk.run(str(DEMO), "s3a://bucket/out/")
    with pytest.raises(ValueError, match="local folder"):
        copydesk.run(str(DEMO), "s3a://bucket/out/", engine="spark", report=True)
