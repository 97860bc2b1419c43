"""copydesk as a library: one page, a corpus, and a finished run's results, as typed
records. `copydesk/__init__.py` exports these names and nothing else; the rest of the
package is internal.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from copydesk.engines.rules import RunOptions, RunSummary
from copydesk.pipeline import process_page
from copydesk.readers.extract import DEFAULT_EXTRACTOR
from copydesk.readers.record import page_from_record
from copydesk.readers.urls import is_url
from copydesk.records import ClusterRecord, Reject, Story
from copydesk.writers.read import cluster_rows, finished, story_rows

_ORIGIN = "copydesk.api"


def _stories(record: dict[str, Any]) -> list[Story]:
    # The page is read as a JSONL record with these fields would be: the same checks.
    page = page_from_record(record, _ORIGIN)
    if isinstance(page, Reject):
        raise ValueError(page.reason)
    return process_page(page).stories


def clean_page(text: str, url: str | None = None, date: str | None = None) -> list[Story]:
    """The stories of one page of text: cleaned, split and annotated, each with its
    headline, byline, dateline, date, body and captions. One page alone has no corpus pass:
    an outlet's chrome is found by its shape, not learnt from the outlet's other pages, and
    each story is its own cluster. `url` names the outlet (its host); `date` (ISO, or a
    timestamp) is the page's date. ValueError if the text is no page (empty, binary)."""
    return _stories({"id": url or "page", "text": text, "url": url, "date": date})


def clean_html(html: str, url: str | None = None) -> list[Story]:
    """The stories of one HTML page: its main text extracted (as `copydesk run` does) and
    its markup read for the headline, date, byline and captions. ValueError if the HTML
    gives no page (no main text, nested too deep)."""
    return _stories({"id": url or "page", "html": html, "url": url})


def run(
    inputs: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    out: str | os.PathLike[str],
    *,
    format: str = "jsonl",  # the command line's name for it, though a builtin's
    workers: int = 1,
    audit: bool = False,
    quiet: bool = True,
    extractor: str = DEFAULT_EXTRACTOR,
    engine: str = "local",
    master: str | None = None,
    report: bool = False,
    comments: bool = False,
) -> RunSummary:
    """`copydesk run INPUT... -o OUT/` with the command line's options: the corpus's
    stories, clusters, rejects and stats written to `out`; returns the run's counts.
    `workers=0` is one a core; `report=True` also writes OUT/report/; `comments=True` keeps
    readers' comments of HTML pages. With `engine="spark"`, `out` may be a URL (`s3a://…`):
    the stories are written there by the executors, as part files under OUT/stories/."""
    paths = [inputs] if isinstance(inputs, str | os.PathLike) else inputs
    options = RunOptions(
        fmt=format, audit=audit, workers=workers or os.cpu_count() or 1, quiet=quiet,
        extractor=extractor, comments=comments,
    )
    remote = url_output(out, engine, report)
    folder = Path(out)
    names = [os.fspath(p) for p in paths]
    if engine == "spark":
        from copydesk.engines import spark

        summary = spark.run(names, str(out) if remote else folder, options, master)
    elif engine == "local":
        if master is not None:
            raise ValueError("master is for engine='spark'")
        from copydesk.engines.local import run as run_locally

        summary = run_locally(names, folder, options)
    else:
        raise ValueError(f"unknown engine {engine!r}: local or spark")
    if report:
        from copydesk.writers.report import write_report

        write_report(folder)
    return summary


def url_output(out: str | os.PathLike[str], engine: str, report: bool) -> bool:
    """Whether a run's `out` is a URL; a ValueError saying why where it cannot be one."""
    remote = isinstance(out, str) and is_url(out)
    if remote and engine != "spark":
        raise ValueError(f"{out} is a URL: only engine='spark' writes to one")
    if remote and report:
        raise ValueError("the report is written to a local folder, not to a URL")
    return remote


def read_stories(out: str | os.PathLike[str]) -> Iterator[Story]:
    """A finished run's stories (stories.jsonl or .parquet), one at a time."""
    finished(Path(out))
    return (Story.from_dict(row) for row in story_rows(Path(out)))


def read_clusters(out: str | os.PathLike[str]) -> Iterator[ClusterRecord]:
    """A finished run's clusters (clusters.jsonl), one at a time, singletons included."""
    finished(Path(out))
    return (ClusterRecord.from_dict(row) for row in cluster_rows(Path(out)))
