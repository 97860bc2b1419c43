"""Pass 3 in parts, for an engine that clusters on many machines: the stories split into the
connected components of their candidate graph, each component grouped by cluster/group.py's
own `group`, the same greedy rule.

A story's cluster depends only on the centres that have it among their candidates (band keys
shared, or anchors: group.py), and those are in its component; the canonical order restricted
to a component is the same order. So grouping each component alone gives the clusters of
grouping them all, and sorting the clusters by their canonical copy's priority gives
`group`'s order. Components are joined by every key two stories share (a superset of the
candidates: a component is never cut, only sometimes larger), but for the anchors `group`
ignores, those in more than ANCHOR_POSTINGS stories, which are left out of the components'
anchor indexes too, their stories' anchor counts unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from functools import partial

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from copydesk.cluster.fingerprint import Fingerprint, near_keys
from copydesk.cluster.group import (
    ANCHOR_POSTINGS,
    AnchorIndex,
    BandIndex,
    Cluster,
    Text,
    group,
    keeping_near,
    packed_anchors,
    priority,
)
from copydesk.cluster.kernel import anchors

BAND, ANCHOR = 0, 1
# A bucket of the candidate graph: (BAND, band, key) or (ANCHOR, 0, anchor).
LinkKey = tuple[int, int, int]
Priority = tuple[int, int, int, bool, str]
# A story as the joins carry it: its number in the run, its fingerprint and its body, whence
# its near keys are made when asked.
Numbered = tuple[int, Fingerprint, str]


def link_keys(index: int, fp: Fingerprint) -> Iterator[tuple[LinkKey, int]]:
    """The story's buckets: its band keys (a story with no shingles is in no band: group.py),
    and its anchors."""
    if fp.profile.size:
        for band, key in enumerate(fp.bands.tolist()):
            yield (BAND, band, key), index
    for anchor in anchors(fp.shingles).tolist():
        yield (ANCHOR, 0, anchor), index


def bucket_links(key: LinkKey, stories: Iterable[int]) -> tuple[list[tuple[int, int]], bool]:
    """The edges joining a bucket's stories (each to its first: a component needs no more),
    and whether `group` ignores the bucket's anchor (then it joins none). Plain lists: most
    buckets hold one story, and numpy's cost a call would be most of the pass."""
    members = sorted(set(stories))
    if key[0] == ANCHOR and len(members) > ANCHOR_POSTINGS:
        return [], True
    return [(members[0], m) for m in members[1:]], False


def components(stories: int, edges: np.ndarray) -> np.ndarray:
    """Each story's component, by its edges (pairs of story numbers)."""
    graph = coo_matrix(
        (np.ones(len(edges), dtype=np.int8), (edges[:, 0], edges[:, 1])), (stories, stories)
    )
    return connected_components(graph, directed=False)[1]


def group_component(
    stories: Iterable[Numbered], ignored: np.ndarray
) -> list[tuple[Priority, Cluster]]:
    """One component's clusters, with the stories' numbers in the whole run, each with its
    canonical copy's priority (for the run's order). `ignored`: the anchors in more than
    ANCHOR_POSTINGS stories of the run, sorted."""
    numbers, prints, bodies = zip(*sorted(stories, key=lambda story: story[0]), strict=True)
    profiles = [fp.profile for fp in prints]
    bands = np.stack([fp.bands for fp in prints])
    live = np.array([p.size > 0 for p in profiles], dtype=bool)
    held = [anchors(fp.shingles) for fp in prints]
    kept = [a[~np.isin(a, ignored)] for a in held]
    # A story's share of anchors is taken of all of its own, the ignored ones too.
    counts = np.array([len(a) for a in held], dtype=np.int64)
    packed = packed_anchors(np.concatenate(kept), np.array([len(a) for a in kept]))
    near = keeping_near(lambda k: near_keys(bodies[k]))
    clusters = group(
        profiles, BandIndex(lambda k: bands[:, k], live), AnchorIndex(packed, counts),
        lambda k: Text(prints[k].shingles, partial(near, k)), lambda k: profiles[k].paragraph_keys,
    )  # fmt: skip
    return [
        (
            priority(profiles[c.canonical]),
            Cluster(c.cluster_id, tuple(replace(m, index=numbers[m.index]) for m in c.members)),
        )
        for c in clusters
    ]
