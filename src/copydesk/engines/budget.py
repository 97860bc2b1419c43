"""A page's CPU-time budget: past it, the page becomes a reject and the run goes on.

The stages are written so that no page can take long (patterns that cannot backtrack, a depth
guard before the HTML parser, a cap on a page's size); the budget is the net under them, for
the case nobody foresaw. It counts CPU time (the process's, ITIMER_PROF), not wall time, so a
busy machine does not turn a slow page into a reject and a run's output does not depend on its
neighbours. It is a signal: Python code is stopped at once, code in C (a regex, the HTML
parser) only when it returns to Python, which is why the guards above it still matter.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

# The slowest real page of the shared benchmarks takes well under a second; a page that needs
# this many CPU seconds is one the stages were not written for.
PAGE_CPU_SECONDS = 30.0


class OverBudgetError(Exception):
    """A page took more CPU time than its budget."""


@contextmanager
def page_budget(seconds: float | None = None) -> Iterator[None]:
    """Raise OverBudgetError in the body once it has used `seconds` (by default
    PAGE_CPU_SECONDS) of CPU time.

    Signals reach only the main thread: elsewhere (copydesk called from a thread of a
    user's program) the body runs without a budget.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    seconds = PAGE_CPU_SECONDS if seconds is None else seconds

    def expired(_signum: int, _frame: FrameType | None) -> None:
        raise OverBudgetError(f"over the time budget: {seconds:g} s of CPU on one page")

    before = signal.signal(signal.SIGPROF, expired)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, before)
