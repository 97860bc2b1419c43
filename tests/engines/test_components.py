"""Pass 3 in components: the same clusters, in the same order, as grouping all at once."""

from collections import defaultdict

import numpy as np
import pytest
from tests.cluster.invented import misread, paragraphs, story

from copydesk.cluster import group as group_module
from copydesk.cluster.fingerprint import fingerprints
from copydesk.cluster.group import Cluster, Prints, text_of
from copydesk.cluster.kernel import anchors
from copydesk.engines.components import (
    Links,
    Numbered,
    bucket_edges,
    components,
    group_component,
    joined_edges,
    story_links,
)
from copydesk.pipeline import process_page
from copydesk.records import Page, Story


def _join(partitions: list[list[Numbered]], parts: int) -> tuple[np.ndarray, np.ndarray]:
    """The join as an engine makes it: each partition's stories' links sent to `parts`
    partitions of the join, each of those joined; their edges and ignored anchors."""
    split: defaultdict[int, list[Links]] = defaultdict(list)
    for partition in partitions:
        for part, links in story_links(partition, parts):
            split[part].append(links)
    return joined_edges(bucket_edges(links) for links in split.values())


def _in_components(stories: list[Story]) -> tuple[list[Cluster], int]:
    """What an engine does with a run's stories, held in two partitions, the join in three,
    the near keys made from the bodies; and how many anchors were ignored."""
    prints = fingerprints(stories)
    numbered = [(i, fp, s.body) for i, (fp, s) in enumerate(zip(prints, stories, strict=True))]
    edges, ignored = _join([numbered[::2], numbered[1::2]], 3)
    label = components(len(prints), edges)
    grouped: defaultdict[int, list[Numbered]] = defaultdict(list)
    for one in numbered:
        grouped[int(label[one[0]])].append(one)
    found = [c for part in grouped.values() for c in group_component(part, ignored)]
    return [c for _, c in sorted(found, key=lambda pc: pc[0])], len(ignored)


def _at_once(stories: list[Story]) -> list[Cluster]:
    prints = fingerprints(stories)
    whole = Prints()
    for fp in prints:
        whole.add(fp)
    return whole.group(
        lambda i: text_of(prints[i], stories[i].body), lambda i: prints[i].profile.paragraph_keys
    )


def test_demo_stories_cluster_alike(demo_pages: list[Page]) -> None:
    stories = [s for page in demo_pages for s in process_page(page).stories]
    clusters = _at_once(stories)
    assert any(len(c.members) > 2 for c in clusters)
    assert _in_components(stories)[0] == clusters


def test_copies_truncated_misread_and_empty_cluster_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    """Copies found by bands, by anchors (a short excerpt of a long story), misread ones, an
    empty story, and anchors in more stories than group.py heeds (its limit lowered here so a
    few stories reach it): the components' clusters are the whole run's."""
    monkeypatch.setattr(group_module, "ANCHOR_POSTINGS", 2)
    monkeypatch.setattr("copydesk.engines.components.ANCHOR_POSTINGS", 2)
    long = paragraphs("a", 12)
    stories = [
        story("full", long),
        story("copy", long),
        story("typos", [misread(p, 0.01, "t") for p in long]),
        story("excerpt", long[5:8]),
        story("other", paragraphs("b", 6)),
        story("other-cut", paragraphs("b", 3)),
        story("empty", []),
    ]
    clusters = _at_once(stories)
    assert len(clusters) < len(stories) - 1
    in_parts, ignored = _in_components(stories)
    assert in_parts == clusters and ignored > 0


def test_anchors_the_run_ignores_leave_every_other_anchor_with_its_story() -> None:
    """A component whose first story's anchors are all in too many stories of the run: an
    excerpt of a long story (two paragraphs of twenty, found by its anchors) still joins it."""
    long = paragraphs("a", 20)
    stories = [
        story("noise", paragraphs("n", 6)), story("full", long), story("excerpt", long[9:11])
    ]
    prints = fingerprints(stories)
    ignored = np.unique(anchors(prints[0].shingles))
    assert len(ignored) > 0
    found = group_component(
        [(i, fp, s.body) for i, (fp, s) in enumerate(zip(prints, stories, strict=True))], ignored
    )
    members = {stories[c.canonical].doc_id: {m.index for m in c.members} for _, c in found}
    assert members["full"] == {1, 2}


def test_the_join_links_exactly_the_stories_that_share_a_bucket(
    demo_pages: list[Page], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The components of the columnar join are those of joining each band key and anchor's
    stories one bucket at a time, and the ignored anchors those in too many stories (the
    limit lowered so that some are)."""
    monkeypatch.setattr("copydesk.engines.components.ANCHOR_POSTINGS", 3)
    stories = [s for page in demo_pages for s in process_page(page).stories]
    prints = fingerprints(stories)
    buckets: defaultdict[tuple[str, int, int], set[int]] = defaultdict(set)
    for i, fp in enumerate(prints):
        if fp.profile.size:
            for band, key in enumerate(fp.bands.tolist()):
                buckets["band", band, key].add(i)
        for anchor in anchors(fp.shingles).tolist():
            buckets["anchor", 0, anchor].add(i)
    heeded = {k: v for k, v in buckets.items() if not (k[0] == "anchor" and len(v) > 3)}
    ignored = sorted(k[2] for k in buckets.keys() - heeded.keys())
    told = [(min(v), m) for v in heeded.values() for m in v if m != min(v)]
    expected = components(len(prints), np.array(told, dtype=np.int64).reshape(-1, 2))

    numbered = [(i, fp, s.body) for i, (fp, s) in enumerate(zip(prints, stories, strict=True))]
    # The buckets spread over every partition of the join.
    assert [part for part, _ in story_links(numbered, 4)] == [0, 1, 2, 3]
    edges, found_ignored = _join([numbered], 4)
    assert found_ignored.tolist() == ignored != []
    found = components(len(prints), edges)
    assert len(set(expected.tolist())) < len(prints)
    # The same partition of the stories, whatever each component's number.
    assert len(set(zip(found.tolist(), expected.tolist(), strict=True))) == len(set(found.tolist()))
    assert len(set(found.tolist())) == len(set(expected.tolist()))
