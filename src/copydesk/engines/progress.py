"""What a person at a terminal sees of a run while it works: a bar for each pass over the
pages, a line for each corpus-wide step, and a word when the start is slow because the first
run after installing compiles the kernels. Nothing with --quiet or into a file or pipe: a
log would fill with a bar's redrawings."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterator
from typing import TypeVar

from tqdm import tqdm

T = TypeVar("T")

# A start longer than this is the kernels compiling (README: the first run after installing,
# tens of seconds), not their loading from numba's cache (about half a second).
SLOW_START_SECONDS = 3.0


class Progress:
    def __init__(self, quiet: bool) -> None:
        self.shown = not quiet and sys.stderr.isatty()

    def bar(self, what: str, unit: str, total: int | None = None) -> tqdm:
        return tqdm(total=total, desc=what, unit=f" {unit}", file=sys.stderr,
                    disable=not self.shown)

    def counting(self, items: Iterator[T], what: str, unit: str) -> Iterator[T]:
        """The items as they come, counted on a bar (its total unknown: a reader streams)."""
        with self.bar(what, unit) as bar:
            for item in items:
                yield item
                bar.update()

    def step(self, text: str) -> None:
        if self.shown:
            print(f"copydesk: {text}", file=sys.stderr, flush=True)

    def slow_start(self, begin: Callable[[], None]) -> None:
        """`begin` (the run's one-off loading) run; if it is slow, the person waiting is told
        why. The timer is gone when this returns: what follows may fork."""
        timer = threading.Timer(
            SLOW_START_SECONDS, self.step,
            ("compiling the kernels, which the first run after installing does once",),
        )
        if self.shown:
            timer.start()
        try:
            begin()
        finally:
            timer.cancel()
            if timer.is_alive():
                timer.join()
