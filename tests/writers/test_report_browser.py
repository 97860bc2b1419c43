"""The report in a real browser: Debian's chromium, headless, driven by Playwright, opening
the report from disk (file://) as a person would.

Chromium is required: `make test` installs it where it is missing. Without it these tests
fail (they must not pass unseen on CI); COPYDESK_NO_BROWSER=1 skips them on a machine that
cannot have it.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.browser import CHROMIUM, LIST_OPENED, launch
from tests.conftest import read_jsonl, shared_path
from tests.writers.conftest import CHROME_DOC, HOSTILE_DOC, HOSTILE_LINES

import copydesk
from copydesk.writers.report import write_report
from copydesk.writers.report.build import copy_diff
from copydesk.writers.report.data import key

OPENS_WITHIN_MS = 2000  # the bound on opening the cluster list


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        if os.environ.get("COPYDESK_NO_BROWSER"):
            pytest.skip("COPYDESK_NO_BROWSER is set")
        pytest.fail(
            f"the report's browser tests need chromium at {CHROMIUM}: `make test` installs it "
            "(apt-get install chromium); COPYDESK_NO_BROWSER=1 skips them"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        chromium = launch(driver)
        yield chromium
        chromium.close()


class Visit:
    """A browser tab on one report, recording what a hostile page could try: dialogs,
    requests, script errors."""

    def __init__(self, browser: Any, site: Path, **context: Any) -> None:
        self.site = site
        self.tab = browser.new_context(**context).new_page()
        self.dialogs: list[str] = []
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.tab.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.tab.on("request", lambda r: self.requests.append(r.url))
        self.tab.on("pageerror", lambda e: self.errors.append(str(e)))
        self.tab.on(
            "console", lambda m: m.type == "error" and self.errors.append(m.text)
        )

    def open(self, path: str, ready: str) -> Any:
        self.tab.goto(f"file://{self.site}/{path}")
        self.tab.wait_for_selector(ready)
        return self.tab

    def assert_harmless(self) -> None:
        """Nothing ran but the report's own script, and nothing left the report's folder."""
        assert self.dialogs == []
        assert self.errors == []
        assert self.requests
        outside = [u for u in self.requests if not u.startswith(f"file://{self.site}/")]
        assert outside == []


@pytest.fixture
def visit(browser: Any, hostile_run: Path) -> Iterator[Visit]:
    v = Visit(browser, hostile_run / "report")
    yield v
    v.tab.context.close()


def test_the_overview_shows_the_runs_figures(visit: Visit, hostile_run: Path) -> None:
    stats = json.loads((hostile_run / "stats.json").read_text())
    tab = visit.open("index.html", ".figures")
    shown = {
        f.locator("span").inner_text(): f.locator("strong").inner_text()
        for f in tab.locator(".figure").all()
    }
    assert shown["records read"] == f"{stats['records_in']:,}"
    assert shown["stories"] == f"{stats['stories']:,}"
    assert shown["clusters"] == f"{stats['clusters']['clusters']:,}"
    assert shown["rejects"] == f"{stats['rejects']:,}"
    reasons = [k for k in stats["lines"] if k.startswith("removed:")]
    removed = tab.locator("table.chart", has_text="Removed lines by reason")
    assert removed.locator("tbody tr").count() == len(reasons)
    # The largest outlets, each with the share of its text that was chrome.
    outlets = tab.locator("table.outlets tbody tr")
    assert outlets.count() == len({s["source"] for s in read_jsonl(hostile_run / "stories.jsonl")})
    assert all(t.endswith("%") for t in outlets.locator("td:last-child").all_inner_texts())
    visit.assert_harmless()


def _cluster_with_a_changed_paragraph(out: Path) -> tuple[copydesk.ClusterRecord, list]:
    bodies = {s.story_id: s.body for s in copydesk.read_stories(out)}
    for cluster in copydesk.read_clusters(out):
        canonical = bodies[cluster.canonical]
        for copy in cluster.members[1:]:
            blocks = copy_diff(canonical, bodies[copy.story_id])
            if any(kind == "changed" for kind, _ in blocks):
                return cluster, blocks
    raise AssertionError("the demo has a copy with a changed paragraph")


def test_a_cluster_page_shows_its_copies_and_a_word_diff(visit: Visit, hostile_run: Path) -> None:
    cluster, blocks = _cluster_with_a_changed_paragraph(hostile_run)
    tab = visit.open(f"cluster.html#{key(cluster.cluster_id)}", ".timeline")
    assert tab.locator("h1").inner_text() == cluster.headline
    assert tab.locator(".timeline tbody tr").count() == cluster.size
    assert tab.locator("section.copy").count() == cluster.size - 1
    relations = tab.locator("section.copy .relation").all_inner_texts()
    assert sorted(relations) == sorted(str(m.relation) for m in cluster.members[1:])
    # The words the copy changed, cut and added inside one paragraph.
    marks = next(value for kind, value in blocks if kind == "changed")
    cut = [words for mark, words in marks if mark == "-"]
    added = [words for mark, words in marks if mark == "+"]
    shown_cut = tab.locator(".diff .changed del").all_inner_texts()
    shown_added = tab.locator(".diff .changed ins").all_inner_texts()
    assert set(cut) <= set(shown_cut)
    assert set(added) <= set(shown_added)
    assert cut or added
    # The timeline's relation of a copy leads to that copy's diff, on the same page.
    tab.locator(".timeline tbody a", has_text=str(cluster.members[1].relation)).first.click()
    assert tab.locator("section.copy").count() == cluster.size - 1
    assert tab.evaluate("location.hash").startswith("#copy-")
    visit.assert_harmless()


def _assert_shown_as_text(tab: Any) -> None:
    text = tab.locator("main").inner_text()
    for line in HOSTILE_LINES:
        assert line in text
    assert tab.locator("main script, img, iframe, object, embed").count() == 0
    assert tab.locator("a[href^='javascript' i]").count() == 0
    scripts = tab.evaluate("[...document.scripts].map(s => s.src)")
    assert [s.rsplit("/", 1)[-1] for s in scripts] == ["report.js"]


def test_hostile_page_text_is_shown_as_text_and_runs_nothing(
    visit: Visit, hostile_run: Path
) -> None:
    tab = visit.open(f"page.html#{key(HOSTILE_DOC)}", "table.audit")
    _assert_shown_as_text(tab)
    assert "javascript:alert(4)" in tab.locator("table.audit").inner_text()
    # Its story's cluster page shows the same text as the canonical copy's.
    tab.locator("main ul a[href^='cluster.html#']").first.click()
    tab.wait_for_selector(".story")
    _assert_shown_as_text(tab)
    visit.assert_harmless()


def test_a_page_without_a_story_is_reached_from_the_overviews_rejects(visit: Visit) -> None:
    tab = visit.open("index.html", "details.rejects")
    tab.locator("details.rejects summary").click()
    tab.get_by_role("link", name=CHROME_DOC).click()
    tab.wait_for_selector("table.audit")
    assert tab.locator("main h2").first.inner_text() == "No story"
    assert "<script>alert(5)</script>" in tab.locator("table.audit").inner_text()
    assert tab.locator("table.audit tbody tr.fate-removed").count() == 5
    visit.assert_harmless()


def test_the_cluster_list_opens_sorts_and_filters(visit: Visit, hostile_run: Path) -> None:
    clusters = read_jsonl(hostile_run / "clusters.jsonl")
    tab = visit.open("clusters.html", "table.list tbody tr")
    tab.wait_for_function(LIST_OPENED)
    assert tab.evaluate("window.copydeskListShown") < OPENS_WITHIN_MS
    rows = tab.locator("table.list tbody tr")
    assert rows.count() == min(50, len(clusters))
    assert rows.first.locator("td").first.inner_text() == str(max(c["size"] for c in clusters))

    tab.select_option("select", "first")
    tab.get_by_role("button", name="latest first").click()
    earliest = min(c["first_date"] for c in clusters if c["first_date"])
    assert rows.first.locator("td.date").inner_text().startswith(earliest)

    wanted = clusters[3]["headline"]
    tab.get_by_label("Headline").fill(" ".join(wanted.split()[:3]))
    headlines = tab.locator("table.list tbody a").all_inner_texts()
    assert wanted in headlines
    assert all(wanted.split()[0].lower() in h.lower() for h in headlines)

    tab.get_by_label("Headline").fill("")
    outlet = "lakemont-tribune.example"
    tab.get_by_label("Outlet").fill(outlet)
    assert rows.count() == sum(outlet in c["outlets"] for c in clusters)
    visit.assert_harmless()


def test_keyboard_reaches_a_cluster(visit: Visit) -> None:
    tab = visit.open("clusters.html", "table.list tbody a")
    tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.className") == "skip"
    tab.keyboard.press("Enter")
    for _ in range(40):  # from the content, through the filters, to the first cluster
        tab.keyboard.press("Tab")
        if tab.evaluate("document.activeElement.getAttribute('href') || ''").startswith("cluster"):
            break
    tab.keyboard.press("Enter")
    tab.wait_for_selector(".timeline")
    visit.assert_harmless()


@pytest.mark.parametrize("view", ["index.html", "clusters.html", "page.html#"])
def test_a_phone_sized_screen_needs_no_sideways_scrolling(
    browser: Any, hostile_run: Path, view: str
) -> None:
    phone = Visit(browser, hostile_run / "report", viewport={"width": 360, "height": 740})
    if view.endswith("#"):
        view += key(HOSTILE_DOC)
    tab = phone.open(view, "main h1")
    assert tab.evaluate("document.documentElement.scrollWidth") <= 360
    phone.assert_harmless()
    tab.context.close()


def test_a_run_without_audit_says_how_to_get_it(
    browser: Any, hostile_run: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    for name in ("stories.jsonl", "clusters.jsonl", "rejects.jsonl", "stats.json"):
        shutil.copy(hostile_run / name, out / name)
    write_report(out)
    v = Visit(browser, out / "report")
    tab = v.open(f"page.html#{key(HOSTILE_DOC)}", "main h2")
    assert "--audit" in tab.locator("main").inner_text()
    assert tab.locator("table.audit").count() == 0
    v.assert_harmless()
    tab.context.close()


def test_the_wire_dev_cluster_list_opens_within_two_seconds(
    browser: Any, tmp_path: Path
) -> None:
    pages = shared_path("bench", "wire-dev", "pages.jsonl.gz")
    out = tmp_path / "wire-dev"
    copydesk.run(pages, out, report=True)
    v = Visit(browser, out / "report")
    tab = v.open("clusters.html", "table.list tbody tr")
    tab.wait_for_function(LIST_OPENED)
    shown, loaded = tab.evaluate("[window.copydeskListShown, window.copydeskListLoaded]")
    print(f"wire-dev cluster list: shown {shown:.0f} ms, all loaded {loaded:.0f} ms")
    assert shown < OPENS_WITHIN_MS
    v.assert_harmless()
    tab.context.close()
