"""What a word is, for every stage: a run of word characters as Python's `\\w` reads them in a
str, a letter or digit of any script (str.isalnum) or the underscore. The compiled kernels,
which read code points, take their word characters from `word_characters`."""

from __future__ import annotations

import re
from functools import cache

import numpy as np

WORD = re.compile(r"\w+")


@cache
def word_characters() -> np.ndarray:
    """Whether each code point (0 to 0x10FFFF) is a word character: 1.1 MB, built once a
    process. Found by runs of WORD over all code points: a few hundred matches, where a test
    of each character would be a million calls."""
    every = np.arange(0x110000, dtype=np.uint32)
    every[0xD800:0xE000] = 0  # lone surrogates: no text can hold them, and no word
    found = np.zeros(0x110000, dtype=np.bool_)
    for run in WORD.finditer(every.tobytes().decode("utf-32-le")):
        found[run.start():run.end()] = True
    return found
