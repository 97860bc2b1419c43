"""Clustering in a real run: the seeds, the demo corpus's gold clusters, input order, the
commands that read the clusters back."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest
from tests.conftest import DEMO, DEMO_LABELS, SCORER, read_jsonl, shared_path

from copydesk.cli import main
from copydesk.engines.local import run
from copydesk.engines.rules import RunOptions


@pytest.fixture(scope="module")
def demo_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo")
    run([str(DEMO)], out, RunOptions(quiet=True))
    return out


def test_seeds_la_mesilla_copies_together_tanker_apart(tmp_path: Path) -> None:
    run([str(shared_path("examples", "seeds"))], tmp_path, RunOptions(quiet=True))
    stories = read_jsonl(tmp_path / "stories.jsonl")
    assert len(stories) == 3
    own, mesilla, tanker = sorted(stories, key=lambda s: (s["doc_id"], s["position"]))
    assert own["cluster_id"] == mesilla["cluster_id"] != tanker["cluster_id"]
    # The same paragraphs; the aggregator's copy keeps its dateline, so it is canonical.
    assert mesilla["canonical"] and tanker["canonical"] and not own["canonical"]
    assert own["relation"] == "identical"
    clusters = {c["cluster_id"]: c for c in read_jsonl(tmp_path / "clusters.jsonl")}
    pair = clusters[own["cluster_id"]]
    assert pair["size"] == 2 and pair["canonical"] == mesilla["story_id"]
    assert pair["headline"] == "Guatemalan town struggles to recover after border shootout"
    assert pair["dateline"] == {"place": "LA MESILLA, Guatemala", "agency": "AP"}
    assert clusters[tanker["cluster_id"]]["size"] == 1
    assert not list(tmp_path.glob(".copydesk-*"))


def test_demo_clusters_are_the_gold_clusters(demo_out: Path) -> None:
    """Each gold story is matched to the run's story of its page with the most words in
    common, then the two partitions are compared: follow-up (s010), briefs (s011, s012),
    truncated copies and earlier versions included."""
    from tests.cluster.gold import gold_partition, run_partition

    assert run_partition(demo_out, DEMO_LABELS) == gold_partition(DEMO_LABELS)


def test_demo_scorer_figures(demo_out: Path) -> None:
    shared_path("bench", "score.py")
    proc = subprocess.run(
        [sys.executable, str(SCORER), "wire", str(DEMO_LABELS), str(demo_out / "stories.jsonl")],
        capture_output=True, text=True, check=True,
    )
    figures = json.loads(proc.stdout)
    assert figures["cluster_ari"] == 1.0 and figures["pair_precision"] == 1.0


def test_one_canonical_copy_a_cluster_and_clusters_jsonl_agrees(demo_out: Path) -> None:
    stories = read_jsonl(demo_out / "stories.jsonl")
    clusters = read_jsonl(demo_out / "clusters.jsonl")
    by_cluster = defaultdict(list)
    for s in stories:
        by_cluster[s["cluster_id"]].append(s)
    assert {c["cluster_id"] for c in clusters} == set(by_cluster)
    for c in clusters:
        members = by_cluster[c["cluster_id"]]
        assert c["size"] == len(members) == len(c["members"])
        (canon,) = [s for s in members if s["canonical"]]
        assert canon["story_id"] == c["canonical"] == c["members"][0]["story_id"]
        assert canon["relation"] is None
        assert all(s["relation"] for s in members if not s["canonical"])
        assert c["outlets"] == sorted({s["source"] for s in members})
    stats = json.loads((demo_out / "stats.json").read_text())["clusters"]
    assert stats["clusters"] == len(clusters)
    assert stats["singletons"] == sum(c["size"] == 1 for c in clusters)
    assert sum(stats["size_distribution"].values()) == len(clusters)
    assert stats["largest"][0]["size"] == max(c["size"] for c in clusters)


def test_shuffled_input_gives_identical_output(demo_out: Path, tmp_path: Path) -> None:
    # Each page by a glob whose fixed folder is the corpus: the ids stay those of the run on
    # the corpus folder (its path under it), only the order of reading changes.
    files = sorted(str(DEMO / "*" / p.name) for p in DEMO.rglob("*.txt"))
    random.Random(3).shuffle(files)
    run(files, tmp_path, RunOptions(quiet=True, workers=2))

    def by_id(path: Path) -> dict[str, dict]:
        return {r.get("story_id") or r["cluster_id"]: r for r in read_jsonl(path)}

    assert by_id(tmp_path / "stories.jsonl") == by_id(demo_out / "stories.jsonl")
    assert by_id(tmp_path / "clusters.jsonl") == by_id(demo_out / "clusters.jsonl")


def test_clusters_command_lists_the_largest(demo_out: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["clusters", str(demo_out), "--top", "2"]) == 0
    out = capsys.readouterr().out
    assert out.count(" copies  ") == 2
    assert "6 copies  Fire guts former sardine cannery" in out
    sizes = [r["size"] for r in read_jsonl(demo_out / "clusters.jsonl")]
    assert main(["clusters", str(demo_out), "--top", str(len(sizes))]) == 0
    out = capsys.readouterr().out
    assert out.count("   1 copy    ") == sizes.count(1) > 0
    assert " 1 copies" not in out


def test_diff_command_shows_what_a_truncated_copy_lacks(
    demo_out: Path, capsys: pytest.CaptureFixture
) -> None:
    fire = next(
        c for c in read_jsonl(demo_out / "clusters.jsonl")
        if c["headline"] and c["headline"].startswith("Fire guts")
    )
    assert main(["diff", str(demo_out), fire["cluster_id"]]) == 0
    out = capsys.readouterr().out
    cut = out.split("(valley-courier.example")[1].split("\n---")[0]  # the paywalled copy
    assert "truncated" in cut and "= 5 paragraphs the same" in cut
    assert "\n- The center's board said it intended to rebuild" in cut
    assert main(["diff", str(demo_out), "0000000000000000"]) == 2


def test_a_page_without_a_story_is_read_not_rejected(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "menu.txt").write_text("Menu\nHome\nSign in\n")
    summary = run([str(src)], tmp_path / "out", RunOptions(quiet=True))
    assert (summary.pages, summary.stories, summary.rejects) == (1, 0, 0)
    assert read_jsonl(tmp_path / "out" / "clusters.jsonl") == []
