"""The corpus-wide pass that learns each outlet's chrome.

An outlet prints its navigation, appeals and footers on every page, so a line that recurs on
many of the outlet's pages is chrome. The same test alone would delete syndicated story text
(one story on many pages), so the state also keeps each line's *spread*: how many outlets print
it. Story lines travel across outlets; template lines mostly stay home. The classifier weighs
both (features.py); nothing here decides alone.

The state is a pure function of the pages and merges associatively, so an engine may learn it
in parallel parts and merge them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Protocol

import numba as nb
import numpy as np

from copydesk.clean import kernel
from copydesk.clean.lines import TooManyLines, page_lines
from copydesk.clean.unwrap import unwrap
from copydesk.cluster.fingerprint import encode
from copydesk.cluster.kernel import word_hashes
from copydesk.records import Page


def line_hash(text: str) -> int:
    """The hash of a line's key (kernel.py): the same on every machine and in every process;
    0 for a line without words."""
    return int(kernel.line_counts([text])[1][0])


# Versions of a story are compared by their text's word shingles, not by whole lines: a typo
# (at OCR-level noise one word in twenty) or an outlet's hard-wrapping changes a line, but
# spares most of the shingles around it. Three words: a shingle survives a typo in either of
# two copies with (19/20)^6 = 0.74, five words only with 0.6.
SHINGLE_WORDS = 3
# The words of lines of this many words with a sentence's punctuation (a full stop, a comma)
# count, read across line ends (wrapping does not matter): shorter lines and lines without it
# are menus, labels and lists of links, which tell nothing of the story, and are most of what
# two pages of different stories of one outlet share.
SENTENCE_WORDS = 5
# One shingle in two, chosen by its hash (so the same ones on every copy), is kept: the
# shingles are most of a page's pass-1 state (some five times its line hashes), and a brief of
# 40 words still keeps some twenty (one in four kept ten: too few to tell a third of a page
# shared from a half).
SAMPLE_EVERY = 2
# Two pages of an outlet sharing this share of the smaller one's own text (the shingles on at
# most half of the outlet's pages, the rest being its template) are versions of one story. On
# wire-hard-dev (2026-12-04: 1% typos, updates, AMP copies, hard-wrapped outlets) 95% of the
# 75 pairs of one story run twice by an outlet share over 0.69 of it (two under half), and of
# 2,852 pairs of different stories 59 share half, most at outlets of two pages.
VERSION_OVERLAP = 0.5
# When one story's copies are most of an outlet's pages (three crawls of one URL among five
# pages), only the text on every page is surely template: two pages sharing this share of
# the larger one's other text are versions too. The stricter share keeps apart pages that
# share a section's template beside stories of their own (on wire-hard-dev, where no story's
# copies are most of an outlet's pages, it groups one more pair, of different stories); two
# copies of a page at 1% typos still share (1 - 0.05)^6 = 0.74 of their shingles.
MOST_PAGES_OVERLAP = 0.7
# A shingle on more pages than this is the outlet's template whatever the outlet's size: no
# outlet runs one story this many times. It bounds the pairs a shingle makes, so the grouping
# stays linear in the outlet's pages (issue #14).
MAX_VERSIONS = 16

# Odd multipliers mixing a shingle's word hashes by position.
_MIX = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9], dtype=np.uint64)


@dataclass(frozen=True, eq=False)
class PageLines:
    """What the pass keeps of one page: its distinct line hashes (without 0, the hash of a
    line without words), and a sample of the word shingles of its sentences (what versions of
    one story share); both uint64, sorted and unique."""

    hashes: np.ndarray
    shingles: np.ndarray


def page_hashes(page: Page) -> PageLines:
    lines = [t for t in page_lines(unwrap(page).page) if t.strip()]
    counts, keys = kernel.line_counts(lines)
    marks = counts[:, kernel.SENTENCES] + counts[:, kernel.CLAUSES]
    sentences = [
        t for t, words, marked in zip(
            lines, counts[:, kernel.WORDS].tolist(), marks.tolist(), strict=True
        )
        if words >= SENTENCE_WORDS and marked
    ]
    hashes = np.unique(keys)
    return PageLines(hashes[hashes != 0], sentence_shingles(sentences))


def sentence_shingles(lines: list[str]) -> np.ndarray:
    """The sampled hashes of the word shingles of the lines read as one text (the words as
    clustering reads them: case, punctuation and typography dropped), sorted and unique."""
    words = word_hashes(*encode(["\n".join(lines)]), False)[0]
    n = len(words) - SHINGLE_WORDS + 1
    if n < 1:
        return np.zeros(0, dtype=np.uint64)
    mixed = sum((words[j : j + n] * _MIX[j] for j in range(SHINGLE_WORDS)), np.uint64(0))
    mixed ^= mixed >> np.uint64(29)
    kept = np.sort(mixed[mixed % np.uint64(SAMPLE_EVERY) == 0])
    return kept[_firsts(kept)]


def _firsts(values: np.ndarray) -> np.ndarray:
    """Where each run of equal values of a sorted array starts."""
    firsts = np.ones(len(values), dtype=bool)
    firsts[1:] = values[1:] != values[:-1]
    return firsts


class OutletPages:
    """One outlet's pages, end to end in one growing array (each page's line hashes, then its
    shingles), with where each page's hashes and shingles end: not a small object a page,
    whose headers (~100 bytes a numpy array) and scattered allocations cost more than the
    hashes themselves (issue #14)."""

    __slots__ = ("_ends", "_pages", "_used", "_values")

    def __init__(self) -> None:
        self._values = np.empty(0, dtype=np.uint64)
        self._ends = np.empty((0, 2), dtype=np.int64)
        self._pages = 0
        self._used = 0

    def __len__(self) -> int:
        return self._pages

    def add(self, lines: PageLines) -> None:
        split = len(lines.hashes)
        ends = np.array([[split, split + len(lines.shingles)]], dtype=np.int64)
        self._append(np.concatenate([lines.hashes, lines.shingles]), ends)

    def extend(self, other: OutletPages) -> None:
        self._append(*other.arrays())

    def _append(self, values: np.ndarray, ends: np.ndarray) -> None:
        """Append pages: their values and the ends of each one's hashes and shingles in them."""
        pages, used = self._pages + len(ends), self._used + len(values)
        if used > len(self._values):
            self._values = _grown(self._values, used)
        if pages > len(self._ends):
            self._ends = _grown(self._ends, pages)
        self._values[self._used : used] = values
        self._ends[self._pages : pages] = ends + self._used
        self._pages, self._used = pages, used

    def select(self, keep: np.ndarray) -> OutletPages:
        """These pages but those where `keep` (a bool a page) is False."""
        values, ends = self.arrays()
        chosen = OutletPages()
        starts = np.concatenate([[0], ends[:-1, 1]])
        for i in np.flatnonzero(keep).tolist():
            chosen._append(values[starts[i] : ends[i, 1]], ends[i : i + 1] - starts[i])
        return chosen

    # Pickled (an engine's parts, sent to be merged) without the room to spare.
    def __getstate__(self) -> tuple[np.ndarray, np.ndarray]:
        return self.arrays()

    def __setstate__(self, state: tuple[np.ndarray, np.ndarray]) -> None:
        self._values, self._ends = state
        self._pages, self._used = len(self._ends), len(self._values)

    def arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """The pages' values, and the ends of each page's hashes and of its shingles."""
        return self._values[: self._used], self._ends[: self._pages]

    def parts(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(line hashes, the page of each, shingles, the page of each), each page's in turn."""
        values, ends = self.arrays()
        starts = np.concatenate([[0], ends[:-1, 1]])
        # Each value's page, and whether it is one of the page's shingles.
        page = np.repeat(np.arange(len(ends)), ends[:, 1] - starts)
        shingle = np.arange(len(values)) >= ends[page, 0]
        return values[~shingle], page[~shingle], values[shingle], page[shingle]


def _grown(a: np.ndarray, need: int) -> np.ndarray:
    """A copy of the array with room for `need` rows, at least a quarter more than it had:
    from the size needed, as most outlets have a page or two, and by a quarter, as the
    arrays are the pass's state, whose room to spare is memory lost (doubling leaves up to
    half of it unused)."""
    grown = np.empty((max(need, len(a) + len(a) // 4), *a.shape[1:]), dtype=a.dtype)
    grown[: len(a)] = a
    return grown


@dataclass
class OutletCounts:
    """The pages seen, by outlet: mergeable, before grouping and pruning."""

    pages: dict[str, OutletPages] = field(default_factory=dict)

    def add(self, outlet: str | None, lines: PageLines) -> None:
        # Pages of unknown outlets teach nothing: their repeats could be anyone's.
        if outlet:
            self._of(outlet).add(lines)

    def merge(self, other: OutletCounts) -> OutletCounts:
        for outlet, pages in other.pages.items():
            self._of(outlet).extend(pages)
        return self

    def _of(self, outlet: str) -> OutletPages:
        if (pages := self.pages.get(outlet)) is None:
            pages = self.pages[outlet] = OutletPages()
        return pages


def version_groups(shingles: np.ndarray, holder: np.ndarray, n: int) -> np.ndarray:
    """The outlet's n pages (given as their shingles, each with its page) grouped into
    stories, whose lines count once: each page's group, numbered from 0. Without this, an
    outlet that runs a story twice (an update, an AMP page, a re-crawl) would see that story's
    text as its own chrome. Text repeated on pages that otherwise share little is template;
    two pages sharing most of what is left of them are versions of one story. Of an outlet of
    two pages nothing is left out: nothing tells its template from a story it ran twice (or a
    page and an aggregator's page carrying its story) but how much of their text they share."""
    return Versions(n).add(shingles, holder).groups()


class Versions:
    """The evidence that pages of one outlet of n pages are versions of one story, summed
    over parts of its shingles: each shingle's holders are all in one part (the parts are
    ranges of shingle values), so an outlet too large for memory is grouped a range at a time
    (engines/outlets.py), with the same groups as all at once."""

    def __init__(self, n: int, pairs: PairStore | None = None) -> None:
        self.n = n
        # A page's own text: the shingles on at most half of the outlet's pages (more is
        # template: an appeal, a list of headlines). Its wider text: those not on every page.
        self.common = min(MAX_VERSIONS, max(2, n // 2))
        self.reach = max(self.common, min(MAX_VERSIONS, n - 1))
        self.own = np.zeros(n, dtype=np.int64)
        self.wide = np.zeros(n, dtype=np.int64)
        self._pairs = pairs or PairsInMemory()

    def add(self, shingles: np.ndarray, holder: np.ndarray) -> Versions:
        """Count some of the outlet's (shingle, page) entries: all of each shingle's."""
        self._pairs.add(self._shared(shingles, holder))
        return self

    def _shared(self, shingles: np.ndarray, holder: np.ndarray) -> np.ndarray:
        """Count the pages' own and wider text; the pairs of holders of each shingle held by
        at most `reach` pages, a pair (i * n + j) a holder and shingle, shifted left by one,
        its low bit whether the shingle is their own text. A function of its own: its
        working arrays are gone before the pairs are counted."""
        n, common, reach = self.n, self.common, self.reach
        # By shingle, then page: a shingle's holders are a run.
        order = np.argsort(shingles, kind="stable")
        shingles, holder = shingles[order], holder[order]
        run = np.cumsum(_firsts(shingles))
        held = np.bincount(run)[run]  # the holders of each entry's shingle
        self.own += np.bincount(holder[held <= common], minlength=n)
        self.wide += np.bincount(holder[held <= reach], minlength=n)
        # At most reach - 1 pairs a holder: the work is linear in the outlet's pages.
        pairs = [np.zeros(0, dtype=np.int64)]
        for gap in range(1, reach):
            at = np.flatnonzero((held[:-gap] <= reach) & (run[:-gap] == run[gap:]))
            pair = holder[at].astype(np.int64) * n + holder[at + gap]
            pairs.append(pair << 1 | (held[at] <= common))
        return np.concatenate(pairs)

    def groups(self) -> np.ndarray:
        """Each page's group, numbered from 0."""
        n = self.n
        pairs = np.concatenate(
            [_NO_PAIRS[0]]
            + [c[0][_versions(*c, self.own, self.wide, n)] for c in self._pairs.counts()]
        )
        parent = list(range(n))

        def root(k: int) -> int:
            while parent[k] != k:
                parent[k] = parent[parent[k]]
                k = parent[k]
            return k

        for a, b in zip((pairs // n).tolist(), (pairs % n).tolist(), strict=True):
            parent[root(b)] = root(a)
        return np.unique([root(k) for k in range(n)], return_inverse=True)[1]


# Pairs of an outlet's pages (i * n + j, sorted unique), each with the shingles they share
# and how many of those are their own text.
PairCounts = tuple[np.ndarray, np.ndarray, np.ndarray]
_NO_PAIRS: PairCounts = (
    np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.uint32), np.zeros(0, dtype=np.uint32)
)


class PairStore(Protocol):
    """Where an outlet's Versions keep the pairs of its pages sharing shingles until every
    range of shingles is seen (in memory here; on disk for an outlet too large for memory,
    engines/outlets.py)."""

    def add(self, pairs: np.ndarray) -> None:
        """Versions._shared's entries: a pair of pages (shifted left by one) a shingle."""

    def counts(self) -> Iterable[PairCounts]:
        """Every pair once, with its counts, in parts that each hold all of a pair's."""


class PairsInMemory:
    """Pairs counted range after range, each pair once (an entry a pair and shingle would all
    be in memory at once: 5.3 million of them for an outlet of 2,750 pages, 321,590 pairs)."""

    def __init__(self) -> None:
        self._counts: list[PairCounts] = []

    def add(self, pairs: np.ndarray) -> None:
        # Merged with the counts before while those are no more than twice as many: a pair
        # is merged a few times (the logarithm of the ranges), not once a range.
        kept = self._counts
        kept.append(pair_counts(pairs))
        while len(kept) > 1 and len(kept[-2][0]) <= 2 * len(kept[-1][0]):
            last = kept.pop()
            kept.append(_merged(kept.pop(), last))

    def counts(self) -> Iterable[PairCounts]:
        counts = _NO_PAIRS
        while self._counts:
            counts = _merged(self._counts.pop(), counts)
        return [counts]


def pair_counts(pairs: np.ndarray) -> PairCounts:
    """Versions._shared's entries (sorted here, in place) counted by pair."""
    pairs.sort()
    return _runs(pairs)


# Hand-written loops (numba), not np.unique and bincount: those make several working arrays
# the size of their input, and the input here is an outlet's every shared shingle.
@nb.njit(cache=True)
def _runs(pairs: np.ndarray) -> PairCounts:
    distinct = 0
    for k in range(len(pairs)):
        if k == 0 or pairs[k] >> 1 != pairs[k - 1] >> 1:
            distinct += 1
    keys = np.empty(distinct, dtype=np.int64)
    shared = np.zeros(distinct, dtype=np.uint32)
    own = np.zeros(distinct, dtype=np.uint32)
    r = -1
    for k in range(len(pairs)):
        if k == 0 or pairs[k] >> 1 != pairs[k - 1] >> 1:
            r += 1
            keys[r] = pairs[k] >> 1
        shared[r] += 1
        own[r] += pairs[k] & 1
    return keys, shared, own


@nb.njit(cache=True)
def _merged(a: PairCounts, b: PairCounts) -> PairCounts:
    """Two sorted counts merged, a pair in both counted once with the sums."""
    (ka, sa, oa), (kb, sb, ob) = a, b
    i = j = distinct = 0
    while i < len(ka) or j < len(kb):
        if j == len(kb) or (i < len(ka) and ka[i] < kb[j]):
            i += 1
        elif i == len(ka) or kb[j] < ka[i]:
            j += 1
        else:
            i += 1
            j += 1
        distinct += 1
    keys = np.empty(distinct, dtype=np.int64)
    shared = np.empty(distinct, dtype=np.uint32)
    own = np.empty(distinct, dtype=np.uint32)
    i = j = 0
    for r in range(distinct):
        if j == len(kb) or (i < len(ka) and ka[i] < kb[j]):
            keys[r], shared[r], own[r] = ka[i], sa[i], oa[i]
            i += 1
        elif i == len(ka) or kb[j] < ka[i]:
            keys[r], shared[r], own[r] = kb[j], sb[j], ob[j]
            j += 1
        else:
            keys[r], shared[r], own[r] = ka[i], sa[i] + sb[j], oa[i] + ob[j]
            i += 1
            j += 1
    return keys, shared, own


@nb.njit(cache=True)
def _versions(
    pairs: np.ndarray,
    shared_wide: np.ndarray,
    shared: np.ndarray,
    own: np.ndarray,
    wide: np.ndarray,
    n: int,
) -> np.ndarray:
    """Which pairs are versions of one story (Versions.groups), a pair at a time: no working
    array of every pair's pages and shares."""
    out = np.zeros(len(pairs), dtype=np.bool_)
    for k in range(len(pairs)):
        i, j = pairs[k] // n, pairs[k] % n
        # A page with no text of its own (all template) is no version of another by
        # VERSION_OVERLAP.
        out[k] = (
            shared[k] > 0 and shared[k] >= VERSION_OVERLAP * min(own[i], own[j])
        ) or shared_wide[k] >= MOST_PAGES_OVERLAP * max(wide[i], wide[j])
    return out


# An outlet's lines as sorted arrays: the line hashes, and a count of each (as float32, the
# features' type).
Table = tuple[np.ndarray, np.ndarray]
_NO_LINES: Table = (np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.float32))


@dataclass(frozen=True, eq=False)
class OutletChrome:
    """What the pass learned: per outlet, the lines printed on two or more of its stories'
    pages (versions of one story counted once), and how many outlets print each of them.
    Arrays, not dicts of Python ints: twelve bytes a line, not a hundred."""

    pages: dict[str, int]  # outlet -> stories (version groups) seen
    repeated: dict[str, Table]  # outlet -> its lines on two or more groups, and the groups
    spread: Table  # the lines in `repeated`: how many outlets print each

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, OutletChrome)
            and self.pages == other.pages
            and self.repeated.keys() == other.repeated.keys()
            and all(_same(t, other.repeated[o]) for o, t in self.repeated.items())
            and _same(self.spread, other.spread)
        )

    __hash__ = None  # type: ignore[assignment]  # mutable arrays inside

    def _stories(self, outlet: str | None) -> int:
        """The outlet's count of stories as its lines are looked up. An outlet of one story (its
        pages all versions of it) tells nothing of its chrome: every line would be on all its
        stories, so its lines are looked up as a lone page's (0)."""
        n = self.pages.get(outlet, 0) if outlet else 0
        return n if n >= 2 else 0

    def lookup(self, outlet: str | None, h: int) -> tuple[float, int, int]:
        """(share of the outlet's pages with this line, the outlet's page count, spread)."""
        n = self._stories(outlet)
        hashes, counts = self.repeated.get(outlet, _NO_LINES) if n else _NO_LINES
        count = _count(hashes, counts, h, 1 if n else 0)
        return (count / n if n else 0.0), n, _count(*self.spread, h, 1)

    def lookup_keys(self, outlet: str | None, keys: np.ndarray) -> np.ndarray:
        """lookup() of each line's key hash, as rows of (share, pages, spread); a line without
        words (hash 0) is nobody's: (0, 0, 1)."""
        n = self._stories(outlet)
        hashes, counts = self.repeated.get(outlet, _NO_LINES) if n else _NO_LINES
        return _lookup(keys, hashes, counts, n, *self.spread)


def _same(a: Table, b: Table) -> bool:
    return all(np.array_equal(x, y) for x, y in zip(a, b, strict=True))


def _count(hashes: np.ndarray, counts: np.ndarray, h: int, missing: int) -> int:
    j = int(np.searchsorted(hashes, np.uint64(h)))
    return int(counts[j]) if j < len(hashes) and hashes[j] == h else missing


@nb.njit(cache=True, nogil=True)
def _lookup(
    keys: np.ndarray,
    hashes: np.ndarray,
    counts: np.ndarray,
    n: int,
    spread_hashes: np.ndarray,
    spreads: np.ndarray,
) -> np.ndarray:
    """OutletChrome.lookup_keys over sorted tables, in float32 as the features are."""
    out = np.zeros((len(keys), 3), dtype=np.float32)
    for r in range(len(keys)):
        out[r, 2] = 1.0
        h = keys[r]
        if h == 0:
            continue
        if n:
            j = np.searchsorted(hashes, h)
            count = counts[j] if j < len(hashes) and hashes[j] == h else np.float32(1.0)
            out[r, 0] = count / np.float32(n)
            out[r, 1] = n
        j = np.searchsorted(spread_hashes, h)
        if j < len(spread_hashes) and spread_hashes[j] == h:
            out[r, 2] = spreads[j]
    return out


EMPTY = OutletChrome(pages={}, repeated={}, spread=_NO_LINES)


@dataclass(frozen=True)
class Learnt:
    """What the pass learns of some outlets from their own pages: each one's stories and
    repeated lines, and every line they print with how many of them print it (the outlets'
    part of the corpus-wide spread). Parts learnt of different outlets make the chrome
    together (`chrome`)."""

    pages: dict[str, int]
    repeated: dict[str, Table]
    printed: Table  # line hashes, sorted unique; the outlets (of these) printing each


# Some of an outlet's pages' values: (outlet, its pages, line hashes, the page of each,
# shingles, the page of each), pages numbered from 0 in the outlet's order.
Slice = tuple[str, int, np.ndarray, np.ndarray, np.ndarray, np.ndarray]
# read(lo, hi): every outlet's Slice of the values in [lo, hi).
Reader = Callable[[int, int], Iterable[Slice]]
_TOP = 2**64  # the values are uint64 hashes


def range_bounds(ranges: int) -> list[int]:
    """The bounds of `ranges` equal ranges of the uint64 values."""
    return [r * _TOP // ranges for r in range(ranges + 1)]


def learn_outlets(
    read: Reader, ranges: int = 1, pairs: Callable[[int], PairStore] | None = None
) -> Learnt:
    """Learn some outlets from their values, read a range of values at a time: the work of
    each range is that range's alone (a shingle's holders, a line's groups), so the memory is
    a range's, and the result is the same for any number of ranges. Twice over: the version
    groups need every shingle before a line's groups can be counted. `pairs(n)`: where an
    outlet of n pages keeps its pairs of pages until then (in memory if not given)."""
    spans = list(pairwise(range_bounds(ranges)))
    cached = list(read(0, _TOP)) if ranges == 1 else None

    def slices(lo: int, hi: int) -> Iterable[Slice]:
        return cached if cached is not None else read(lo, hi)

    versions: dict[str, Versions] = {}
    for lo, hi in spans:
        for outlet, n, _, _, shingles, holder in slices(lo, hi):
            if outlet not in versions:
                versions[outlet] = Versions(n, pairs(n) if pairs else None)
            versions[outlet].add(shingles, holder)
    groups = {outlet: v.groups() for outlet, v in versions.items()}
    tables: dict[str, list[Table]] = {outlet: [] for outlet in versions}
    for lo, hi in spans:
        for outlet, _, hashes, page, _, _ in slices(lo, hi):
            tables[outlet].append(line_groups(hashes, groups[outlet][page]))
    repeated: dict[str, Table] = {}
    printed = [np.zeros(0, dtype=np.uint64)]
    for outlet, parts in tables.items():
        # The ranges in order: the outlet's lines stay sorted.
        lines = np.concatenate([t[0] for t in parts])
        counts = np.concatenate([t[1] for t in parts])
        kept = counts >= 2
        if kept.any():
            repeated[outlet] = (lines[kept], counts[kept].astype(np.float32))
        printed.append(lines)
    hashes, printers = np.unique(np.concatenate(printed), return_counts=True)
    sizes = {outlet: int(g.max()) + 1 for outlet, g in groups.items()}
    return Learnt(sizes, repeated, (hashes, printers))


def chrome(parts: Iterable[Learnt], printed: Iterable[Table]) -> OutletChrome:
    """The chrome from parts learnt of different outlets, and every part's `printed` (which
    an engine may keep apart, on disk, as most lines are printed once and matter nowhere)."""
    sizes: dict[str, int] = {}
    repeated: dict[str, Table] = {}
    for part in parts:
        sizes.update(part.pages)
        repeated.update(part.repeated)
    hashes = repeated_lines(repeated)
    return OutletChrome(sizes, repeated, (hashes, spread(hashes, printed).astype(np.float32)))


def repeated_lines(repeated: dict[str, Table]) -> np.ndarray:
    """The lines some outlet repeats, sorted: the corpus-wide count is taken of these only
    (where it decides anything), so its table is no larger than the outlets' own."""
    return np.unique(np.concatenate([_NO_LINES[0], *(h for h, _ in repeated.values())]))


def spread(hashes: np.ndarray, printed: Iterable[Table]) -> np.ndarray:
    """How many outlets print each of `hashes` (sorted), from parts' `printed`: counts that
    add up across parts of different outlets."""
    total = np.zeros(len(hashes), dtype=np.int64)
    for lines, printers in printed:
        if len(lines) and len(hashes):
            at = np.searchsorted(lines, hashes).clip(max=len(lines) - 1)
            hit = lines[at] == hashes
            total[hit] += printers[at[hit]]
    return total


def finish(counts: OutletCounts) -> OutletChrome:
    """Group each outlet's pages into stories, count lines by group, keep what recurs."""
    every = [(outlet, len(pages), *pages.parts()) for outlet, pages in counts.pages.items()]
    part = learn_outlets(lambda lo, hi: every)
    return chrome([part], [part.printed])


def line_groups(hashes: np.ndarray, group: np.ndarray) -> Table:
    """The distinct line hashes of an outlet's pages (each with its page's group), sorted,
    and how many groups print each: by sorting, a group's copies of a line counted once.
    Each hash's count is its own: an engine may count ranges of hashes apart."""
    order = np.lexsort((group, hashes))
    hashes, group = hashes[order], group[order]
    distinct = _firsts(hashes)
    distinct[1:] |= group[1:] != group[:-1]
    return np.unique(hashes[distinct], return_counts=True)


def learn(pages: Iterable[Page]) -> OutletChrome:
    """Count every page's lines by outlet and keep what recurs."""
    counts = OutletCounts()
    for page in pages:
        try:
            counts.add(page.source, page_hashes(page))
        except TooManyLines:
            continue  # a page the path refuses whole (its reject) teaches nothing either
    return finish(counts)
