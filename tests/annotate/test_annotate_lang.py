"""detect_lang on invented sentences."""

from __future__ import annotations

import pytest

from copydesk.annotate.lang import detect_lang


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("The council said on Tuesday that the new bridge would open next spring.", "en"),
        ("Le conseil a déclaré mardi que le nouveau pont ouvrirait au printemps prochain.", "fr"),
        ("Der Rat teilte am Dienstag mit, dass die neue Brücke im Frühjahr eröffnet wird.", "de"),
        ("El consejo dijo el martes que el nuevo puente se abrirá la próxima primavera.", "es"),
        ("Совет заявил во вторник, что новый мост откроется следующей весной.", "ru"),
    ],
)
def test_languages(text: str, code: str) -> None:
    assert detect_lang(text) == code


@pytest.mark.parametrize("text", ["", "Hello there", "12345 67890 !!!! ???? ---- ab", "   "])
def test_too_short_to_tell(text: str) -> None:
    assert detect_lang(text) is None


def test_long_text_reads_only_the_opening() -> None:
    english = "The council said on Tuesday that the new bridge would open next spring. " * 40
    assert detect_lang(english + "Le conseil a déclaré mardi que le pont ouvrirait. " * 400) == "en"
