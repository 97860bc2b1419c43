"""The page budget stops Python code that runs too long, and nothing else."""

import signal
import time

import pytest

from copydesk.engines.budget import OverBudgetError, page_budget


def test_code_past_its_budget_is_stopped() -> None:
    start = time.process_time()
    with pytest.raises(OverBudgetError, match=r"0\.2 s of CPU"), page_budget(0.2):
        while True:
            pass
    assert time.process_time() - start < 2
    assert signal.getitimer(signal.ITIMER_PROF) == (0.0, 0.0)


def test_code_within_its_budget_runs_and_leaves_no_timer() -> None:
    with page_budget(5):
        total = sum(range(100_000))
    assert total == 4_999_950_000
    assert signal.getitimer(signal.ITIMER_PROF) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGPROF) == signal.SIG_DFL
