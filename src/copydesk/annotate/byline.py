"""Bylines: `By Jane Doe`, `By JANE DOE and JOHN ROE, Associated Press`, `Jane Doe, Reuters`.

Only clear bylines: a line that is nothing but names (with an outlet or role after a comma,
and perhaps a date after a bar), so "By the end of the year ..." or "By 2030, ..." are not
mistaken for one. The result keeps names and affiliation as printed, minus the "By".
"""

from __future__ import annotations

import re

_STAMP_WORD = r"(?:Last\s+)?(?:Updated|Published|Posted|Modified)\b"  # starts a date, not a name
# One name: "Jane Doe", "JANE DOE", "Mary-Kate O'Neil", "José da Silva", "J.R. Smith Jr."
_NAME_WORD = (
    rf"(?!{_STAMP_WORD})"
    r"(?:[A-ZÀ-ÖØ-Þ][\w.'’-]*|(?:de|da|dos|van|von|der|del|la|le|di|du|bin|al)(?=\s))"
)
_NAME = rf"{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,4}}"
_NAMES = rf"{_NAME}(?:\s*(?:,|\band\b|&)\s*{_NAME})*"
# An affiliation after a comma: "Associated Press", "The Washington Post", "Staff Writer"
_AFFILIATION = r"(?:[A-Z][\w.'’&-]*|of|the|for|and)(?:\s+(?:[A-Z][\w.'’&-]*|of|the|for|and)){0,5}"
# What may close the line and is not part of the byline: "| Updated July 31, 2025"
_DROPPED_TAIL = (
    r"(?:\s*(?:\||—|–|\s-|•|·)\s*.{0,60}"
    rf"|\s+{_STAMP_WORD}.{{0,60}})?"
)

_BY = re.compile(
    rf"^\s*(?:By|BY|by)\s*:?\s+(?P<byline>(?P<names>{_NAMES})(?:\s*,\s*{_AFFILIATION})?)"
    rf"{_DROPPED_TAIL}\s*$"
)
# "Jane Doe, Reuters": a bare name needs a known outlet after it to be trusted
_NAME_OUTLET = re.compile(
    rf"^\s*(?P<byline>(?P<names>{_NAMES})\s*,\s*(?P<outlet>{_AFFILIATION})){_DROPPED_TAIL}\s*$"
)
_OUTLETS = re.compile(
    r"^(?:The\s+)?(?:Associated\s+Press|AP|Reuters|AFP|Agence\s+France-Presse|Bloomberg(?:\s+News)?"
    r"|CNN|BBC(?:\s+News)?|NPR|UPI|dpa|Xinhua|Canadian\s+Press|PA\s+Media|Press\s+Association"
    r"|AAP|Kyodo(?:\s+News)?|Yonhap|New\s+York\s+Times|Washington\s+Post|Wall\s+Street\s+Journal"
    r"|Financial\s+Times|Guardian|Staff\s+Writer|Staff\s+Reporter|Correspondent)$",
    re.IGNORECASE,
)
# Capitalised openers of ordinary phrases after "By" ("By The Way", "By Using Our Site").
_NOT_NAME = {
    "the", "this", "that", "these", "those", "a", "an", "our", "your", "his", "her", "their",
    "its", "using", "clicking", "continuing", "signing", "submitting", "subscribing",
    "contrast", "comparison", "far", "now", "then", "default", "design", "day", "night",
    "category", "date", "topic", "author", "admin", "way", "order", "popular", "appointment",
    "invitation", "mail", "phone", "email", "car", "train", "air", "land", "sea", "law",
    "staff", "editorial", "editors", "newsroom", "team", "event", "type", "price", "size",
}
_MAX_LEN = 160
_WHITESPACE = re.compile(r"\s+")


def _names_ok(names: str) -> bool:
    words = _WHITESPACE.split(names.strip())
    return words[0].lower() not in _NOT_NAME and sum(w[:1].isupper() for w in words) >= 2


def parse_byline(line: str) -> str | None:
    """Return the byline as printed minus the "By" (names, and an affiliation), else None."""
    text = line.strip()
    if not text or len(text) > _MAX_LEN:
        return None
    m = _BY.match(text)
    if m is None:
        m = _NAME_OUTLET.match(text)
        if m is None or not _OUTLETS.match(m["outlet"]):
            return None
    if not _names_ok(m["names"]):
        return None
    return _WHITESPACE.sub(" ", m["byline"]).strip()
