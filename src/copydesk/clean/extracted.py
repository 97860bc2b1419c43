"""Cleaning an extractor's text (from HTML): the extractor has already chosen the main content.

The line classifier learnt from whole pages, chrome and all; on an extractor's output its
judgement-only removals are undone, while chrome recognised by shape, repeats, and the
outlet's short boilerplate still go.
"""

from __future__ import annotations

from copydesk.annotate.byline import parse_byline
from copydesk.annotate.dates import parse_date
from copydesk.clean.shape import PROSE_WORDS
from copydesk.records import Fate, LineVerdict, Markup, Reason

# What the line classifier decides only from a line's look and place: on an extractor's text
# (chosen from the markup as main content, without the page's chrome around it, unlike the
# whole pages the classifier learnt from) the extractor's choice stands. Chrome recognised by
# shape, repeats and the outlet's own lines are still removed.
_CLASSIFIER_ONLY = (Reason.OFF_STORY, Reason.PAGE_TITLE)


def trust_extractor(verdicts: list[LineVerdict], markup: Markup) -> list[LineVerdict]:
    """The extractor's lines as story text, except what reads as the story's metadata: a byline
    or a timestamp stays removed (annotation may claim it), a <figcaption> is a caption."""
    captions = {_key(t) for c in markup.captions for t in (c.text, f"{c.text} {c.credit}")}
    out = []
    for v in verdicts:
        if v.fate is not Fate.BLANK and _key(v.text) in captions:
            v = v._replace(fate=Fate.CAPTION, reason=None)
        elif v.fate is Fate.REMOVED and (
            (v.reason in _CLASSIFIER_ONLY and not _metadata_line(v.text))
            or (v.reason is Reason.OUTLET_CHROME and _prose(v.text))
        ):
            v = v._replace(fate=Fate.BODY, reason=None)
        out.append(v)
    return out


def _metadata_line(text: str) -> bool:
    # Short lines only: prose mentioning a date is story text.
    return not _prose(text) and (parse_byline(text) is not None or parse_date(text) is not None)


def _prose(text: str) -> bool:
    # A sentence the extractor chose that the outlet printed on other pages is, within main
    # text, most often the same story's text on another page of it (prose is what versions of
    # one story share and templates rarely, as the outlet pass itself holds); short lines
    # there ("Sharing is caring!", "Reading time: 1 min") are the outlet's boilerplate.
    return len(text.split()) >= PROSE_WORDS


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()
