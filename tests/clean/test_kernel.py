"""The compiled kernel against plain-Python definitions of each count, on real pages."""

from __future__ import annotations

import re

import numpy as np
import pytest
from tests.conftest import shared_path

from copydesk.clean import kernel
from copydesk.clean.features import _GROUPS, _NEEDLES, STOPWORDS, stopword_set
from copydesk.clean.shape import CUE_GROUP
from copydesk.readers import read_inputs
from copydesk.records import Page

_WORD = re.compile(r"\w+")
_TITLE = re.compile(r"[A-ZÀ-ÖØ-Þ]")
_SPACE = "[ \t\n\r\f\v\u00a0\u2009\u202f]"
# . ! or ? before a space, or before a quote or bracket and a space; a line ends in a newline.
_SENTENCE_END = re.compile(rf"[.!?](?={_SPACE}|[\"”’)]{_SPACE})")


def _key(line: str) -> str:
    return re.sub(r"\d+", "0", " ".join(_WORD.findall(line)).lower())


def _letter(c: str) -> tuple[bool, bool]:
    """(capital, letter) as the kernel reads them."""
    o = ord(c)
    capital = 65 <= o <= 90 or (0xC0 <= o <= 0xDE and o != 0xD7)
    small = 97 <= o <= 122 or (0xDF <= o <= 0x24F and o != 0xF7)
    other = 0x250 <= o < 0x2000 or o >= 0x3040
    return capital, capital or small or other


def _plain(lines: list[str], j: int) -> dict[str, object]:
    line = lines[j]
    words = _WORD.findall(line)
    title = {w.lower() for w in _WORD.findall(lines[0])}
    stripped = line.strip()
    lower = line.lower()
    ends = len(_SENTENCE_END.findall(line + "\n"))
    return {
        "words": len(words),
        "title_words": sum(bool(_TITLE.match(w)) for w in words),
        "stops": sum(w.lower() in STOPWORDS for w in words),
        "title_hits": sum(w.lower() in title for w in words),
        "upper": sum(_letter(c)[0] for c in line),
        "letters": sum(_letter(c)[1] for c in line),
        "digits": sum(c in "0123456789" for c in line),
        "any_digits": len(re.findall(r"\d", line)),
        "clauses": sum(c in ",;" for c in line),
        "sentences": ends,
        "first": ord(stripped[0]) if stripped else -1,
        "last": ord(stripped[-1]) if stripped else -1,
        "first_upper": bool(stripped) and stripped[0].isupper(),
        "needles": sum(
            1 << g for g, group in enumerate(_GROUPS) if any(s in lower for s in group)
        ),
    }


_COLUMNS = {
    "words": kernel.WORDS, "title_words": kernel.TITLE_WORDS, "stops": kernel.STOPS,
    "title_hits": kernel.TITLE_HITS, "upper": kernel.UPPER, "letters": kernel.LETTERS,
    "digits": kernel.DIGITS, "any_digits": kernel.ANY_DIGITS, "clauses": kernel.CLAUSES,
    "sentences": kernel.SENTENCES, "first": kernel.FIRST, "last": kernel.LAST,
    "first_upper": kernel.FIRST_UPPER, "needles": kernel.NEEDLES,
}


def _pages(demo_pages: list[Page], seed_pages: list[Page]) -> list[Page]:
    wire = shared_path("bench", "wire-dev", "pages.jsonl.gz")
    bench = [p for p in read_inputs([str(wire)]) if isinstance(p, Page)]
    return [*demo_pages, *seed_pages, *bench[::20]]


@pytest.fixture(scope="module")
def page_lines(demo_pages: list[Page], seed_pages: list[Page]) -> list[list[str]]:
    pages = _pages(demo_pages, seed_pages)
    lines = [[t for t in p.text.split("\n") if t.strip()] for p in pages]
    lines.append(["Ωμέγα ΣΟΦΊΑ — 東京 2025年", "Ärger über Straßen: „Nein“, sagte er.", "İzmir."])
    return [group for group in lines if group]


def test_counts_equal_their_plain_definitions(page_lines: list[list[str]]) -> None:
    for lines in page_lines:
        counts, _ = kernel.line_counts(lines, stopword_set(), _NEEDLES)
        for j in range(len(lines)):
            got = {name: int(counts[j, col]) for name, col in _COLUMNS.items()}
            got["first_upper"] = bool(got["first_upper"])
            assert got == _plain(lines, j), lines[j]


def test_keys_are_equal_exactly_when_the_words_are(page_lines: list[list[str]]) -> None:
    by_key: dict[str, int] = {}
    by_hash: dict[int, str] = {}
    for lines in page_lines:
        _, hashes = kernel.line_counts(lines)
        for line, h in zip(lines, hashes.tolist(), strict=True):
            key = _key(line)
            assert (h == 0) == (key == "")
            assert by_key.setdefault(key, h) == h
            assert by_hash.setdefault(h, key) == key
    assert _key("© 2025 Pinecrest Post") == _key("© 2026 Pinecrest Post")
    assert len(by_key) > 5000


def test_cues_are_counted_and_opening_words_hashed() -> None:
    counts, _ = kernel.line_counts(
        ["Your support matters: donate now.", "Share this story", "  «Share»"], found=_NEEDLES
    )
    assert counts[:, kernel.CUES].tolist() == [3, 0, 0]
    assert CUE_GROUP == 2
    share = kernel.word_hashes(["share"]).view("int64")[0]
    assert counts[:, kernel.FIRST_WORD].tolist() == [counts[0, kernel.FIRST_WORD], share, 0]


def test_repeats_count_each_pages_keys(page_lines: list[list[str]]) -> None:
    for lines in page_lines:
        copies, repeat = kernel.repeats(kernel.line_counts(lines)[1])
        keys = [_key(t) for t in lines]
        assert copies.tolist() == [keys.count(k) for k in keys]
        assert repeat.tolist() == [k in keys[:j] for j, k in enumerate(keys)]


def test_letters_and_digits_are_the_patterns() -> None:
    codes = np.array([-1, *range(0x3100), 0x1D7CE, 0x20000, 0x1F600])
    text = [chr(c) if c >= 0 and not 0xD800 <= c < 0xE000 else "" for c in codes.tolist()]
    assert kernel.is_letter(codes).tolist() == [bool(re.fullmatch(r"[^\W\d_]", t)) for t in text]
    assert kernel.is_digit(codes).tolist() == [bool(re.fullmatch(r"\d", t)) for t in text]
