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

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import numba as nb
import numpy as np

from copydesk.clean import kernel
from copydesk.clean.lines import page_lines
from copydesk.clean.unwrap import unwrap
from copydesk.records import Page


def line_hash(text: str) -> int:
    """The hash of a line's key (kernel.py): the same on every machine and in every process;
    0 for a line without words."""
    return int(kernel.line_counts([text])[1][0])


# A line of this many words is prose: what versions of one story share, and templates rarely.
PROSE_WORDS = 10
# Two pages of an outlet sharing this share of their prose lines are versions of one story.
VERSION_OVERLAP = 0.5


@dataclass(frozen=True)
class PageLines:
    """What the pass keeps of one page: its distinct line hashes, and which of them are prose."""

    hashes: frozenset[int]
    prose: frozenset[int]


def page_hashes(page: Page) -> PageLines:
    hashes, prose = set(), set()
    counts, keys = kernel.line_counts([t for t in page_lines(unwrap(page).page) if t.strip()])
    for h, words in zip(keys.tolist(), counts[:, kernel.WORDS].tolist(), strict=True):
        if h:
            hashes.add(h)
            if words >= PROSE_WORDS:
                prose.add(h)
    return PageLines(frozenset(hashes), frozenset(prose))


@dataclass
class OutletCounts:
    """The pages seen, by outlet: mergeable, before grouping and pruning."""

    pages: defaultdict[str, list[PageLines]] = field(default_factory=lambda: defaultdict(list))

    def add(self, outlet: str | None, lines: PageLines) -> None:
        # Pages of unknown outlets teach nothing: their repeats could be anyone's.
        if outlet:
            self.pages[outlet].append(lines)

    def merge(self, other: OutletCounts) -> OutletCounts:
        for outlet, pages in other.pages.items():
            self.pages[outlet].extend(pages)
        return self


def version_groups(pages: list[PageLines]) -> list[frozenset[int]]:
    """The outlet's pages grouped into stories: pages sharing most of their prose (an earlier
    and a later version) form one group, whose lines count once. Without this, an outlet that
    runs a story twice would see that story's text as its own chrome."""
    n = len(pages)
    parent = list(range(n))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    holders: defaultdict[int, list[int]] = defaultdict(list)
    for i, p in enumerate(pages):
        for h in p.prose:
            holders[h].append(i)
    # Prose on most of the outlet's pages is template (an appeal), not a shared story.
    common = max(2, n // 2)
    for i, p in enumerate(pages):
        shared: Counter[int] = Counter()
        for h in p.prose:
            if len(holders[h]) <= common:
                shared.update(j for j in holders[h] if j > i)
        for j, k in shared.items():
            if k >= VERSION_OVERLAP * min(len(p.prose), len(pages[j].prose)):
                parent[root(j)] = root(i)
    groups: defaultdict[int, set[int]] = defaultdict(set)
    for i, p in enumerate(pages):
        groups[root(i)].update(p.hashes)
    return [frozenset(g) for g in groups.values()]


@dataclass(frozen=True)
class OutletChrome:
    """What the pass learned: per outlet, the lines printed on two or more of its stories'
    pages (versions of one story counted once)."""

    pages: dict[str, int]  # outlet -> stories (version groups) seen
    repeated: dict[str, dict[int, int]]  # outlet -> line hash -> groups with it
    spread: dict[int, int]  # line hash -> outlets printing it (for the hashes in `repeated`)
    _tables: dict[str | None, tuple[np.ndarray, np.ndarray]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def lookup(self, outlet: str | None, h: int) -> tuple[float, int, int]:
        """(share of the outlet's pages with this line, the outlet's page count, spread)."""
        n = self.pages.get(outlet, 0) if outlet else 0
        count = self.repeated.get(outlet, {}).get(h, 1 if n else 0)
        return (count / n if n else 0.0), n, self.spread.get(h, 1)

    def lookup_keys(self, outlet: str | None, keys: np.ndarray) -> np.ndarray:
        """lookup() of each line's key hash, as rows of (share, pages, spread); a line without
        words (hash 0) is nobody's: (0, 0, 1)."""
        n = self.pages.get(outlet, 0) if outlet else 0
        hashes, counts = self._table(outlet) if n else _NO_LINES
        return _lookup(keys, hashes, counts, n, *self._table(None))

    def _table(self, outlet: str | None) -> tuple[np.ndarray, np.ndarray]:
        """The outlet's repeated lines (None: the spread of all) as sorted arrays of hashes
        and counts, made on first use, for _lookup's binary search."""
        if outlet not in self._tables:
            counts = self.repeated.get(outlet, {}) if outlet else self.spread
            hashes = np.fromiter(counts.keys(), np.uint64, len(counts))
            order = np.argsort(hashes)
            values = np.fromiter(counts.values(), np.float32, len(counts))
            self._tables[outlet] = hashes[order], values[order]
        return self._tables[outlet]


_NO_LINES = (np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.float32))


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


EMPTY = OutletChrome(pages={}, repeated={}, spread={})


def finish(counts: OutletCounts) -> OutletChrome:
    """Group each outlet's pages into stories, count lines by group, keep what recurs."""
    spread: Counter[int] = Counter()
    sizes: dict[str, int] = {}
    repeated: dict[str, dict[int, int]] = {}
    for outlet, pages in counts.pages.items():
        groups = version_groups(pages)
        per_line: Counter[int] = Counter()
        for g in groups:
            per_line.update(g)
        spread.update(per_line.keys())
        sizes[outlet] = len(groups)
        kept = {h: c for h, c in per_line.items() if c >= 2}
        if kept:
            repeated[outlet] = kept
    kept_hashes = {h for per in repeated.values() for h in per}
    return OutletChrome(
        pages=sizes, repeated=repeated, spread={h: spread[h] for h in kept_hashes}
    )


def learn(pages: Iterable[Page]) -> OutletChrome:
    """Count every page's lines by outlet and keep what recurs."""
    counts = OutletCounts()
    for page in pages:
        counts.add(page.source, page_hashes(page))
    return finish(counts)
