"""The rules every engine shares: options, counts that add up, row encoding."""

import json
from collections import Counter

import pytest
from tests.cluster.invented import paragraphs, story

from copydesk.engines.rules import RunOptions, RunSummary, reject_group, story_line
from copydesk.records import Reject


def test_options_refuse_what_no_run_can_do() -> None:
    with pytest.raises(ValueError, match="unknown format 'csv'"):
        RunOptions(fmt="csv")
    with pytest.raises(ValueError, match="workers must be 1 or more"):
        RunOptions(workers=0)
    assert RunOptions().fmt == "jsonl"


def _part(pages: int, rejects: list[Reject], seconds: float) -> RunSummary:
    part = RunSummary(records_in=pages + sum(r.count for r in rejects), pages_with_stories=pages)
    for reject in rejects:
        part.reject(reject)
    part.lines.update({"body": 10 * pages, "removed:navigation": pages})
    part.seconds.update({"clean": seconds, "warm_up": 0.0})
    return part


def test_counts_of_parts_add_up_to_the_whole() -> None:
    a = _part(3, [Reject("a.jsonl:2", "invalid JSON: Expecting value (column 1)")], 1.5)
    b = _part(2, [Reject("b.jsonl", "1,000 more rejects in this file, not listed", count=1000)],
              0.5)
    whole = a + b
    assert whole.records_in == 3 + 1 + 2 + 1000
    assert whole.records_in == whole.pages_with_stories + whole.pages_without_stories + (
        whole.rejects
    )
    assert whole.reject_reasons == Counter(
        {"invalid JSON": 1, "1,000 more rejects in this file, not listed": 1000}
    )
    assert whole.lines == Counter({"body": 50, "removed:navigation": 5})
    assert whole.seconds == {"clean": 2.0, "warm_up": 0.0}
    assert (a + RunSummary()).as_dict() == a.as_dict()


def test_a_reject_is_grouped_by_what_went_wrong() -> None:
    assert reject_group("no story: 5 lines, all removed: navigation 5") == "no story"
    assert reject_group("internal error: TypeError: boom") == "internal error"


def test_a_story_is_one_line_of_utf8_json() -> None:
    s = story("é", paragraphs("é", 2))
    line = story_line(s)
    assert b"\n" not in line and "é".encode() in line
    assert json.loads(line)["story_id"] == s.story_id
