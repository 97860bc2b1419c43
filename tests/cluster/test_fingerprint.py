"""The per-story fingerprint: what counts as the same text."""

import re
import unicodedata

import numpy as np
import pytest
from tests.cluster.invented import paragraph, story

from copydesk.cluster.fingerprint import (
    LEDE_PERM,
    TEXT_PERM,
    day_number,
    fingerprints,
    words,
)
from copydesk.cluster.minhash import ROWS


def shingles(text: str) -> np.ndarray:
    return fingerprints([story("s", [text])])[0].shingles


def test_typography_and_case_do_not_change_the_shingles() -> None:
    curly = "The mayor said “we will rebuild” — and the crowd cheered, ‘loudly’."
    straight = 'THE MAYOR SAID "we will rebuild" -- and the crowd cheered, \'loudly\'.'
    assert np.array_equal(shingles(curly), shingles(straight))


@pytest.mark.parametrize(
    "text",
    [
        "Plain ASCII: snake_case, 3.5% of $12,000 -- (AP) & co.\tTabs\r\nlines",
        "The mayor said \u201cwe\u2019ll rebuild\u201d \u2014 cheered\u2026",
        "10\xa0km \u2013 \u2018ok\u2019",
        "Caf\u00e9 \u00dcBER Stra\u00dfe \ufb01ne \u2460 \u00bd \u0130stanbul \u2019quoted\u2019",
        "\u041c\u043e\u0441\u043a\u0432\u0430 \u2014 \u0421\u041c\u0418",
        "",
    ],
)
def test_words_are_the_regex_words_of_the_normalised_text(text: str) -> None:
    # The ASCII path of `words` must give what the definition gives.
    assert words(text) == re.findall(r"\w+", unicodedata.normalize("NFKC", text).casefold())


def test_word_order_changes_the_shingles() -> None:
    a = shingles("the council voted to close the old pier on monday")
    b = shingles("on monday the council voted to close the old pier")
    assert len(np.intersect1d(a, b)) < len(a)


def test_a_dropped_dateline_leaves_the_paragraphs_the_same() -> None:
    text = [paragraph("lede"), paragraph("second")]
    with_dateline = story("a", ["PORTVILLE, Maine (AP) — " + text[0], text[1]])
    without = story("b", text)
    fa, fb = fingerprints([with_dateline, without])
    assert fa.profile.paragraphs == fb.profile.paragraphs
    assert np.array_equal(fa.shingles, fb.shingles)


def test_fingerprints_are_a_function_of_the_story_alone() -> None:
    a = story("a", [paragraph("x"), paragraph("y")])
    b = story("b", [paragraph("z")])
    together = fingerprints([a, b])
    alone = fingerprints([a]) + fingerprints([b])
    for one, two in zip(together, alone, strict=True):
        assert one.profile == two.profile
        assert np.array_equal(one.bands, two.bands)
        assert np.array_equal(one.shingles, two.shingles)
    assert together[0].bands.shape == ((TEXT_PERM + LEDE_PERM) // ROWS,)


def test_an_empty_body_has_no_shingles() -> None:
    (fp,) = fingerprints([story("e", [])])
    assert fp.profile.size == 0 and not len(fp.shingles)


def test_a_page_without_stories_has_no_fingerprints() -> None:
    assert fingerprints([]) == []


def test_day_number() -> None:
    assert day_number("2025-07-31") == 20250731
    assert day_number("2025-07-31T10:00:00Z") == 20250731
    assert day_number(None) == 0 and day_number("July") == 0
