"""The corpus-wide pass: which stories are copies of one story.

Stories are taken in canonical order (most complete first, then latest; see `priority`). A
story that no earlier centre has claimed becomes the centre of a new cluster, and claims its
candidates that come after it in that order, whose shingles are mostly found in its own (but
for a letter or so of one word: a copy whose letters OCR misread is still a copy), and which
share part of their text with the cluster's core copy (the first it claimed). A story
claimed by two centres stays with the one holding more of its text. Every member thus
matches its cluster's core directly: A~B and B~C never glue an unrelated C to A, as
single-link components would.

Candidates come from MinHash-LSH bands (copies of about the same size, and truncated copies
through the lede) and from shingle anchors (a copy much shorter than the page holding it).
The order is a function of the stories' content alone, so the same stories in any order give
the same clusters.

Memory: the band index (8 bytes a story and band; the keys themselves wait on disk and are
read a band at a time), the Profiles, and the anchors (a 32nd of the shingles); the shingle
sets are read from wherever the engine keeps them (`shingles_of`), one candidate at a time,
and their near keys made only when a check needs them.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import NamedTuple

import numpy as np

from copydesk.cluster.fingerprint import Fingerprint, Profile, near_keys
from copydesk.cluster.kernel import (
    anchor_candidates,
    anchors,
    band_candidates,
    containment,
    near_containment,
    near_set,
)
from copydesk.cluster.params import BANDS, CONTAINMENT, NEAR_FLOOR
from copydesk.cluster.relation import Relation, relation

# Share of a copy's shingles that must also be in the core copy. A page the segmenter did not
# split holds two stories, and is the longest text of both: as a centre it would claim the
# copies of each. The copies of one story overlap each other well beyond this, the copies of
# two different stories hardly at all (under a tenth for 99.7% of different wire-dev stories
# sharing a shingle), so the second story's copies are turned away and find their own centre.
CORE_SHARE = 0.3
# Anchors (kernel.anchors: one shingle in ANCHOR_EVERY, chosen by its hash). MinHash-LSH
# finds copies of about the same size; a copy much shorter than the text holding it, and not
# at its start, has a low Jaccard to it and another lede, but most of its anchors are anchors
# of that text. A story is an anchor candidate of a centre holding at least half of its
# anchors, and two; an anchor in more than 64 stories is boilerplate and is ignored.
ANCHOR_SHARE = 0.5
ANCHOR_POSTINGS = 64


@dataclass(frozen=True, slots=True)
class Member:
    index: int  # the story's position in the pass's input
    relation: Relation | None  # to the canonical copy; None for the canonical itself
    similarity: float  # share of its shingles found in the canonical copy


@dataclass(frozen=True, slots=True)
class Cluster:
    cluster_id: str
    members: tuple[Member, ...]  # the canonical copy first, then in canonical order

    @property
    def canonical(self) -> int:
        return self.members[0].index


def priority(p: Profile) -> tuple[int, int, int, bool, str]:
    """Canonical order: the most complete copy, then the latest, then the one carrying
    corrections, then its dateline; the story id settles the rest, so the order never depends
    on the input order."""
    return (-p.size, -p.day, -len(p.corrections), not p.dateline, p.story_id)


def cluster_id(canonical: Profile) -> str:
    """Content-derived, from the canonical copy's story id."""
    digest = hashlib.blake2b(f"cluster\x1f{canonical.story_id}".encode(), digest_size=8)
    return digest.hexdigest()


class Text(NamedTuple):
    """A story's text as the check reads it: its shingles (sorted unique), and a call that
    makes their near keys (kernel._near_keys). The near keys are ten a shingle, several times the
    story's text on disk, and most copies need none (they hold a centre's shingles word for
    word): they are made from the story's body when asked (fingerprint.near_keys)."""

    shingles: np.ndarray
    near: Callable[[], np.ndarray]


def text_of(fp: Fingerprint, body: str) -> Text:
    """The Text of a story held in memory: its fingerprint's shingles, and its body for near
    keys."""
    return Text(fp.shingles, lambda: near_keys(body))


# How many stories' near keys an engine that makes them again keeps at a time: a copy's are
# asked for by its centre and then by the cluster's core, and a story's checks come together.
NEAR_KEPT = 16


