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

Priority = tuple[int, int, int, bool, str]
# A story as the joins carry it: its number in the run, its fingerprint and its body, whence
# its near keys are made when asked.
Numbered = tuple[int, Fingerprint, str]
# A partition's links, a story in a bucket each, as three columns: the bucket's tag (a band's
# number, or ANCHOR for an anchor's bucket) and key, and the story's number. Columns, not a
# record a link: a story is in some sixty buckets, and a join of Python tuples, one each, took
# most of the Spark engine's clustering.
Links = tuple[np.ndarray, np.ndarray, np.ndarray]
ANCHOR = np.uint64(2**32)  # past any band's number

# Fibonacci hashing (2**64 over the golden ratio) spreads the keys over the join's partitions:
# anchors are all multiples of ANCHOR_EVERY, so their own value modulo the partitions would
# fill only a few.
_SPREAD = np.uint64(0x9E3779B97F4A7C15)


def story_links(stories: Iterable[Numbered], parts: int) -> Iterator[tuple[int, Links]]:
    """The stories' links, split by the join's partition of their bucket: the story's band
    keys (a story with no shingles is in no band: group.py), and its anchors."""
    tags, keys, owners = [], [], []
    for index, fp, _ in stories:
        if fp.profile.size:
            tags.append(np.arange(len(fp.bands), dtype=np.uint64))
            keys.append(fp.bands.astype(np.uint64))
            owners.append(np.full(len(fp.bands), index, dtype=np.int64))
        held = anchors(fp.shingles)
        tags.append(np.full(len(held), ANCHOR, dtype=np.uint64))
        keys.append(held.astype(np.uint64))
        owners.append(np.full(len(held), index, dtype=np.int64))
    if not tags:
        return
    tag, key, owner = np.concatenate(tags), np.concatenate(keys), np.concatenate(owners)
    with np.errstate(over="ignore"):  # the hash wraps around 2**64 by design
        part = ((key * _SPREAD + tag) >> np.uint64(32)) % np.uint64(parts)
    for p in np.unique(part).tolist():
        mine = part == p
        yield p, (tag[mine], key[mine], owner[mine])


def bucket_edges(links: Iterable[Links]) -> tuple[np.ndarray, np.ndarray]:
    """The edges joining each bucket's stories (each to the bucket's first: a component needs
    no more), as pairs of story numbers; and the anchors `group` ignores, those of buckets of
    more than ANCHOR_POSTINGS stories, which join none."""
    parts = list(links)
    tag, key, owner = (np.concatenate([part[c] for part in parts]) for c in range(3))
    order = np.lexsort((owner, key, tag))
    tag, key, owner = tag[order], key[order], owner[order]
    same = (tag[1:] == tag[:-1]) & (key[1:] == key[:-1])
    # A story twice in a bucket counts once.
    once = np.concatenate(([True], ~same | (owner[1:] != owner[:-1])))
    tag, key, owner = tag[once], key[once], owner[once]
    first = np.concatenate(([True], (tag[1:] != tag[:-1]) | (key[1:] != key[:-1])))
    starts = np.flatnonzero(first)
    sizes = np.diff(np.append(starts, len(tag)))
    ignored = (tag[starts] == ANCHOR) & (sizes > ANCHOR_POSTINGS)
    bucket = np.cumsum(first) - 1
    joins = ~first & ~ignored[bucket]
    edges = np.column_stack((owner[starts][bucket[joins]], owner[joins]))
    return edges, np.sort(key[starts][ignored].astype(np.uint32))


def joined_edges(parts: Iterable[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
    """The edges and the ignored anchors of every partition of the join (bucket_edges'), each
    kind in one array, the anchors sorted and once each."""
    edges, ignored = [np.empty((0, 2), dtype=np.int64)], [np.empty(0, dtype=np.uint32)]
    for joined, anchors_ignored in parts:
        edges.append(joined)
        ignored.append(anchors_ignored)
    return np.concatenate(edges), np.unique(np.concatenate(ignored))


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
    # A story's share of anchors is taken of all of its own, the ignored ones too.
    counts = np.array([len(a) for a in held], dtype=np.int64)
    every = np.concatenate(held)
    # One isin for all the stories, not one a story: a partition holds thousands.
    heeded = ~np.isin(every, ignored)
    ends = np.cumsum(counts)
    running = np.concatenate(([0], np.cumsum(heeded)))
    packed = packed_anchors(every[heeded], running[ends] - running[ends - counts])
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
