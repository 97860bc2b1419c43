"""The text as clustering compares it: paragraphs and words (case-folded, punctuation and
typography dropped). The plain definition, in Python: the kernel (kernel.py) reads the same
words from the bytes, and rensa's bench pass tokenises with it.
"""

from __future__ import annotations

import unicodedata

from copydesk.words import WORD, word_characters

# Typography common in news text that is no word character, stays none under NFKC and
# composes with nothing (quotes, dashes, the ellipsis, the no-break space): read as a space it
# splits the words as before, and a paragraph whose only non-ASCII characters these are (96%
# of the wire-dev run's) takes the ASCII path. str.replace, one mark at a time, is several
# times faster than str.translate on non-ASCII text.
_TYPOGRAPHY = "\u2018\u2019\u201c\u201d\u2013\u2014\u2026\xa0"
# Each ASCII byte as `words` reads it: a word character lower-cased, anything else a space.
_ASCII_WORDS = bytes(
    ord(chr(b).lower()) if word else ord(" ") for b, word in enumerate(word_characters()[:256])
)


def as_spaces(text: str) -> str:
    """The text with its typography (_TYPOGRAPHY) as spaces."""
    if not text.isascii():
        for mark in _TYPOGRAPHY:
            text = text.replace(mark, " ")
    return text


def words(text: str) -> list[str]:
    """The words of a text as clustering compares them."""
    plain = as_spaces(text)
    if not plain.isascii():
        return WORD.findall(unicodedata.normalize("NFKC", text).casefold())
    # ASCII text (most paragraphs, once their typography is spaces): the words of \w+ on the
    # lower-cased text, from three byte-level passes and a split, twice as fast as the regex.
    return plain.encode("ascii").translate(_ASCII_WORDS).decode("ascii").split()


def is_blank(paragraph: str) -> bool:
    """No text in it but whitespace and typography, which clustering reads as spaces."""
    return not as_spaces(paragraph).strip()


def paragraphs(body: str) -> list[str]:
    return [p for p in body.split("\n\n") if not is_blank(p)]
