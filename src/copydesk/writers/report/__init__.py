"""`copydesk report OUT/`: a finished run as a static site in OUT/report/, for a person to
browse from disk (no server, no network).

The site is four HTML shells (pages.py), one stylesheet and one script (assets/), and the
run's data as small JavaScript files the script loads as a page needs them (data.py:
each file calls `copydesk.take(name, value)` with JSON). build.py streams the run's files
into them.
"""

from copydesk.writers.report.build import REPORT, write_report

__all__ = ["REPORT", "write_report"]
