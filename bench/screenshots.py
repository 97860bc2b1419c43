"""The README's screenshots of the report, taken from the demo run in headless chromium.

    python bench/screenshots.py    # runs the demo into out/demo (--audit --report) first

The overview, the largest cluster (the whole page: its timeline, canonical copy and each
copy's diff) and its canonical copy's page; 1000 pixels wide, the first 1400 pixels of the
overview and the page.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # tests.browser: chromium as the tests drive it

import copydesk  # noqa: E402
from copydesk.writers.report.data import key  # noqa: E402

OUT = ROOT / "out" / "demo"
SIZE = {"width": 1000, "height": 1400}


def main() -> None:
    from playwright.sync_api import sync_playwright
    from tests.browser import launch

    copydesk.run(ROOT / "examples" / "corpus", OUT, audit=True, report=True)
    largest = max(copydesk.read_clusters(OUT), key=lambda c: (c.size, c.first_date or ""))
    site = OUT / "report"
    views = {
        "overview": ("index.html", ".figures"),
        "cluster": (f"cluster.html#{key(largest.cluster_id)}", ".diff"),
        "page": (f"page.html#{key(largest.members[0].doc_id)}", "table.audit"),
    }
    with sync_playwright() as driver:
        browser = launch(driver)
        tab = browser.new_page(viewport=SIZE)
        for name, (view, ready) in views.items():
            tab.goto(f"file://{site}/{view}")
            tab.wait_for_selector(ready)
            tab.screenshot(path=ROOT / "docs" / f"report-{name}.png", full_page=name == "cluster")
        browser.close()


if __name__ == "__main__":
    main()