def keeping_near(make: Callable[[int], np.ndarray]) -> Callable[[int], np.ndarray]:
    """`make` (story number → its near keys, made again) keeping the last NEAR_KEPT made."""
    return lru_cache(maxsize=NEAR_KEPT)(make)


# A story's Text, from wherever the engine keeps it.
ShinglesOf = Callable[[int], Text]
# A story's paragraphs' keys (Profile.paragraph_keys), from wherever the engine keeps them:
# only the copies' relations to their canonical copies read them, once the clusters are made.
ParagraphsOf = Callable[[int], bytes]


class Centre:
    """A centre's text (or its core copy's), against which a copy's share is taken."""

    def __init__(self, text: Text) -> None:
        self.shingles = text.shingles
        self._near = text.near
        self._near_set: np.ndarray | None = None

    def share(self, copy: Text) -> float:
        """Share of the copy's shingles found here, but for a letter or so of one word. Only
        a copy that may be misread needs near keys: not one holding every shingle word for
        word (most wire copies), nor one holding under NEAR_FLOOR of them (another story: its
        share word for word is given, below CONTAINMENT as its near share would be)."""
        exact = containment(copy.shingles, self.shingles)
        if exact == 1.0 or exact < NEAR_FLOOR:
            return exact
        return self._near_share(copy)

    def holds(self, copy: Text, share: float) -> bool:
        """Whether at least `share` of the copy's shingles are found here, but for a letter or
        so of one word: near keys only if those found word for word fall short."""
        return containment(copy.shingles, self.shingles) >= share or (
            self._near_share(copy) >= share
        )

    def _near_share(self, copy: Text) -> float:
        if self._near_set is None:  # made when a copy first needs it
            self._near_set = near_set(self._near())
        return near_containment(copy.near(), self._near_set)


class AnchorIndex:
    """Every story's anchors with their story (`packed_anchors`), sorted."""

    def __init__(self, packed: np.ndarray, counts: np.ndarray) -> None:
        """packed: `packed_anchors`, sorted here in place; counts: how many each story has."""
        packed.sort()
        self.packed = packed
        self.counts = counts
        self._tally = np.zeros(len(counts), dtype=np.int32)  # anchor_candidates' counts

    def candidates(self, centre_anchors: np.ndarray) -> np.ndarray:
        """The stories holding at least ANCHOR_SHARE of their anchors among these."""
        return anchor_candidates(
            centre_anchors, self.packed, self.counts, ANCHOR_SHARE, ANCHOR_POSTINGS, self._tally
        )


_PACKED_BLOCK = 1 << 20


