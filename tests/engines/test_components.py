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
    Numbered,
    bucket_links,
    components,
    group_component,
    link_keys,
)
from copydesk.pipeline import process_page
from copydesk.records import Page, Story


def _in_components(stories: list[Story]) -> tuple[list[Cluster], int]:
    """What an engine does with a run's stories, its joins done here by dicts, the near keys
    made from the bodies; and how many anchors were ignored."""
    prints = fingerprints(stories)
    buckets: defaultdict[tuple[int, int, int], list[int]] = defaultdict(list)
    for i, fp in enumerate(prints):
        for key, index in link_keys(i, fp):
            buckets[key].append(index)
    linked = {key: bucket_links(key, members) for key, members in buckets.items()}
    edges = np.array([e for joined, _ in linked.values() for e in joined]).reshape(-1, 2)
    ignored = np.array(sorted(key[2] for key, (_, ignore) in linked.items() if ignore))
    label = components(len(prints), edges)
    parts: defaultdict[int, list[Numbered]] = defaultdict(list)
    for i, fp in enumerate(prints):
        parts[int(label[i])].append((i, fp, stories[i].body))
    found = [c for part in parts.values() for c in group_component(part, ignored)]
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
