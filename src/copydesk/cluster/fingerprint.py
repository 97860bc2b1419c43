"""The per-story work of clustering: a pure function of one story.

A story is compared by the set of its normalised word shingles: five consecutive words,
case-folded, punctuation and typography dropped (straight or curly quotes, `--` or `—` are the
same text). MinHash band keys of the whole text and of its lede make the LSH candidates, from
the shingles as sorted unique 32-bit hashes (two of a copy's 2,000 shingles collide by chance
with probability 1e-6). The containment check looks each shingle up by its near keys, which
find it in another text but for a letter or so of one word (a letter OCR misread, a typo;
kernel._near_keys). The work on the words is one compiled call a story (kernel.py); here the
text is made ready for it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate

import numpy as np

from copydesk.annotate.dateline import parse_dateline
from copydesk.cluster.kernel import (
    WORD_CODE_POINTS,
    line_keys,
    paragraph_ends,
    story_near,
    story_print,
)
from copydesk.cluster.text import as_spaces, is_blank, paragraphs
from copydesk.records import Story

_MASK = "\x01"  # masks a dateline in ASCII text (see layout)
# One for every story without corrections: an empty frozenset is no singleton, and takes
# 216 bytes a story.
_NO_CORRECTIONS: frozenset[int] = frozenset()


def story_paragraphs(body: str) -> list[str]:
    """The paragraphs as clustering compares them, the first one without its dateline: a copy
    that drops "PORTVILLE, Maine (AP) —" still has the same paragraph, and two briefs from one
    place share nothing by their dateline."""
    paras = paragraphs(body)
    if paras:
        paras[0] = paras[0][parse_dateline(paras[0])[1] :]
    return paras


def layout(body: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The story's text as the kernel reads it (see `encode`), the first paragraph without
    its dateline. ASCII text (once typography is spaces) goes whole, the kernel finding its
    paragraphs: no Python string a paragraph."""
    plain = as_spaces(body)
    if not plain.isascii():
        return encode(story_paragraphs(body))
    at, first = _first_paragraph(body)
    cut = parse_dateline(first)[1] if first else 0
    if cut:
        # Masked by bytes that are no word characters and no whitespace: the paragraph stays
        # one though nothing else were left in it, as in story_paragraphs.
        plain = f"{plain[:at]}{_MASK * cut}{plain[at + cut :]}"
    data = np.frombuffer(plain.encode("ascii"), dtype=np.uint8)
    return data, paragraph_ends(data), WORD_CODE_POINTS


def _first_paragraph(body: str) -> tuple[int, str]:
    """Where the first paragraph of `paragraphs(body)` starts, and its text ("" if none)."""
    at = 0
    while True:
        end = body.find("\n\n", at)
        para = body[at:] if end < 0 else body[at:end]
        if not is_blank(para):
            return at, para
        if end < 0:
            return 0, ""
        at = end + 2


def encode(texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The texts as the kernel reads them: their UTF-8 bytes end to end, where each ends, and
    which code points are word characters. ASCII text (once typography is spaces: nearly all
    news text) goes as it is; any other, NFKC-normalised and case-folded as `words` reads
    it, the kernel telling its word characters by WORD_CODE_POINTS."""
    # Parted by NULs, which the kernel reads as no word character.
    joined = "\0".join(texts)
    plain = as_spaces(joined)
    if plain.isascii():
        data = plain.encode("ascii")
        # Typography marks are one character, as their spaces.
        ends = np.fromiter(accumulate(len(t) + 1 for t in texts), dtype=np.int64) - 1
    else:
        if joined.count("\0") >= len(texts):  # a text's own NUL: a non-word character
            plain = as_spaces("\0".join(t.replace("\0", " ") for t in texts))
        # NFKC and case-folding only where there is more than ASCII (str.isascii is a
        # flag), a text at a time, on the text with its typography as spaces: the same
        # words, as the marks compose with nothing. A lone surrogate (invalid JSON text can
        # hold one) is no word character, and passes.
        folded = "\0".join(
            t if t.isascii() else unicodedata.normalize("NFKC", t).casefold()
            for t in plain.split("\0")
        )
        data = folded.encode("utf-8", "surrogatepass")
        ends = np.append(np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == 0), len(data))
    return np.frombuffer(data, dtype=np.uint8), ends, WORD_CODE_POINTS


def day_number(date: str | None) -> int:
    """An ISO date as a sortable number (20250731), 0 when unknown."""
    digits = "".join(c for c in (date or "")[:10] if c.isdigit())
    return int(digits) if len(digits) == 8 else 0


@dataclass(frozen=True, slots=True)
class Profile:
    """What the corpus-wide pass keeps in memory of one story besides its band keys."""

    story_id: str
    day: int  # day_number of the story's date
    size: int  # distinct shingles: how complete the copy is
    paragraph_keys: bytes  # the paragraphs' 64-bit keys in order, packed: 8 bytes each
    corrections: frozenset[int]  # keys of the correction lines it carries
    dateline: bool  # prints its dateline (some outlets drop it)

    @property
    def paragraphs(self) -> tuple[int, ...]:
        return tuple(np.frombuffer(self.paragraph_keys, dtype=np.uint64).tolist())


@dataclass(frozen=True, slots=True)
class Fingerprint:
    profile: Profile
    bands: np.ndarray  # uint64 LSH keys: the text's bands, then the lede's
    shingles: np.ndarray  # sorted unique uint32: the LSH bands' and anchors' shingles


def fingerprint(story: Story) -> Fingerprint:
    keys, shingles, bands = story_print(*layout(story.body))
    prof = Profile(
        story_id=story.story_id,
        day=day_number(story.date),
        size=len(shingles),
        paragraph_keys=keys.tobytes(),
        corrections=(
            frozenset(line_keys(*encode(story.corrections)).tolist())
            if story.corrections
            else _NO_CORRECTIONS
        ),
        dateline=story.dateline is not None,
    )
    return Fingerprint(prof, bands, shingles)


def near_keys(body: str) -> np.ndarray:
    """A story's near keys (uint32, a row a shingle: its keys with one word by a half), made
    from its body when a check asks: ten a shingle, several times the story's text, they are
    kept nowhere."""
    return story_near(*layout(body))


def fingerprints(stories: Sequence[Story]) -> list[Fingerprint]:
    """The fingerprints of some stories (a page's, say): a pure map over them."""
    return [fingerprint(s) for s in stories]
