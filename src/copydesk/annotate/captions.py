"""Photo captions: a line that describes a photo and carries its credit, credit split off.

The credit is the one reliable mark of a caption. Shapes recognised:
- trailing parentheses: `... Wednesday, July 30, 2025. (AP Photo/Moises Castillo)`,
  `... (AP Photo/Ronda Churchill, File)`, `... (Getty Images)`, `... (Image: Getty)`;
- a trailing bare credit: `... in Kyiv. REUTERS/Jane Roe`, `... Photograph: Jane Roe/AFP`,
  `... Photo: Jane Doe/Reuters`, `... Jane Roe/AFP via Getty Images`.
A sentence that merely mentions a photo has none of these, so it is not a caption.

A line that is *only* a credit (`Photo: Jane Doe/Reuters`, `Credit: Jane Doe`,
`Jane Roe/Getty Images`, `(Jane Roe / Associated Press)`) describes nothing: it is not a
caption, but `parse_credit_line` returns its credit so the caller can attach it to the
caption beside it or drop it from the body.
"""

from __future__ import annotations

import re

from copydesk.records import Caption

_AGENCY = (
    r"(?:AP|Associated\s+Press|Reuters|REUTERS|AFP|EPA(?:-EFE)?|Getty(?:\s+Images)?|Bloomberg"
    r"|Pool|POOL|ANSA|Xinhua|XINHUA|Kyodo|KYODO|Yonhap|YONHAP|AAP|PA|dpa|DPA|UPI|NYT"
    r"|Shutterstock|iStock(?:photo)?|Alamy|Unsplash|Pexels|Pixabay|Imagn|USA\s+TODAY)"
)
# What makes a final parenthetical a credit rather than an aside ("(Men’s/Women’s)",
# "(Photos)", "(see photo above)").
_PAREN_CREDIT = re.compile(
    rf"""
      \b(?:Photo|PHOTO|Photograph|Foto|Image|Illustration|Video)s?\s*(?:/|:|by\b)\s*\S
    | \b(?:Photo|Picture)\s+(?:Library|LIBRARY|Agency)\b | \bPHOTO\s+LIBRARY\b
    | \bGetty\s+Images\b | \bShutterstock\b | \biStock | \bAlamy\b | \bUnsplash\b
    | \bvia\s+{_AGENCY}\s*$
    | /\s*{_AGENCY}\s*(?:,\s*File)?\s*$
    | ^\s*{_AGENCY}\s*/\s*[A-Z]
    | ^\s*Courtesy\s+(?:of\s+)?\S
    """,
    re.VERBOSE,
)
_TRAILING_PAREN = re.compile(r"\((?P<credit>[^()\n]{2,120})\)\s*$")
# After a sentence end, or at the start of the line (then the line is only a credit).
_AFTER_SENTENCE = r"(?:^|(?<=[.!?”\"’')])\s+)"
# Reuters/AFP/EPA print the credit bare after the caption: "... on Monday. REUTERS/Jane Roe"
_BARE_AGENCY_CREDIT = re.compile(
    r"(?:^|(?<=\s))(?:©\s*)?"
    r"(?P<credit>(?:REUTERS|AFP|EPA(?:-EFE)?|ANSA|XINHUA|KYODO|YONHAP|AAP|POOL)"
    r"\s*/\s*[A-Z][\w.'’ -]{1,60}(?:/[A-Za-z ]{1,25}){0,2})\s*$"
)
# "... Jane Roe/AFP via Getty Images", "TODAY Illustration / Getty Images"
_BARE_GETTY_CREDIT = re.compile(
    _AFTER_SENTENCE + r"(?:©\s*)?(?P<credit>[^.!?]{0,60}?(?:/|\bvia\b|\bfor\b)\s*Getty\s+Images"
    r"(?:\s+for\s+[\w ]{1,30})?)\s*$"
)
# Guardian and magazine style, after a caption: "... in Kyiv. Photograph: Jane Roe/Reuters"
_LABELLED_SUFFIX = re.compile(
    r"(?<=[.!?”\"’)])\s+(?P<credit>(?:Photograph|Photo|Picture|Image|Illustration|Composite)"
    r"(?:\s+credit)?\s*(?::|\bby\b)\s*[^.:!?]{2,70}?)\.?\s*$",
    re.IGNORECASE,
)
# A credit line on its own: "Photo: Jane Doe/Reuters", "Photo by Jane Doe on Unsplash".
# "Photos:" (plural) heads a gallery ("Photos: Ten years of ..."), so it is left out.
_CREDIT_LINE = re.compile(
    r"^\s*(?P<label>(?:Photo|Image|Picture|Video)\s+credits?|Credits?|Photo(?:graph)?|Picture"
    r"|Image(?:\s+source)?|Images|Pictures|Illustration|Source\s+image)"
    r"\s*(?P<sep>:|\bby\b|\bvia\b)\s*(?P<credit>\S.{0,90}?)\s*$",
    re.IGNORECASE,
)

