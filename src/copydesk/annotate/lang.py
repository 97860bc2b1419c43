"""Story language: ISO 639-1 code by py3langid, or None when the text cannot tell."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from py3langid.langid import LanguageIdentifier

_MAX_CHARS = 2000  # the opening of a story is enough, and classification is linear in length
_MIN_LETTERS = 20
_MIN_CONFIDENCE = 0.5  # normalised probability; below it the model is guessing
# The model also knows a few varieties and ISO 639-3 languages; fold the varieties into
# their 639-1 macrolanguage and leave the rest (no 639-1 code) as None.
_TO_639_1 = {"arz": "ar", "ary": "ar", "yue": "zh", "wuu": "zh", "uzs": "uz", "sdh": "ku"}


@cache
def _identifier() -> LanguageIdentifier:
    """Load the model once, on first use (it takes about a second)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_lang(text: str) -> str | None:
    """Return the ISO 639-1 code of the text's language, or None if too short or unsure."""
    head = (text or "")[:_MAX_CHARS]
    if sum(c.isalpha() for c in head) < _MIN_LETTERS:
        return None
    code, confidence = _identifier().classify(head)
    if confidence < _MIN_CONFIDENCE:
        return None
    code = _TO_639_1.get(code, code)
    return code if len(code) == 2 else None
