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
from copydesk.clean.lines import TooManyLines, page_lines
from copydesk.clean.unwrap import unwrap
from copydesk.cluster.fingerprint import encode
from copydesk.cluster.kernel import word_hashes
from copydesk.records import Page


def line_hash(text: str) -> int:
    """The hash of a line's key (kernel.py): the same on every machine and in every process;
    0 for a line without words."""
    return int(kernel.line_counts([text])[1][0])


# A line of this many words is prose: story text, which templates rarely print (features.py,
# extracted.py).
PROSE_WORDS = 10
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
# One shingle in two, chosen by its hash (so the same ones on every copy), is kept: a page's
# pass-1 state stays smaller than its line hashes (on wire-hard-dev 770 shingles, 6 KB, beside
# 170 line hashes, 9 KB), and a brief of 40 words still keeps some twenty (one in four kept
# ten: too few to tell a third of a page shared from a half).
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
    """What the pass keeps of one page: its distinct line hashes, and a sample of the word
    shingles of its sentences (what versions of one story share), sorted and unique."""

    hashes: frozenset[int]
    shingles: np.ndarray  # uint64


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
    return PageLines(frozenset(h for h in keys.tolist() if h), sentence_shingles(sentences))


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
    """The outlet's pages grouped into stories, whose lines count once: without this, an
    outlet that runs a story twice (an update, an AMP page, a re-crawl) would see that story's
    text as its own chrome. Text repeated on pages that otherwise share little is template;
    two pages sharing most of what is left of them are versions of one story. Of an outlet of
    two pages nothing is left out: nothing tells its template from a story it ran twice (or a
    page and an aggregator's page carrying its story) but how much of their text they share."""
    n = len(pages)
    # A page's own text: the shingles on at most half of the outlet's pages (more is
    # template: an appeal, a list of headlines). Its wider text: those not on every page.
    common = min(MAX_VERSIONS, max(2, n // 2))
    reach = max(common, min(MAX_VERSIONS, n - 1))
    # Every (shingle, page) of the outlet, by shingle, then page: a shingle's holders are a run.
    shingles = np.concatenate([p.shingles for p in pages])
    holder = np.repeat(np.arange(n), [len(p.shingles) for p in pages])
    order = np.argsort(shingles, kind="stable")
    shingles, holder = shingles[order], holder[order]
    run = np.cumsum(_firsts(shingles))
    held = np.bincount(run)[run]  # the holders of each entry's shingle
    own = np.bincount(holder[held <= common], minlength=n)
    wide = np.bincount(holder[held <= reach], minlength=n)
    # The pairs of holders of each shingle held by at most `reach` pages: at most
    # reach - 1 of them an entry, so the work is linear in the outlet's pages.
    pairs, owned = [], []
    for gap in range(1, reach):
        at = np.flatnonzero((held[:-gap] <= reach) & (run[:-gap] == run[gap:]))
        pairs.append(holder[at] * n + holder[at + gap])
        owned.append(held[at] <= common)
    keys = np.concatenate(pairs)
    candidates, shared_wide = np.unique(keys, return_counts=True)
    owned_keys = keys[np.concatenate(owned)]
    shared = np.bincount(np.searchsorted(candidates, owned_keys), minlength=len(candidates))
    i, j = candidates // n, candidates % n
    # A page with no text of its own (all template) is no version of another by VERSION_OVERLAP.
    versions = ((shared > 0) & (shared >= VERSION_OVERLAP * np.minimum(own[i], own[j]))) | (
        shared_wide >= MOST_PAGES_OVERLAP * np.maximum(wide[i], wide[j])
    )
    parent = list(range(n))

    def root(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for a, b in zip(i[versions].tolist(), j[versions].tolist(), strict=True):
        parent[root(b)] = root(a)
    groups: defaultdict[int, set[int]] = defaultdict(set)
    for k, p in enumerate(pages):
        groups[root(k)].update(p.hashes)
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
        try:
            counts.add(page.source, page_hashes(page))
        except TooManyLines:
            continue  # a page the path refuses whole (its reject) teaches nothing either
    return finish(counts)
