"""What a run may replace in its output folder besides its files (output.py): its report.
Apart from output.py so that the report is written without loading pyarrow."""

from __future__ import annotations

import shutil
from pathlib import Path

# The folder of the run's report (`copydesk report`, `run --report`), and a file that is in
# every report: a folder of that name without it is someone else's, never replaced.
REPORT = "report"
REPORT_MARK = "report.js"


class OutputInTheWayError(OSError):
    """A run file's name in the output folder is taken by something a run cannot replace."""


def clear_report(site: Path) -> None:
    """Remove a report an earlier run or `copydesk report` wrote at `site`."""
    if site.is_symlink() or site.is_file():
        site.unlink()
    elif (site / REPORT_MARK).is_file():
        shutil.rmtree(site)
    elif site.exists():
        raise OutputInTheWayError(
            f"{site} is in the way: it is not a report copydesk wrote; "
            "move it or choose another output folder"
        )


