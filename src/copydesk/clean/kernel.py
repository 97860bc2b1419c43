"""The per-line counts of a page in one compiled pass over its code points.

The cleaner's features are mostly counts over each line's characters and words (words,
capitals, stopwords, sentence ends, which needles it holds) and the line's key. Counted in
Python these cost a call per word and a string search per needle; here one numba-compiled loop
reads the page once (numba, because the loop is plain arithmetic over an array and a library
for it would be numpy's many passes, which is what this replaces).

Definitions, per line:
- a word is a run of word characters (words.py);
- words are compared lower-cased character by character (str.lower of each character of the
  Basic Multilingual Plane that lowers to one character; others as they are) and hashed with
  64-bit FNV-1a over their code points;
- the line's key (outlet.py, in-page repeats) is its words lower-cased, digit runs (`\\d+`)
  read as "0", joined by spaces, hashed the same way; 0 for a line without words;
- a needle is found in the line lower-cased the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

import numba as nb
import numpy as np

from copydesk.words import word_characters

_WORD, _DIGIT, _SPACE, _UPPER_CASE = 1, 2, 4, 8
_FNV_OFFSET = np.uint64(0xCBF29CE484222325)
_FNV_PRIME = np.uint64(0x100000001B3)

# Columns of the counts the kernel returns, one row per line.
WORDS = 0
TITLE_WORDS = 1  # words opening with a capital of [A-ZÀ-ÖØ-Þ]
STOPS = 2  # words in the stopword set
TITLE_HITS = 3  # words that are also words of the first line
UPPER = 4  # capitals of [A-ZÀ-ÖØ-Þ]
LETTERS = 5  # those, lower-case Latin, and other scripts' letters, roughly
DIGITS = 6  # 0-9
ANY_DIGITS = 7  # `\d`: decimal digits of any script
CLAUSES = 8  # , and ;
SENTENCES = 9  # . ! or ? then perhaps a quote or bracket, then a space or the line's end
FIRST = 10  # the first character that is not white space (str.isspace), -1 for none
LAST = 11  # the last such character
FIRST_UPPER = 12  # that first character is upper-case (str.isupper)
NEEDLES = 13  # bit g set when the line holds a needle of group g
CUES = 14  # occurrences of needles of the counted group (overlapping ones too)
FIRST_WORD = 15  # the first word's hash, when the line opens with it, as int64; else 0
COLUMNS = 16


@cache
def _tables() -> tuple[np.ndarray, np.ndarray]:
    """The kind of every code point (word, digit, space, upper-case bits) and the lower case
    of each of the Basic Multilingual Plane's. Built once a process."""
    every = np.arange(0x110000, dtype=np.uint32)
    every[0xD800:0xE000] = 0  # lone surrogates cannot be decoded; they are no kind at all
    text = every.tobytes().decode("utf-32-le")

    kind = np.zeros(0x110000, dtype=np.uint8)
    kind[word_characters()] |= _WORD
    # Decimal digits (\d) found by runs, as words are: a few hundred matches.
    for run in re.finditer(r"\d+", text):
        kind[run.start():run.end()] |= _DIGIT
    bmp = text[:0x10000]
    kind[:0x10000] |= np.fromiter(map(str.isspace, bmp), bool, 0x10000) * np.uint8(_SPACE)
    kind[:0x10000] |= np.fromiter(map(str.isupper, bmp), bool, 0x10000) * np.uint8(_UPPER_CASE)
    kind[0xD800:0xE000] = 0
    lowered = [c.lower() for c in bmp]
    lower = np.array(
        [ord(s) if len(s) == 1 else i for i, s in enumerate(lowered)], dtype=np.uint32
    )
    return kind, lower


