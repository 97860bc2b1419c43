"""The per-story fingerprint: what counts as the same text."""

import re
import unicodedata

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.cluster.invented import paragraph, story

from copydesk.cluster.fingerprint import (
    day_number,
    encode,
    fingerprints,
    layout,
    near_keys,
    story_paragraphs,
)
from copydesk.cluster.kernel import (
    near_containment,
    near_set,
    story_near,
    story_print,
    word_hashes,
)
from copydesk.cluster.params import BANDS
from copydesk.cluster.text import words


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


def plain_word_hash(word: str) -> int:
    """The kernel's word hash by its definition: FNV-1a over the UTF-8 bytes, then
    MurmurHash3's finaliser."""
    h = 0xCBF29CE484222325
    for byte in word.encode("utf-8"):
        h = (h ^ byte) * 0x100000001B3 % 2**64
    for m in (0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53):
        h = (h ^ h >> 33) * m % 2**64
    return h ^ h >> 33


# News text's own characters (and the NUL that encode parts texts with), and any others.
_CHARS = st.one_of(
    st.sampled_from("aZ09_ .,-'\"\n\t\0\u2019\u201c\u2014\u2026\xa0\xe9\u0130\ufb01"),
    st.characters(),
)


@given(st.lists(st.text(_CHARS, max_size=40), max_size=4))
def test_the_kernel_reads_the_words_of_the_plain_definition(texts: list[str]) -> None:
    hashes, counts, _ = word_hashes(*encode(texts))
    assert counts.tolist() == [len(words(t)) for t in texts]
    assert hashes.tolist() == [plain_word_hash(w) for t in texts for w in words(t)]


_BODIES = st.lists(
    st.one_of(
        st.text(_CHARS, max_size=30),
        st.sampled_from([
            "", " \t", "\n", "\xa0", "\u2013", "\u201c \u2026\u201d",
            "PORTVILLE, Maine (AP) \u2014 The", "A\x01b",
        ]),
    ),
    max_size=6,
).map("\n\n".join)


# No deadline: on a fresh checkout the first example compiles the kernels (seconds).
@settings(deadline=None)
@given(_BODIES)
def test_a_body_read_whole_gives_what_its_paragraphs_give(body: str) -> None:
    for kernel_call in (story_print, story_near):
        whole = kernel_call(*layout(body))
        by_paragraph = kernel_call(*encode(story_paragraphs(body)))
        for one, two in zip(whole, by_paragraph, strict=True):
            assert np.array_equal(one, two)


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
    assert together[0].bands.shape == (BANDS,)


def test_an_empty_body_has_no_shingles() -> None:
    (fp,) = fingerprints([story("e", [])])
    assert fp.profile.size == 0 and not len(fp.shingles)


def test_a_page_without_stories_has_no_fingerprints() -> None:
    assert fingerprints([]) == []


def test_day_number() -> None:
    assert day_number("2025-07-31") == 20250731
    assert day_number("2025-07-31T10:00:00Z") == 20250731
    assert day_number(None) == 0 and day_number("July") == 0


def near_share(copy: str, centre: str) -> float:
    mine, theirs = (near_keys(story(name, [text]).body) for name, text in
                    (("copy", copy), ("centre", centre)))
    return near_containment(mine, near_set(theirs))


@pytest.mark.parametrize(
    ("copy", "found"),
    [
        ("the harbor master signed 1200 orders", 1.0),
        ("the harbar master signed 1200 orders", 1.0),  # a letter misread
        ("the harbor master signed 1200 ordors", 1.0),  # in one shingle of the two
        ("the harbor mastor signed 1200 ordors", 0.5),  # two words of one shingle
        ("the port master signed 1200 orders", 0.0),  # another word
        ("the harbor master signed 1300 orders", 0.0),  # another figure
        ("tho harbor master signed 1200 orders", 0.5),  # a short word must match whole
    ],
)
def test_a_shingle_is_found_but_for_a_letter_or_so_of_one_word(copy: str, found: float) -> None:
    assert near_share(copy, "the harbor master signed 1200 orders") == found


def test_a_text_shorter_than_a_shingle_must_match_whole() -> None:
    assert near_share("harbor master", "harbor master") == 1.0
    assert near_share("harbar master", "harbor master") == 0.0