def packed_anchors(flat: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """The stories' anchors (`flat`, end to end, `counts` of each story) each in the high 32
    bits of a uint64 and its story's number in the low 32: sorted, they are the anchors in
    order, each with its story, 8 bytes an anchor. (An argsort of the anchors and the arrays
    it orders took 24 bytes an anchor at once: the pass's peak at a million pages.)"""
    packed = np.empty(len(flat), dtype=np.uint64)
    ends = np.cumsum(counts)
    for first in range(0, len(flat), _PACKED_BLOCK):
        places = np.arange(first, min(first + _PACKED_BLOCK, len(flat)))
        owner = np.searchsorted(ends, places, side="right").astype(np.uint64)
        packed[places] = flat[places].astype(np.uint64) << np.uint64(32) | owner
    return packed


class BandIndex:
    """For each band, the stories sorted by their key in it: a story's candidates are its
    neighbours with the same key."""

    def __init__(self, band: Callable[[int], np.ndarray], live: np.ndarray) -> None:
        """band(k): every story's key in band k."""
        self.rows = np.flatnonzero(live)
        m = len(self.rows)
        self.order = np.empty((m, BANDS), dtype=np.int32)
        # Indexed by (input row, band): where the bucket each story sits in starts.
        self.start = np.empty((m, BANDS), dtype=np.int32)
        # A band at a time: the working arrays are one band's, not the whole matrix's (at
        # 100,000 stories that was 200 MB at once).
        for k in range(BANDS):
            keys = band(k)[self.rows]
            order = np.argsort(keys, kind="stable")
            ranked = keys[order]
            new = np.ones(m, dtype=bool)
            new[1:] = ranked[1:] != ranked[:-1]
            starts = np.flatnonzero(new).astype(np.int32)
            self.order[:, k] = order
            self.start[order, k] = starts[np.cumsum(new) - 1]
        self.slot = np.full(len(live), -1, dtype=np.int64)
        self.slot[self.rows] = np.arange(m)
        self._seen = np.full(m, -1, dtype=np.int64)  # band_candidates' marks

    def candidates(self, story: int) -> np.ndarray:
        """The stories sharing at least one band key with this one (itself excluded)."""
        s = self.slot[story]
        if s < 0:
            return np.empty(0, dtype=np.int64)
        return self.rows[band_candidates(s, self.start, self.order, self._seen)]


class BandColumns:
    """Every story's band keys, added a story at a time and read a band at a time (as
    BandIndex reads them), kept in an anonymous file: BLOCK stories a block, each block a
    band after another. In memory they would be 416 bytes a story, at the peak of the pass."""

    BLOCK = 8192

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile()  # noqa: SIM115 (closed by close())
        self._block = np.empty((BANDS, self.BLOCK), dtype=np.uint64)
        self._filled = 0
        self.stories = 0

    def add(self, bands: np.ndarray) -> None:
        self._block[:, self._filled] = bands
        self._filled += 1
        self.stories += 1
        if self._filled == self.BLOCK:
            self._flush()

    def _flush(self) -> None:
        self._file.write(self._block[:, : self._filled].tobytes())
        self._filled = 0

    def band(self, k: int) -> np.ndarray:
        """Every story's key in band k."""
        self._flush()
        self._file.flush()
        out = np.empty(self.stories, dtype=np.uint64)
        fd = self._file.fileno()
        for first in range(0, self.stories, self.BLOCK):
            rows = min(self.BLOCK, self.stories - first)
            at = 8 * (first * BANDS + k * rows)
            out[first : first + rows] = np.frombuffer(os.pread(fd, 8 * rows, at), np.uint64)
        return out

    def close(self) -> None:
        self._file.close()


class ProfileColumns(Sequence[Profile]):
    """The Profiles Prints keeps, as columns: some 30 bytes a story where a Profile object
    with its story id and numbers costs some 220. A story's Profile is made again when asked
    for, without its paragraphs' keys."""

    def __init__(self) -> None:
        self._ids = bytearray()  # the story ids end to end, in UTF-8
        self._id_ends = array("q", [0])
        self._days = array("i")
        self._sizes = array("i")
        self._datelines = bytearray()
        self._corrections: dict[int, frozenset[int]] = {}  # only the stories carrying some

    def append(self, p: Profile) -> None:
        if p.corrections:
            self._corrections[len(self)] = p.corrections
        self._ids += p.story_id.encode()
        self._id_ends.append(len(self._ids))
        self._days.append(p.day)
        self._sizes.append(p.size)
        self._datelines.append(p.dateline)

    def __len__(self) -> int:
        return len(self._sizes)

    def __getitem__(self, i: int) -> Profile:  # type: ignore[override]  # no slices
        return Profile(
            story_id=self._ids[self._id_ends[i] : self._id_ends[i + 1]].decode(),
            day=self._days[i],
            size=self._sizes[i],
            paragraph_keys=b"",
            corrections=self._corrections.get(i, frozenset()),
            dateline=bool(self._datelines[i]),
        )

    def live(self) -> np.ndarray:
        """Whether each story has any text to match."""
        return np.frombuffer(self._sizes, dtype=np.int32) > 0


class Prints:
    """What the grouping keeps of each story, added one story after another: its Profile
    (as columns, and but for its paragraphs' keys, which the engine keeps), its band keys (on
    disk, BandColumns) and its anchors in one flat array grown by doubling. Not a small numpy
    array a story: thousands of them, each kept between a story's short-lived working
    arrays, fragmented the heap to several KB a story (the pass's peak was 1 GB at 100,000
    stories, 6.4 KB a story of it the anchors)."""

    def __init__(self) -> None:
        self.profiles = ProfileColumns()
        self._bands = BandColumns()
        self._anchors = np.empty(0, dtype=np.uint32)
        self._anchor_counts = np.empty(0, dtype=np.int64)
        self._anchor_end = 0

    def __len__(self) -> int:
        return len(self.profiles)

    def add(self, fp: Fingerprint) -> None:
        n = len(self.profiles)
        if n == len(self._anchor_counts):
            self._anchor_counts = _grown(self._anchor_counts, n + 1)
        mine = anchors(fp.shingles)
        end = self._anchor_end + len(mine)
        if end > len(self._anchors):
            self._anchors = _grown(self._anchors, end)
        self._anchors[self._anchor_end : end] = mine
        self._anchor_end = end
        self._anchor_counts[n] = len(mine)
        self._bands.add(fp.bands)
        self.profiles.append(fp.profile)

    def group(self, shingles_of: ShinglesOf, paragraphs_of: ParagraphsOf) -> list[Cluster]:
        """Done adding: cluster the stories. The anchors are let go once indexed, and the
        indexes once the stories are claimed, before the clusters are made."""
        profiles = self.profiles
        order = canonical_order(profiles)
        n = len(profiles)
        counts = self._anchor_counts[:n]
        packed = packed_anchors(self._anchors[: self._anchor_end], counts)
        self._anchors = np.empty(0, dtype=np.uint32)
        anchor_index = AnchorIndex(packed, counts)
        del packed
        band_index = BandIndex(self._bands.band, profiles.live())
        self._bands.close()
        centre, held = claims(profiles, order, band_index, anchor_index, shingles_of)
        del band_index, anchor_index
        return clusters(profiles, order, centre, held, paragraphs_of)


def _grown(a: np.ndarray, need: int) -> np.ndarray:
    """A copy of the array with room for `need` rows, at least twice as many as it had."""
    grown = np.empty((max(need, 2 * len(a), 1024), *a.shape[1:]), dtype=a.dtype)
    grown[: len(a)] = a
    return grown


def canonical_order(profiles: Sequence[Profile]) -> np.ndarray:
    """The stories' numbers in canonical order (`priority`)."""
    order = sorted(range(len(profiles)), key=lambda i: priority(profiles[i]))
    return np.array(order, dtype=np.int64)


def group(
    profiles: Sequence[Profile],
    index: BandIndex,
    anchor_index: AnchorIndex,
    shingles_of: ShinglesOf,
    paragraphs_of: ParagraphsOf,
) -> list[Cluster]:
    """Cluster the stories; one Cluster each, singletons included, in canonical order of
    their canonical copies."""
    order = canonical_order(profiles)
    centre, held = claims(profiles, order, index, anchor_index, shingles_of)
    return clusters(profiles, order, centre, held, paragraphs_of)


def claims(
    profiles: Sequence[Profile],
    order: np.ndarray,
    index: BandIndex,
    anchor_index: AnchorIndex,
    shingles_of: ShinglesOf,
) -> tuple[np.ndarray, np.ndarray]:
    """Each story's centre, and the share of its text the centre holds."""
    n = len(profiles)
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n)
    centre = np.full(n, -1, dtype=np.int64)
    held = np.zeros(n)
    for i in order:
        if centre[i] >= 0:
            continue
        centre[i] = i
        if not profiles[i].size:
            continue
        mine = Centre(shingles_of(i))
        found = np.union1d(index.candidates(i), anchor_index.candidates(anchors(mine.shingles)))
        found = found[(rank[found] > rank[i]) & (held[found] < 1.0)]
        core = None
        for j in found[np.argsort(rank[found])]:
            theirs = shingles_of(int(j))
            share = mine.share(theirs)
            if share < CONTAINMENT or share <= held[j]:
                continue
            if core is not None and not core.holds(theirs, CORE_SHARE):
                continue
            centre[j], held[j] = i, share
            if core is None:
                core = Centre(theirs)
    return centre, held


def clusters(
    profiles: Sequence[Profile],
    order: np.ndarray,
    centre: np.ndarray,
    held: np.ndarray,
    paragraphs_of: ParagraphsOf,
) -> list[Cluster]:
    """The clusters of the claims: a centre's, the stories it claimed in canonical order."""
    members: dict[int, list[int]] = {}
    for i in order.tolist():
        members.setdefault(int(centre[i]), []).append(i)

    def whole(i: int) -> Profile:
        return replace(profiles[i], paragraph_keys=paragraphs_of(i))

    made = []
    for c, ids in members.items():
        canon = whole(c)
        made.append(
            Cluster(
                cluster_id(canon),
                tuple(
                    Member(i, None, 1.0)
                    if i == c
                    else Member(i, relation(whole(i), canon), round(float(held[i]), 3))
                    for i in ids
                ),
            )
        )
    return made
