"""The per-story work of clustering: a pure function of one story.

A story is compared by the set of its normalised word shingles: five consecutive words,
case-folded, punctuation and typography dropped (straight or curly quotes, `--` or `—` are the
same text). MinHash band keys of the whole text and of its lede make the LSH candidates; the
shingles are kept as sorted unique 32-bit hashes for the exact containment check (two of a
copy's 2,000 shingles collide by chance with probability 1e-6). The work on the words is one
compiled call a story (kernel.py); here the text is made ready for it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate

import numpy as np

from copydesk.annotate.dateline import parse_dateline
from copydesk.cluster.kernel import line_keys, story_print
from copydesk.cluster.text import as_spaces, paragraphs
from copydesk.records import Story

# What `words` drops between words, for a text that is not ASCII.
_NOT_WORD = re.compile(r"\W+")
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


def encode(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """The texts as the kernel reads them: their UTF-8 bytes end to end, and where each ends.
    ASCII text (once typography is spaces: nearly all news text) goes as it is, the kernel
    reading its words as `words` does; any other text goes as its `words` parted by spaces,
    which the kernel reads back word for word."""
    plain = as_spaces("".join(texts))
    lengths = [len(t) for t in texts]  # typography marks are one character, as their spaces
    if plain.isascii():
        data = plain.encode("ascii")
    else:
        parts = []
        at = 0
        for n in lengths:
            part = plain[at : at + n]
            at += n
            # NFKC on the text with its typography as spaces: the same words, as the marks
            # compose with nothing.
            parts.append(
                part.encode("ascii")
                if part.isascii()
                else _NOT_WORD.sub(" ", unicodedata.normalize("NFKC", part).casefold()).encode()
            )
        data = b"".join(parts)
        lengths = [len(p) for p in parts]
    ends = np.fromiter(accumulate(lengths), dtype=np.int64, count=len(lengths))
    return np.frombuffer(data, dtype=np.uint8), ends


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
    shingles: np.ndarray  # sorted unique uint32, for the exact check


def fingerprint(story: Story) -> Fingerprint:
    keys, shingles, bands = story_print(*encode(story_paragraphs(story.body)))
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


def fingerprints(stories: Sequence[Story]) -> list[Fingerprint]:
    """The fingerprints of some stories (a page's, say): a pure map over them."""
    return [fingerprint(s) for s in stories]
