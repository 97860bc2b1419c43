"""One definition of a word for every stage, and the kernels' table of it."""

from __future__ import annotations

import numpy as np

from copydesk.cluster.text import words
from copydesk.words import WORD, word_characters


def test_the_table_holds_what_the_pattern_reads_as_words() -> None:
    table = word_characters()
    assert table.shape == (0x110000,)
    # Every code point a str can hold, tested one by one as `\w` reads it.
    every = [c for c in range(0x110000) if not 0xD800 <= c < 0xE000]
    expected = np.zeros(0x110000, dtype=np.bool_)
    expected[every] = [chr(c).isalnum() or c == 0x5F for c in every]
    assert (table == expected).all()


def test_a_word_is_letters_or_digits_of_any_script() -> None:
    line = "Ürümqi's 2026 café_bar — Αθήνα, 東京 (٣٤) ok!"
    assert WORD.findall(line) == ["Ürümqi", "s", "2026", "café_bar", "Αθήνα", "東京", "٣٤", "ok"]
    # Clustering reads the same words, case-folded.
    assert words(line) == [w.casefold() for w in WORD.findall(line)]