_MAX_CREDIT_WORDS = 10
_TAIL_CHARS = 140  # a trailing credit is at most ~100 characters
_SUFFIX_LABELS = ("photo", "picture", "image", "illustration", "composite")
_SENTENCE_INSIDE = re.compile(r"[.!?]\s+[a-z]")
_SENTENCE_END = re.compile(r"\b[a-z]{3,}\.$")  # "... the park." ends a sentence; "Jr." does not
_TEXT_WORD = re.compile(r"[^\W\d_]{2,}")


def _credit_like(credit: str) -> bool:
    """Names and outlets, not a sentence: short, no sentence inside, no sentence end."""
    credit = credit.strip()
    words = credit.split()
    if not words or len(words) > _MAX_CREDIT_WORDS:
        return False
    if _SENTENCE_INSIDE.search(credit) or credit.endswith(("!", "?", ":")):
        return False
    return not _SENTENCE_END.search(credit)


def _suffix_patterns(text: str) -> list[re.Pattern[str]]:
    """The trailing-credit patterns worth trying: cheap substring tests first, because
    searching every line of a crawl with end-anchored patterns is slow."""
    tail = text[-_TAIL_CHARS:]
    lowered = tail.lower()
    patterns = []
    if "/" in tail:
        patterns.append(_BARE_AGENCY_CREDIT)
    if "getty images" in lowered:
        patterns.append(_BARE_GETTY_CREDIT)
    if any(label in lowered for label in _SUFFIX_LABELS):
        patterns.append(_LABELLED_SUFFIX)
    return patterns


def _split_credit(text: str) -> tuple[str, str] | None:
    """(description before the credit, credit) for a line carrying a photo credit."""
    if text.endswith(")"):
        m = _TRAILING_PAREN.search(text)
        if m and _PAREN_CREDIT.search(m["credit"]):
            credit = " ".join(m["credit"].split())
            return (text[: m.start()], credit) if _credit_like(credit) else None
    for pattern in _suffix_patterns(text):
        m = pattern.search(text)
        if m and _credit_like(m["credit"]):
            return text[: m.start()], m["credit"].strip()
    m = _CREDIT_LINE.match(text)
    if m and _credit_like(m["credit"]):
        # after a colon the label is not part of the name; "Photo by ..." is kept whole
        return "", m["credit"] if m["sep"] == ":" else text
    return None


def _describes(text: str) -> bool:
    """Some words before the credit: a description, not just "©" or a label."""
    return len(_TEXT_WORD.findall(text)) >= 2


def parse_caption(line: str) -> Caption | None:
    """Return the Caption (text as printed, credit alone) if the line is a photo caption."""
    text = line.strip()
    split = _split_credit(text) if len(text) >= 3 else None
    if split is None or not _describes(split[0]):
        return None
    return Caption(text=text, credit=split[1])


def parse_credit_line(line: str) -> str | None:
    """Return the credit of a line that is only a photo credit ("Photo: Jane Doe/AP")."""
    text = line.strip()
    split = _split_credit(text) if len(text) >= 3 else None
    if split is None or _describes(split[0]):
        return None
    return split[1]
