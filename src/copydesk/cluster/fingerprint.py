"""The per-story work of clustering: a pure function of one story.

A story is compared by the set of its normalised word shingles: five consecutive words,
case-folded, punctuation and typography dropped (straight or curly quotes, `--` or `—` are the
same text). MinHash band keys of the whole text and of its lede (from 64-bit shingle hashes)
make the LSH candidates; the shingles are kept as sorted unique 32-bit hashes for the exact
containment check (two of a copy's 2,000 shingles collide by chance with probability 1e-6:
half the spool and memory of 64 bits, the same answers).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain

import numpy as np
import rensa

from copydesk.annotate.dateline import parse_dateline
from copydesk.cluster.minhash import band_keys, signatures
from copydesk.records import Story

# Five words: long enough that two different stories rarely share one by chance (common
# phrases are shorter), short enough that a trimmed sentence or a changed word costs a copy
# only the few shingles around the change.
SHINGLE_WORDS = 5
# The whole text: 42 bands of 3 rows (see minhash.py).
TEXT_PERM = 126
# The lede, the first 50 words: a truncated copy keeps it whole even when it keeps a small
# part of the text (its Jaccard to the full copy is then too low for the text bands), so its
# lede and the full copy's collide in all 10 bands.
LEDE_WORDS = 50
LEDE_PERM = 30
_WORD = re.compile(r"\w+")
# Typography common in news text that is no word character, stays none under NFKC and
# composes with nothing (quotes, dashes, the ellipsis, the no-break space): read as a space it
# splits the words as before, and a paragraph whose only non-ASCII characters these are (96%
# of the wire-dev run's) takes the ASCII path of `words`. str.replace, one mark at a time, is
# several times faster than str.translate on non-ASCII text.
_TYPOGRAPHY = "\u2018\u2019\u201c\u201d\u2013\u2014\u2026\xa0"
# Each ASCII byte as `words` reads it: a word character (\w: a letter, digit or underscore)
# lower-cased, anything else a space.
_ASCII_WORDS = bytes(
    ord(chr(b).lower()) if chr(b).isalnum() or chr(b) == "_" else ord(" ") for b in range(256)
)
# Odd 64-bit multipliers: a shingle's hash is a weighted sum of its words' hashes, so word
# order counts; the xor-shift then spreads the high bits into the low ones.
_MIX = np.array(
    [0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93,
     0xFF51AFD7ED558CCD],
    dtype=np.uint64,
)


def words(text: str) -> list[str]:
    """The words of a text as clustering compares them."""
    if not text.isascii():
        plain = text
        for mark in _TYPOGRAPHY:
            plain = plain.replace(mark, " ")
        if not plain.isascii():
            return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())
        text = plain
    # ASCII text (most paragraphs, once their typography is spaces): the words of \w+ on the
    # lower-cased text, from three byte-level passes and a split, twice as fast as the regex.
    return text.encode("ascii").translate(_ASCII_WORDS).decode("ascii").split()


def paragraphs(body: str) -> list[str]:
    return [p for p in body.split("\n\n") if p.strip()]


def paragraph_words(body: str) -> list[list[str]]:
    """The words of each paragraph, the first one without its dateline: a copy that drops
    "PORTVILLE, Maine (AP) —" still has the same paragraph, and two briefs from one place
    share nothing by their dateline."""
    paras = paragraphs(body)
    if paras:
        paras[0] = paras[0][parse_dateline(paras[0])[1] :]
    return [words(p) for p in paras]


def _hashed(token_lists: list[list[str]]) -> tuple[np.ndarray, np.ndarray]:
    """The hashes of all the lists' words in order, and each list's length. rensa hashes
    strings with a fixed seed: the same word gives the same hash in every process, which the
    worker processes rely on."""
    hashed = rensa.RMinHash.hash_token_sets(token_lists)
    lengths = np.fromiter(map(len, hashed), dtype=np.int64, count=len(hashed))
    flat = np.fromiter(chain.from_iterable(hashed), dtype=np.uint64, count=int(lengths.sum()))
    return flat, lengths


def _weights(n: int) -> np.ndarray:
    """Powers of an odd constant mod 2^64: the weight of a word by its place in a list."""
    global _POWERS
    if len(_POWERS) < n:
        _POWERS = np.cumprod(np.full(max(n, 2 * len(_POWERS)), _MIX[0], dtype=np.uint64))
    return _POWERS[:n]


_POWERS = np.empty(0, dtype=np.uint64)


def list_keys(flat: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """One 64-bit key per word list (a paragraph): equal keys, the same words in the same
    order. The weighted sum of the word hashes, all lists at once."""
    keys = np.zeros(len(lengths), dtype=np.uint64)
    full = lengths > 0
    if full.any():
        starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
        place = np.arange(len(flat)) - np.repeat(starts, lengths)
        keys[full] = np.add.reduceat(flat * _weights(int(lengths.max()))[place], starts[full])
    keys ^= keys >> np.uint64(29)
    return keys


def shingle_run(h: np.ndarray) -> np.ndarray:
    """The hashes of the word shingles in text order, from the words' hashes (fewer words
    than a shingle make one shingle; no words, none)."""
    if not len(h):
        return h
    n = max(1, len(h) - SHINGLE_WORDS + 1)
    acc = h[:n] * _MIX[0]
    for j in range(1, min(SHINGLE_WORDS, len(h))):
        acc += h[j : j + n] * _MIX[j]
    acc ^= acc >> np.uint64(29)
    return acc


def _unique(run: np.ndarray) -> np.ndarray:
    """Sorted unique values (np.unique is several times slower on short uint64 arrays)."""
    s = np.sort(run)
    return s[np.concatenate(([True], s[1:] != s[:-1]))] if len(s) else s


def _high_half(hashes: np.ndarray) -> np.ndarray:
    """The sorted unique top 32 bits of sorted 64-bit hashes (sorted already)."""
    top = (hashes >> np.uint64(32)).astype(np.uint32)
    return top[np.concatenate(([True], top[1:] != top[:-1]))] if len(top) else top


def day_number(date: str | None) -> int:
    """An ISO date as a sortable number (20250731), 0 when unknown."""
    digits = "".join(c for c in (date or "")[:10] if c.isdigit())
    return int(digits) if len(digits) == 8 else 0


@dataclass(frozen=True, slots=True)
class Profile:
    """What the corpus-wide pass keeps in memory of one story besides its band keys."""

    story_id: str
    source: str | None
    day: int  # day_number of the story's date
    size: int  # distinct shingles: how complete the copy is
    paragraph_keys: bytes  # the paragraphs' 64-bit keys in order, packed: 8 bytes each

    @property
    def paragraphs(self) -> tuple[int, ...]:
        return tuple(np.frombuffer(self.paragraph_keys, dtype=np.uint64).tolist())
    corrections: frozenset[int]  # keys of the correction lines it carries
    dateline: bool  # prints its dateline (some outlets drop it)


@dataclass(frozen=True, slots=True)
class Fingerprint:
    profile: Profile
    bands: np.ndarray  # uint64 LSH keys: the text's bands, then the lede's
    shingles: np.ndarray  # sorted unique uint32, for the exact check


def fingerprint(story: Story) -> tuple[Profile, np.ndarray, np.ndarray]:
    """Profile, text shingles (sorted unique) and lede shingles of one story."""
    flat, lengths = _hashed(paragraph_words(story.body))
    run = shingle_run(flat)
    text = _unique(run)
    lede = _unique(run[: max(1, LEDE_WORDS - SHINGLE_WORDS + 1)])
    prof = Profile(
        story_id=story.story_id,
        source=story.source,
        day=day_number(story.date),
        size=len(text),
        paragraph_keys=list_keys(flat, lengths).tobytes(),
        corrections=frozenset(
            list_keys(*_hashed([words(c) for c in story.corrections])).tolist()
            if story.corrections
            else ()
        ),
        dateline=story.dateline is not None,
    )
    return prof, text, lede


def fingerprints(stories: Sequence[Story]) -> list[Fingerprint]:
    """The fingerprints of some stories (a page's, say): a pure map over them, with the
    MinHash signatures computed in one call for all of them."""
    if not stories:  # a page without a story
        return []
    parts = [fingerprint(s) for s in stories]
    # One rensa call for the texts and the ledes: the first LEDE_PERM of a lede's TEXT_PERM
    # minima are a LEDE_PERM signature (the permutations are independent).
    sigs = signatures([p[1] for p in parts] + [p[2] for p in parts], TEXT_PERM)
    n = len(parts)
    # Both in one band_keys call (bands are runs of ROWS columns; TEXT_PERM and LEDE_PERM are
    # multiples of ROWS).
    keys = band_keys(np.hstack((sigs[:n], sigs[n:, :LEDE_PERM])))
    return [Fingerprint(p[0], k, _high_half(p[1])) for p, k in zip(parts, keys, strict=True)]
