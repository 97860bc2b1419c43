"""The per-page path, the same under every engine: clean → segment → annotate.

`process_page` is a pure function of a page and the outlet state; it returns the page's stories
and the fate of every one of its input lines (the audit), so nothing is lost unaccounted.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from functools import cache

from copydesk.annotate.story import annotate_story, page_title
from copydesk.clean.classify import clean_page
from copydesk.clean.extracted import trust_extractor
from copydesk.clean.lines import page_lines
from copydesk.clean.outlet import EMPTY, OutletChrome
from copydesk.clean.unwrap import unwrap
from copydesk.readers import header_date
from copydesk.records import Fate, LineFate, LineVerdict, Page, Reason, Story
from copydesk.segment.stories import main_story, split_stories

# warm_up is the one-off start of the path in a process (below), apart from the pages' own.
STAGES = ("warm_up", "clean", "segment", "annotate")


@dataclass
class PageResult:
    stories: list[Story]
    fates: list[LineFate]
    seconds: dict[str, float] = field(default_factory=dict)

    def line_counts(self) -> Counter[str]:
        """Lines by what became of them: body, caption, metadata, blank, removed:<reason>."""
        return Counter(_COUNTED[f.reason if f.fate is Fate.REMOVED else f.fate] for f in self.fates)

    def no_story_reason(self) -> str:
        """Why a page gave no story, for its entry in the rejects: what its lines were."""
        removed = Counter(f.reason for f in self.fates if f.fate is Fate.REMOVED)
        if not removed:
            return "no story: the page has no lines of text"
        reasons = ", ".join(f"{reason} {n}" for reason, n in removed.most_common())
        return f"no story: {removed.total()} lines, all removed: {reasons}"


# The line_counts key of each fate and each removal reason, made once.
_COUNTED = {
    **{fate: str(fate) for fate in Fate},
    **{reason: f"removed:{reason}" for reason in Reason},
}


@cache
def warm_up() -> PageResult:
    """Run the path once on a small page, once a process: loading the classifier, the
    kernel's tables and compiled code (compiling it on a fresh checkout, some seconds) and the
    language identifier, which the first page would otherwise be charged with."""
    return _process(Page("warm-up", "A headline\n\nThe council met on Monday, it said."), EMPTY)


def process_page(page: Page, chrome: OutletChrome = EMPTY) -> PageResult:
    # CPU seconds per stage: on a shared machine, wall time would time the neighbours too.
    start = time.process_time()
    warm_up()
    warming = time.process_time() - start
    result = _process(page, chrome)
    result.seconds["warm_up"] = warming
    return result


def _process(page: Page, chrome: OutletChrome) -> PageResult:
    t0 = time.process_time()
    # Every stage judges lines, so a hard-wrapped page is judged with each paragraph re-joined
    # on one line (clean/unwrap.py): from here `page` is that page, and each input line gets
    # the fate of the line that holds it.
    unwrapped = unwrap(page)
    # The input's own lines, where they differ from those judged.
    input_lines = page_lines(page) if unwrapped.page is not page else None
    page = unwrapped.page
    verdicts = clean_page(page, chrome)
    if page.markup is not None:
        verdicts = trust_extractor(verdicts, page.markup)
    t1 = time.process_time()
    title = (page.markup and page.markup.headline) or page_title(verdicts, page.source)
    spans = main_story(verdicts) if page.markup is not None else split_stories(verdicts, title)
    t2 = time.process_time()

    owner: dict[int, tuple[str, Fate]] = {}  # line → (story id, body or caption)
    claimed: dict[int, tuple[str, str]] = {}  # line → (story id, metadata field)
    stories = []
    floor = 0
    for span in spans:
        story, claims = annotate_story(page, verdicts, span, floor, title)
        stories.append(story)
        for i in span.body_lines:
            owner[i] = (story.story_id, Fate.BODY)
        for block in span.captions:
            owner.update((i, (story.story_id, Fate.CAPTION)) for i in block)
        for i, name in claims.items():
            claimed.setdefault(i, (story.story_id, name))
        # The next story may claim what follows this one's text: its own headline, byline and
        # timestamp stand above its first paragraph, inside this story's region (span.end).
        floor = span.body_lines[-1] + 1
    t3 = time.process_time()

    fates = []
    prefix = header_date(page.text)[1]
    starts = unwrapped.starts
    for v in verdicts:
        if v.number == 0 and prefix:
            sid = stories[0].story_id if stories else None
            header = page.text[:prefix]
            fates.append(LineFate(page.doc_id, 0, header, Fate.METADATA, sid, "date"))
            if not v.text.strip():
                continue
        for n in range(starts[v.number], starts[v.number + 1]):
            text = input_lines[n] if input_lines else v.text
            fates.append(_fate(page.doc_id, n, text, v, owner, claimed))
    return PageResult(
        stories,
        fates,
        {"clean": t1 - t0, "segment": t2 - t1, "annotate": t3 - t2},
    )


def _fate(
    doc_id: str,
    number: int,
    text: str,
    v: LineVerdict,
    owner: dict[int, tuple[str, Fate]],
    claimed: dict[int, tuple[str, str]],
) -> LineFate:
    """The fate of input line `number` (of text `text`), held by the judged line v: what the
    story that took v made of it (a caption's lines may have looked like text to the cleaner),
    else what the cleaner decided."""
    if v.number in claimed:
        sid, name = claimed[v.number]
        return LineFate(doc_id, number, text, Fate.METADATA, sid, name)
    if v.number in owner:
        sid, taken = owner[v.number]
        return LineFate(doc_id, number, text, taken, sid)
    fate, reason = v.fate, v.reason
    if fate is Fate.BLANK:
        return LineFate(doc_id, number, text, Fate.BLANK)
    if fate in (Fate.BODY, Fate.CAPTION):
        # Story-like text that no story took: a fragment among the chrome.
        return LineFate(doc_id, number, text, Fate.REMOVED, reason=Reason.OFF_STORY)
    return LineFate(doc_id, number, text, Fate.REMOVED, reason=reason)