@dataclass(frozen=True)
class Needles:
    """Groups of strings to look for in lines, lower-cased: group g sets bit g of NEEDLES;
    the occurrences of group `counted` are counted in CUES."""

    firsts: np.ndarray  # first code point of each needle, sorted
    head: np.ndarray  # for each code point below 0x10000, its first needle's index, else -1
    # Whether a needle may open at a character, by the needle's first characters: most letters
    # open some needle, few triples of them do, so most are passed over on a lookup or two.
    single: np.ndarray  # for each code point below 0x10000, whether it is a needle
    pairs: np.ndarray  # for the low bytes of two code points, whether they are a needle
    triples: np.ndarray  # for the low 5 bits of three, whether a longer needle opens so
    offsets: np.ndarray  # where each needle's code points start in `flat` (one past the end)
    flat: np.ndarray
    groups: np.ndarray  # bits of the groups each needle belongs to
    counted: int  # the bit of the counted group (0: none)


def needles(groups: Sequence[Iterable[str]], counted: int | None = None) -> Needles:
    bits: dict[str, int] = {}
    for g, group in enumerate(groups):
        for s in group:
            bits[s] = bits.get(s, 0) | 1 << g
    order = sorted(bits, key=lambda s: (ord(s[0]), s))
    codes = [np.frombuffer(s.encode("utf-32-le"), dtype=np.uint32) for s in order]
    lengths = np.array([len(c) for c in codes], dtype=np.int64)
    firsts = np.array([c[0] for c in codes], dtype=np.uint32)
    if (firsts >= 0x10000).any():
        raise ValueError("needles must open with a character of the Basic Multilingual Plane")
    head = np.full(0x10000, -1, dtype=np.int64)
    head[firsts[::-1]] = np.arange(len(firsts))[::-1]  # the first index of each wins
    single = np.zeros(0x10000, dtype=np.bool_)
    pairs = np.zeros(0x10000, dtype=np.bool_)
    triples = np.zeros(0x8000, dtype=np.bool_)
    for c in codes:
        if len(c) == 1:
            single[c[0]] = True
        elif len(c) == 2:
            pairs[(c[0] & 0xFF) << 8 | (c[1] & 0xFF)] = True
        else:
            triples[(c[0] & 31) << 10 | (c[1] & 31) << 5 | (c[2] & 31)] = True
    return Needles(
        firsts,
        head,
        single,
        pairs,
        triples,
        np.concatenate(([0], np.cumsum(lengths))).astype(np.int64),
        np.concatenate(codes) if codes else np.zeros(0, np.uint32),
        np.array([bits[s] for s in order], dtype=np.int64),
        0 if counted is None else 1 << counted,
    )


NO_NEEDLES = needles([])
NO_WORDS = np.zeros(4, dtype=np.uint64)  # an empty hash_set


