"""Fuzz properties of the cleaner's shape patterns (issue #13): any line is judged, and
quickly: a line costs the patterns time in proportion to its length."""

from __future__ import annotations

import time

import pytest
from hypothesis import given
from tests.bad_input import bad_line, fuzz_settings

from copydesk.clean.shape import chrome_shape, is_code
from copydesk.records import Reason


@fuzz_settings
@given(line=bad_line)
def test_any_line_has_a_shape_or_none(line: str) -> None:
    shape = chrome_shape(line)
    assert shape is None or isinstance(shape, Reason)
    assert isinstance(is_code(line), bool)


# CPU seconds for one short line: a linear match takes well under a millisecond; the lines
# below take ~0.2 s each to the backtracking patterns, ten times this either way.
SHORT_LINE_SECONDS = 0.02


@pytest.mark.parametrize(
    "line",
    [
        "Share" + " " * 800 + "x",
        "date 2025-02-30" + " " * 500 + "Recommended Articles",
        "Updated 10:30" + " " * 60 + "x",
        "Accept cookies" + " " * 600 + "x",
    ],
    ids=["share-run-word", "date-run-words", "timestamp-run-word", "notice-run-word"],
)
def test_a_whitespace_run_between_words_is_judged_in_linear_time(line: str) -> None:
    chrome_shape("Share this")  # the patterns compiled, the kernel loaded: not the line's cost
    start = time.process_time()
    chrome_shape(line)
    assert time.process_time() - start < SHORT_LINE_SECONDS
