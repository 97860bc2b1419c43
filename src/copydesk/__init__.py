"""copydesk: raw news crawls in, clean deduplicated stories out.

The library's surface is what this module exports (copydesk.api, the README's examples):
one page (clean_page, clean_html), a corpus (run), a finished run's results (read_stories,
read_clusters) and their records. Everything else in the package is internal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "Caption",
    "ClusterRecord",
    "Copy",
    "Dateline",
    "RunSummary",
    "Story",
    "__version__",
    "clean_html",
    "clean_page",
    "read_clusters",
    "read_stories",
    "run",
]

if TYPE_CHECKING:
    from copydesk.api import clean_html, clean_page, read_clusters, read_stories, run
    from copydesk.engines.rules import RunSummary
    from copydesk.records import Caption, ClusterRecord, Copy, Dateline, Story


def __getattr__(name: str) -> Any:
    # Loaded when first used: `import copydesk` (and the command line, which imports it)
    # stays quick, without the pipeline's compiled code and models.
    if name in ("clean_html", "clean_page", "read_clusters", "read_stories", "run"):
        from copydesk import api

        return getattr(api, name)
    if name == "RunSummary":
        from copydesk.engines.rules import RunSummary

        return RunSummary
    if name in ("Caption", "ClusterRecord", "Copy", "Dateline", "Story"):
        from copydesk import records

        return getattr(records, name)
    raise AttributeError(f"module 'copydesk' has no attribute {name!r}")
