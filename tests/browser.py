"""Headless chromium as the report's tests and benches drive it: Debian's package, through
Playwright's Python API (Playwright's own browsers are never downloaded)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
# Headless, and nothing of the browser's own that would go to the network.
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def launch(driver: Any) -> Any:
    """The browser, from a started `playwright.sync_api.sync_playwright()`."""
    return driver.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)

# The cluster list's first page drawn, and the whole list loaded behind it: report.js sets
# both times (ms from the navigation's start) on the window.
LIST_OPENED = "window.copydeskListShown !== undefined && window.copydeskListLoaded !== undefined"
