"""The annotate line functions on the two seed pages (../shared/examples/seeds)."""

from __future__ import annotations

from pathlib import Path

import pytest

from copydesk.annotate.byline import parse_byline
from copydesk.annotate.captions import parse_caption, parse_credit_line
from copydesk.annotate.corrections import is_correction
from copydesk.annotate.dateline import parse_dateline
from copydesk.annotate.dates import is_date_line, parse_date
from copydesk.annotate.lang import detect_lang
from copydesk.records import Dateline
from copydesk.shared import SEEDS

AGGREGATOR = SEEDS / "001_b5f09df1eb19d3b2.txt"  # La Mesilla story + tanker story
DONATION = SEEDS / "000_37d1cc5d8ed588b0.txt"  # La Mesilla story without its dateline

pytestmark = pytest.mark.skipif(
    not AGGREGATOR.exists(), reason=f"seed pages not found under {SEEDS} (../shared absent)"
)


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")


def test_datelines_of_both_stories() -> None:
    found = [d for line in _lines(AGGREGATOR) if (d := parse_dateline(line)[0]) is not None]
    assert found == [Dateline("LA MESILLA, Guatemala", "AP"), Dateline("WASHINGTON", "AP")]


def test_dateline_offset_starts_the_story_text() -> None:
    line = next(x for x in _lines(AGGREGATOR) if x.startswith("LA MESILLA"))
    _, offset = parse_dateline(line)
    assert line[:offset].rstrip().endswith("(AP) —")
    assert line[offset].isupper()  # the story's first word


def test_the_copy_without_a_dateline_has_none() -> None:
    assert all(parse_dateline(line)[0] is None for line in _lines(DONATION))


def test_gallery_captions_and_credits() -> None:
    captions = [c for line in _lines(AGGREGATOR) if (c := parse_caption(line)) is not None]
    credits = {c.credit for c in captions}
    assert credits == {
        "AP Photo/Moises Castillo",
        "AP Photo/Yuki Iwamura",
        "AP Photo/Ronda Churchill, File",
    }
    castillo = {c.text for c in captions if c.credit == "AP Photo/Moises Castillo"}
    assert len(castillo) == 5  # five photos, each printed four times on the page
    assert all(c.text.endswith(f"({c.credit})") for c in captions)


def test_no_other_line_is_a_caption_or_credit() -> None:
    for path in (AGGREGATOR, DONATION):
        for line in _lines(path):
            if parse_caption(line) is None:
                assert "Photo/" not in line
            assert parse_credit_line(line) is None


def test_the_tanker_correction_is_the_only_correction() -> None:
    found = [line for line in _lines(AGGREGATOR) if is_correction(line)]
    assert len(found) == 1
    assert found[0].startswith("This story has been corrected to show")
    assert not any(is_correction(line) for line in _lines(DONATION))


def test_timestamp_line_and_date_header() -> None:
    stamps = [line for line in _lines(AGGREGATOR) if is_date_line(line)]
    assert [parse_date(s) for s in stamps] == ["2025-07-31"]
    assert parse_date(_lines(DONATION)[0][:100]) == "2025-07-31"


def test_no_bylines_and_english() -> None:
    for path in (AGGREGATOR, DONATION):
        assert all(parse_byline(line) is None for line in _lines(path))
        assert detect_lang(path.read_text(encoding="utf-8")) == "en"
