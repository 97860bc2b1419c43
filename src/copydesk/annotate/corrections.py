"""Correction notes: the line an outlet appends when it fixes a published story.

A correction note says that *this story* was changed and why. Both halves are needed:
"corrections" in a menu, "to correct errors" in a sentence about software, or an
"Editor's note: we updated our review ..." are not corrections.
"""

from __future__ import annotations

import re

_MAX_LEN = 600  # notes are a sentence or three; a long paragraph is story text

# "Correction:", "CORRECTION (Jan. 5):", "Clarification -", "Editor's note:" heading the line.
_LABEL = re.compile(
    r"^\W{0,3}(?P<label>corrections?|clarifications?|editor[’']?s['’]?\s+note|erratum|retraction"
    r"|update|updated)\b[^:\n]{0,40}?[:—–-]\s*\S",
    re.IGNORECASE,
)
# The story (article, report, headline, photo caption ...) as the subject of a change.
_THIS = r"(?:this|the|an\s+earlier|a\s+previous|an\s+earlier\s+version\s+of\s+this)"
_ITEM = r"(?:story|article|report|item|piece|post|headline|caption|version|column|blog|review)"
_STORY_CHANGED = re.compile(
    rf"""
      \b{_THIS}\s+(?:\w+\s+){{0,3}}?{_ITEM}\s+(?:has\s+been|was|have\s+been|is\s+being)\s+
        (?:corrected|amended|updated\s+to\s+(?:correct|clarify|fix|remove|reflect\s+that)
           |clarified|changed\s+to\s+correct|revised\s+to\s+correct|edited\s+to\s+correct)\b
    | \b(?:an?\s+)?(?:earlier|previous|prior|original)\s+version\s+of\s+this\s+{_ITEM}\b
    | \b(?:an?\s+)?(?:earlier|previous|prior)\s+version\s+(?:of\s+this\s+{_ITEM}\s+)?
        (?:misstated|incorrectly|erroneously|wrongly|mistakenly|said|stated|reported|gave
           |referred|misidentified|misspelled|omitted)\b
    | \b(?:misstated|misidentified|misspelled|incorrectly\s+(?:stated|said|reported|identified))\b
        .{{0,200}}\b(?:this|the)\s+{_ITEM}\b
    """,
    re.IGNORECASE | re.VERBOSE,
)
# Words that show the note is about an error, for lines that only carry a label.
_ERROR_WORDS = re.compile(
    r"\b(?:incorrect(?:ly)?|misstated|misidentified|misspelled|erroneous(?:ly)?|in\s+error"
    r"|wrongly|mistakenly|an?\s+error|misquoted|misattributed|corrected|should\s+have\s+said"
    r"|earlier\s+version|previous\s+version|was\s+amended|has\s+been\s+amended|clarif\w+)\b",
    re.IGNORECASE,
)


# Every pattern below contains one of these; a line without any cannot match.
_STEMS = ("correct", "clarif", "amend", "version", "misstat", "misidentif", "misspel",
          "erratum", "retraction", "editor", "update")


# Every alternative of _STORY_CHANGED holds one of these (its search is the costly test).
_CHANGE_STEMS = ("correct", "amend", "updated", "clarified", "version", "misstat", "misidentif",
                 "misspel")


def is_correction(line: str) -> bool:
    """True if the line is an editor's correction/clarification note about the story."""
    text = line.strip()
    if not text or len(text) > _MAX_LEN:
        return False
    lowered = text.lower()
    if not any(stem in lowered for stem in _STEMS):  # cheap test: most lines have none
        return False
    if any(stem in lowered for stem in _CHANGE_STEMS) and _STORY_CHANGED.search(text):
        return True
    m = _LABEL.match(text)
    if m is None:
        return False
    label = m["label"].lower()
    if label.startswith(("correction", "clarification", "erratum", "retraction")):
        return True
    # "Editor's note:" and "Update:" introduce many things; only an error makes them one
    return bool(_ERROR_WORDS.search(text[m.end() - 1 :]))
