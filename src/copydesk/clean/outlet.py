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

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from copydesk.clean.lines import line_key, page_lines
from copydesk.records import Page


def key_hash(key: str) -> int:
    """A stable 64-bit hash of a line key (Python's hash() changes between processes)."""
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "little")


def page_hashes(page: Page) -> set[int]:
    """The distinct line hashes of a page, as the pass counts them (each once per page)."""
    return {key_hash(k) for k in (line_key(t) for t in page_lines(page)) if k}


@dataclass
class OutletCounts:
    """Raw counts for a set of pages: mergeable, before pruning."""

    pages: Counter[str] = field(default_factory=Counter)  # outlet -> pages
    lines: defaultdict[str, Counter[int]] = field(default_factory=lambda: defaultdict(Counter))

    def add(self, outlet: str | None, hashes: Iterable[int]) -> None:
        # Pages of unknown outlets teach nothing: their repeats could be anyone's.
        if not outlet:
            return
        self.pages[outlet] += 1
        self.lines[outlet].update(hashes)

    def merge(self, other: OutletCounts) -> OutletCounts:
        self.pages.update(other.pages)
        for outlet, counts in other.lines.items():
            self.lines[outlet].update(counts)
        return self


@dataclass(frozen=True)
class OutletChrome:
    """What the pass learned: per outlet, the lines printed on two or more of its pages."""

    pages: dict[str, int]
    repeated: dict[str, dict[int, int]]  # outlet -> line hash -> pages of the outlet with it
    spread: dict[int, int]  # line hash -> outlets printing it (for the hashes in `repeated`)

    def lookup(self, outlet: str | None, h: int) -> tuple[float, int, int]:
        """(share of the outlet's pages with this line, the outlet's page count, spread)."""
        n = self.pages.get(outlet, 0) if outlet else 0
        count = self.repeated.get(outlet, {}).get(h, 1 if n else 0)
        return (count / n if n else 0.0), n, self.spread.get(h, 1)


EMPTY = OutletChrome(pages={}, repeated={}, spread={})


def finish(counts: OutletCounts) -> OutletChrome:
    """Prune the counts to what cleaning needs: lines repeated within an outlet."""
    spread: Counter[int] = Counter()
    for per_line in counts.lines.values():
        spread.update(per_line.keys())
    repeated = {
        outlet: {h: c for h, c in per_line.items() if c >= 2}
        for outlet, per_line in counts.lines.items()
    }
    kept = {h for per in repeated.values() for h in per}
    return OutletChrome(
        pages=dict(counts.pages),
        repeated={o: r for o, r in repeated.items() if r},
        spread={h: spread[h] for h in kept},
    )


def learn(pages: Iterable[Page]) -> OutletChrome:
    """Count every page's lines by outlet and keep what recurs."""
    counts = OutletCounts()
    for page in pages:
        counts.add(page.source, page_hashes(page))
    return finish(counts)
