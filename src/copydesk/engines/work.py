"""The work of one record, the same under every engine: engines differ only in where and when
they call these. Each turns one page into its part of a pass, or into a Reject: whatever goes
wrong with one page (an exception, the time budget) costs that page only."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, replace

from copydesk.clean.lines import TooManyLines
from copydesk.clean.outlet import EMPTY, OutletChrome, PageLines, page_hashes
from copydesk.cluster.fingerprint import Fingerprint, fingerprints
from copydesk.engines.budget import OverBudgetError, page_budget
from copydesk.engines.rules import story_line
from copydesk.pipeline import PageResult, process_page
from copydesk.readers.dispatch import Raw, RejectCap
from copydesk.readers.guard import Pending, fault
from copydesk.readers.html import HtmlReading, html_page
from copydesk.records import Page, Reject, Skipped

# A record made (its Page, if it was Pending) with what the outlet pass counts of it: its
# lines, or the Reject outlet_lines gave; None for a record that is no page.
Made = tuple[Page | Reject | Skipped, PageLines | Reject | None]


# An invented page, made and processed once a process before its records (warm_up).
_WARM_UP_HTML = (
    b"<html><head><title>Ferry back in service</title></head><body><article>"
    b"<h1>Ferry back in service</h1><p>MILLBROOK (Ledger) \xe2\x80\x94 The harbour ferry "
    b"resumed its crossings on Friday after four months of repairs, the town said.</p>"
    b"</article></body></html>"
)


def warm_up(reading: HtmlReading) -> None:
    """Every pass's one-off loading in this process (the compiled kernels and their tables,
    the extractor, the classifier, the language identifier), which the first page would
    otherwise be charged with. An engine that forks its workers does it first, and they
    share it: loading it for itself, each worker would pay it again."""
    page = html_page(_WARM_UP_HTML, "warm-up", "warm-up", reading=reading)
    if isinstance(page, Page):
        outlet_lines(page)
        process(page, EMPTY, audit=False)


def outlet_lines(page: Page) -> PageLines | Reject:
    """Pass 1: what the outlet pass counts of the page."""
    try:
        return page_hashes(page)
    except TooManyLines as exc:
        return Reject(page.origin, str(exc), page.doc_id)
    except Exception as exc:  # the page's own failure, not the run's
        return Reject(page.origin, fault(exc), page.doc_id)


def make(raw: Raw) -> Made:
    """Pass 1, where the costly part is done: the record's Page made, and its lines."""
    record = raw.page() if isinstance(raw, Pending) else raw
    return record, outlet_lines(record) if isinstance(record, Page) else None


def admitted(cap: RejectCap, made: tuple[object, PageLines | Reject | None]) -> bool:
    """Whether the file's cap on rejects (readers/dispatch.py) lists the made record (as
    make() gave it, or as an engine packed it): a reader's Reject and an outlet_lines Reject
    count alike; the rest are in its closing one."""
    record, lines = made
    return cap.admits(record) and (not isinstance(lines, Reject) or cap.admits(lines))


@dataclass(frozen=True)
class PageDone:
    """Pass 2's result for one page, as an engine needs it: the stories as rows (lines of
    JSON in UTF-8) with their fingerprints, the line counts, the lines' fates (only with
    --audit), and the entry that lists the page among the rejects if it gave no story."""

    result: PageResult  # its stories dropped: they travel as rows
    lines: Counter[str]
    rows: list[bytes]
    prints: list[Fingerprint]
    no_story: Reject | None
    degraded: tuple[str, ...] = ()  # the page's, for the run's count (stats.json)


def process(
    page: Page, chrome: OutletChrome, audit: bool, comments: bool = False
) -> PageDone | Reject:
    """Pass 2: the page's stories, fingerprinted. The rows are made here, where the page is,
    and the fates stay here without --audit: on two cores the parent's work competes with the
    workers', so it is kept to writing."""
    try:
        with page_budget():
            result = process_page(page, chrome)
            t0 = time.process_time()
            prints = fingerprints(result.stories)
            result.seconds["fingerprint"] = time.process_time() - t0
    except (OverBudgetError, TooManyLines) as exc:
        return Reject(page.origin, str(exc), page.doc_id)
    except Exception as exc:  # one bad page must not stop the run: it becomes a reject
        return Reject(page.origin, fault(exc), page.doc_id)
    rows = [story_line(s, comments) for s in result.stories]
    sent = replace(result, stories=[], fates=result.fates if audit else [])
    no_story = None if rows else Reject(page.origin, result.no_story_reason(), page.doc_id)
    return PageDone(sent, result.line_counts(), rows, prints, no_story, page.degraded)
