"""The report's cost and speed: `copydesk report OUT/`'s wall time and peak memory (under
/usr/bin/time -v), and how fast its cluster list opens in headless chromium.

    python bench/report.py demo         # the bundled demo corpus
    python bench/report.py wire         # ../shared/bench/wire-dev
    python bench/report.py synthetic [N]  # an invented run of N clusters (default 100,000)

A set is first run (`copydesk run SET -o bench/out/report-SET --workers 1 --audit`); the
synthetic run's files are written directly (invented outlets, headlines and bodies; one
cluster in ten of three copies, one of them cut short). The list's opening time is from the
navigation's start to its first page drawn (`window.copydeskListShown`), and to the whole
list loaded behind it (`copydeskListLoaded`), the best of three loads.
"""

from __future__ import annotations

import json
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

from copydesk.shared import BENCH

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # tests.browser: chromium as the tests drive it
OUT = ROOT / "bench" / "out"
SETS = {
    "demo": ROOT / "examples" / "corpus",
    "wire": BENCH / "wire-dev" / "pages.jsonl.gz",
}
COPYDESK = [sys.executable, "-m", "copydesk.cli"]
WORDS = (
    "council", "harbour", "ferry", "vote", "budget", "school", "strike", "mill", "quarry",
    "flood", "storm", "bridge", "road", "rail", "court", "mayor", "union", "farmers",
    "drought", "hospital", "museum", "fire", "police", "river", "port", "plan", "delay",
    "approves", "rejects", "opens", "closes", "warns", "cuts", "raises", "record", "year",
)


def timed_report(out: Path) -> dict[str, float]:
    """`copydesk report OUT` under /usr/bin/time -v: wall and CPU seconds, peak RSS in MB. An
    earlier report is removed first, untimed."""
    shutil.rmtree(out / "report", ignore_errors=True)
    done = subprocess.run(
        ["/usr/bin/time", "-v", *COPYDESK, "report", str(out)],
        capture_output=True, text=True, check=True,
    )
    wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", done.stderr)
    assert wall, done.stderr
    hours, minutes, seconds = wall.groups()
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    assert rss, done.stderr
    files = sum(1 for p in (out / "report").rglob("*") if p.is_file())
    cpu = sum(
        float(m) for m in re.findall(r"(?:User|System) time \(seconds\): ([\d.]+)", done.stderr)
    )
    return {
        "wall_s": int(hours or 0) * 3600 + int(minutes) * 60 + float(seconds),
        "cpu_s": round(cpu, 2),
        "peak_rss_mb": round(int(rss[1]) / 1024, 1),
        "files": files,
    }


def list_opening(out: Path) -> dict[str, float]:
    from playwright.sync_api import sync_playwright
    from tests.browser import LIST_OPENED, launch

    shown, loaded = [], []
    with sync_playwright() as driver:
        browser = launch(driver)
        for _ in range(3):
            tab = browser.new_context().new_page()
            tab.goto(f"file://{out / 'report' / 'clusters.html'}")
            tab.wait_for_function(LIST_OPENED, timeout=120_000)
            first, last = tab.evaluate("[window.copydeskListShown, window.copydeskListLoaded]")
            shown.append(first)
            loaded.append(last)
            tab.context.close()
        browser.close()
    return {"list_shown_ms": round(min(shown)), "list_loaded_ms": round(min(loaded))}


def run_set(name: str) -> Path:
    out = OUT / f"report-{name}"
    subprocess.run(
        [*COPYDESK, "run", str(SETS[name]), "-o", str(out), "--workers", "1", "--audit",
         "--quiet"],
        check=True,
    )
    return out


def synthetic(clusters: int) -> Path:
    """An invented run's output folder with `clusters` clusters."""
    out = OUT / f"report-synthetic-{clusters}"
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(15)
    outlets = [f"outlet-{n:03d}.example" for n in range(300)]
    stories = 0
    with open(out / "stories.jsonl", "w") as s, open(out / "clusters.jsonl", "w") as c:
        for n in range(clusters):
            headline = " ".join(rng.choice(WORDS) for _ in range(8)).capitalize()
            body = "\n\n".join(
                " ".join(rng.choice(WORDS) for _ in range(40)) + "." for _ in range(4)
            )
            day = f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            size = 3 if n % 10 == 0 else 1
            cluster_id = f"{n:016x}"
            members = []
            for copy in range(size):
                story_id = f"{n:012x}{copy:04x}"
                source = rng.choice(outlets)
                row = {
                    "story_id": story_id, "doc_id": f"{source}/{n}-{copy}", "source": source,
                    "url": f"https://{source}/{n}", "position": 0, "primary": True,
                    "headline": headline, "byline": None, "dateline": None, "date": day,
                    "lang": "en", "body": body if copy != 2 else body.split("\n\n")[0],
                    "captions": [], "corrections": [], "cluster_id": cluster_id,
                    "canonical": copy == 0,
                    "relation": None if copy == 0 else ("identical", "truncated")[copy - 1],
                }
                s.write(json.dumps(row) + "\n")
                members.append({k: row[k] for k in ("story_id", "doc_id", "source", "date",
                                                    "relation")} | {"similarity": 1.0})
                stories += 1
            c.write(json.dumps({
                "cluster_id": cluster_id, "size": size, "canonical": members[0]["story_id"],
                "headline": headline, "dateline": None, "first_date": day, "last_date": day,
                "outlets": sorted({m["source"] for m in members}), "members": members,
            }) + "\n")
    (out / "rejects.jsonl").write_text("")
    stats = {
        "records_in": stories, "pages": stories, "pages_with_stories": stories,
        "pages_without_stories": 0, "stories": stories, "rejects": 0, "reject_reasons": {},
        "skipped": {}, "lines": {"body": 4 * stories}, "input_mb": 0,
        "clusters": {"clusters": clusters, "singletons": clusters - clusters // 10,
                     "size_distribution": {"1": clusters - clusters // 10,
                                           "3": clusters // 10}, "largest": []},
        "seconds": {},
    }
    (out / "stats.json").write_text(json.dumps(stats))
    return out


def main(argv: list[str]) -> None:
    name = argv[0] if argv else "demo"
    out = synthetic(int(argv[1]) if len(argv) > 1 else 100_000) if name == "synthetic" \
        else run_set(name)
    stats = json.loads((out / "stats.json").read_text())
    figures = {
        "set": name, "pages": stats["pages"], "stories": stats["stories"],
        "clusters": stats["clusters"]["clusters"],
    } | timed_report(out) | list_opening(out)
    print(json.dumps(figures))


if __name__ == "__main__":
    main(sys.argv[1:])