def encode(lines: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """The lines (none holding a newline) as one array of code points, joined by newlines, and
    where each starts. (surrogatepass: a JSON input can carry a lone surrogate.)"""
    cp = np.frombuffer("\n".join(lines).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    lengths = np.fromiter(map(len, lines), np.int64, len(lines))
    starts = np.zeros(len(lines) + 1, dtype=np.int64)
    np.cumsum(lengths + 1, out=starts[1:])
    return cp, starts


def line_counts(
    lines: Sequence[str], stops: np.ndarray = NO_WORDS, found: Needles = NO_NEEDLES
) -> tuple[np.ndarray, np.ndarray]:
    """(counts: one row of the columns above per line, keys: each line's key hash); `stops`
    is the word_set of the stopwords."""
    kind, lower = _tables()
    cp, starts = encode(lines)
    return _scan(
        cp, starts, kind, lower, stops,
        found.firsts, found.head, found.single, found.pairs, found.triples,
        found.offsets, found.flat, found.groups, found.counted,
    )


def char_set(chars: str) -> np.ndarray:
    """A table for is_in: the characters, all of the Basic Multilingual Plane."""
    table = np.zeros(0x10002, dtype=np.bool_)
    table[[ord(c) + 1 for c in chars]] = True
    return table


def is_in(table: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """Whether each code point (FIRST or LAST: -1 for none) is in the char_set."""
    return table[np.minimum(codes + 1, 0x10001)]


def is_digit(codes: np.ndarray) -> np.ndarray:
    """Whether each code point (-1 for none) is a digit (`\\d`)."""
    kind, _ = _tables()
    return (codes >= 0) & (kind[codes] & _DIGIT > 0)


def is_letter(codes: np.ndarray) -> np.ndarray:
    """Whether each code point (-1 for none) is a letter (`[^\\W\\d_]`)."""
    kind, _ = _tables()
    k = kind[codes]
    return (codes >= 0) & (k & _WORD > 0) & (k & _DIGIT == 0) & (codes != ord("_"))


def among(sorted_values: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Whether each value is in the sorted array (np.isin, without its sorting)."""
    j = np.searchsorted(sorted_values, values).clip(max=len(sorted_values) - 1)
    return sorted_values[j] == values


def word_hashes(words: Iterable[str]) -> np.ndarray:
    """The hash of each word, sorted."""
    _, keys = line_counts(list(words))
    return np.unique(keys)


def word_set(words: Iterable[str]) -> np.ndarray:
    """The words as a hash set for line_counts' stopwords."""
    return hash_set(word_hashes(words))


# Hash sets of word hashes: open addressing in a power-of-two table, 0 for an empty slot (a
# word's hash is 0 once in 2**64 words, and such a word is then in no set). A lookup is one or
# two probes, where a binary search of the sorted hashes took a dozen.
@nb.njit(cache=True, nogil=True)
def hash_set(values: np.ndarray) -> np.ndarray:
    size = 4
    while size < 2 * len(values):
        size *= 2
    table = np.zeros(size, dtype=np.uint64)
    for v in values:
        slot = v & np.uint64(size - 1)
        while table[slot] != 0 and table[slot] != v:
            slot = (slot + np.uint64(1)) & np.uint64(size - 1)
        table[slot] = v
    return table


@nb.njit(cache=True, nogil=True)
def repeats(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each line's key: how many lines of the page have it, and whether one came before."""
    size = 4
    while size < 2 * len(keys):
        size *= 2
    mask = np.uint64(size - 1)
    slots = np.zeros(size, dtype=np.uint64)
    used = np.zeros(size, dtype=np.bool_)
    count = np.zeros(size, dtype=np.int64)
    where = np.empty(len(keys), dtype=np.int64)
    repeat = np.zeros(len(keys), dtype=np.bool_)
    for r in range(len(keys)):
        slot = keys[r] & mask
        while used[slot] and slots[slot] != keys[r]:
            slot = (slot + np.uint64(1)) & mask
        used[slot] = True
        slots[slot] = keys[r]
        repeat[r] = count[slot] > 0
        count[slot] += 1
        where[r] = slot
    return count[where], repeat


@nb.njit(cache=True, nogil=True, inline="always")
def _has(table: np.ndarray, v: np.uint64) -> bool:
    mask = np.uint64(len(table) - 1)
    slot = v & mask
    while table[slot] != 0:
        if table[slot] == v:
            return True
        slot = (slot + np.uint64(1)) & mask
    return False


@nb.njit(cache=True, nogil=True)
def _scan(
    cp, starts, kind, lower, stops, firsts, head, single, pairs, triples, offsets, flat, groups,
    counted,
):
    m = len(starts) - 1
    n = len(cp)
    out = np.zeros((m, COLUMNS), dtype=np.int64)
    keys = np.zeros(m, dtype=np.uint64)
    word_row = np.empty(n // 2 + 1, dtype=np.int64)
    word_hash = np.empty(n // 2 + 1, dtype=np.uint64)
    nw = 0
    for r in range(m):
        s, e = starts[r], starts[r + 1] - 1
        # Local counters (numba keeps them in registers; row writes would go to memory).
        words = title_words = upper = letters = digits = any_digits = clauses = sentences = 0
        first = last = -1
        first_upper = False
        found = cues = 0
        key = h = _FNV_OFFSET
        keyed = in_word = after_digit = False
        for i in range(s, e):
            c = cp[i]
            k = kind[c]
            lc = lower[c] if c < 0x10000 else c
            if not k & _SPACE:
                if first < 0:
                    first = c
                    first_upper = (k & _UPPER_CASE) != 0
                last = c
            # Characters.
            capital = (65 <= c <= 90) or (0xC0 <= c <= 0xDE and c != 0xD7)
            if capital:
                upper += 1
                letters += 1
            elif (
                (97 <= c <= 122)
                or (0xDF <= c <= 0x24F and c != 0xF7)
                or (0x250 <= c < 0x2000)  # other scripts' letters, roughly: beyond Latin,
                or c >= 0x3040  # below the punctuation and symbol blocks
            ):
                letters += 1
            elif 48 <= c <= 57:
                digits += 1
            elif c == 44 or c == 59:
                clauses += 1
            elif c == 46 or c == 33 or c == 63:
                nxt = cp[i + 1] if i + 1 < n else 10
                after = cp[i + 2] if i + 2 < n else 10
                if _spacing(nxt) or (_closing(nxt) and _spacing(after)):
                    sentences += 1
            # Words and the key.
            if k & _WORD:
                if not in_word:
                    in_word = True
                    h = _FNV_OFFSET
                    words += 1
                    if capital:
                        title_words += 1
                    if keyed:
                        key = (key ^ np.uint64(32)) * _FNV_PRIME
                    keyed = True
                h = (h ^ np.uint64(lc)) * _FNV_PRIME
                if k & _DIGIT:
                    any_digits += 1
                    if not after_digit:
                        key = (key ^ np.uint64(48)) * _FNV_PRIME
                    after_digit = True
                else:
                    key = (key ^ np.uint64(lc)) * _FNV_PRIME
                    after_digit = False
            elif in_word:
                in_word = False
                after_digit = False
                word_row[nw] = r
                word_hash[nw] = h
                nw += 1
            # Needles.
            j = head[lc] if lc < 0x10000 else -1
            if j >= 0 and not single[lc]:
                d = cp[i + 1] if i + 1 < e else 0
                l1 = lower[d] if d < 0x10000 else d
                if not pairs[(lc & 0xFF) << 8 | (l1 & 0xFF)]:
                    d = cp[i + 2] if i + 2 < e else 0
                    l2 = lower[d] if d < 0x10000 else d
                    if not triples[(lc & 31) << 10 | (l1 & 31) << 5 | (l2 & 31)]:
                        j = -1
            if j >= 0:
                while j < len(firsts) and firsts[j] == lc:
                    a, b = offsets[j], offsets[j + 1]
                    if i + b - a <= e:
                        hit = True
                        for t in range(1, b - a):
                            d = cp[i + t]
                            if (lower[d] if d < 0x10000 else d) != flat[a + t]:
                                hit = False
                                break
                        if hit:
                            found |= groups[j]
                            if groups[j] & counted:
                                cues += 1
                    j += 1
        if in_word:
            word_row[nw] = r
            word_hash[nw] = h
            nw += 1
        if keyed:
            keys[r] = key
        row = out[r]
        row[WORDS] = words
        row[TITLE_WORDS] = title_words
        row[UPPER] = upper
        row[LETTERS] = letters
        row[DIGITS] = digits
        row[ANY_DIGITS] = any_digits
        row[CLAUSES] = clauses
        row[SENTENCES] = sentences
        row[FIRST] = first
        row[LAST] = last
        row[FIRST_UPPER] = first_upper
        row[NEEDLES] = found
        row[CUES] = cues
    # Per word: stopwords, the first line's words, the line's opening word.
    title = hash_set(word_hash[: out[0, WORDS]] if m else word_hash[:0])
    last_row = -1
    for w in range(nw):
        r = word_row[w]
        h = word_hash[w]
        if _has(stops, h):
            out[r, STOPS] += 1
        if _has(title, h):
            out[r, TITLE_HITS] += 1
        if r != last_row:
            last_row = r
            if out[r, FIRST] >= 0 and kind[out[r, FIRST]] & _WORD:
                out[r, FIRST_WORD] = np.int64(h)
    return out, keys


@nb.njit(cache=True, nogil=True, inline="always")
def _spacing(c) -> bool:
    return c == 32 or 9 <= c <= 13 or c == 0xA0 or c == 0x2009 or c == 0x202F


@nb.njit(cache=True, nogil=True, inline="always")
def _closing(c) -> bool:
    return c == 34 or c == 0x201D or c == 0x2019 or c == 41
