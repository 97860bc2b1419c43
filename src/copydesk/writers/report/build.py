"""Build OUT/report/ from a finished run, streaming its files once each, in time linear in
the run.

In memory: the overview's counts (by date, outlet, reject reason), the first page of the
cluster list, one cluster's copies at a time, and each page's outlet (a doc_id and a name a
page: the audit does not name the outlet, the stories do). Everything else goes to disk as it
is read: a cluster's copies wait in a scratch file (one a cluster) until its line of
clusters.jsonl comes, when its diffs are made and its data file written.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from copydesk.cluster.show import align, word_diff
from copydesk.records import reject_group
from copydesk.writers.folder import REPORT, REPORT_MARK, clear_report
from copydesk.writers.read import cluster_rows, finished, jsonl_rows, story_rows
from copydesk.writers.report import data
from copydesk.writers.report.pages import PAGES

# Clusters a file of the list's index: the list loads them after its first page is shown.
LIST_CHUNK = 5000
# Clusters a page of the list; the first page, by size, is written apart so that the list
# opens without waiting for the rest.
LIST_PAGE = 50
OUTLETS = 30  # outlets in the overview's table
EXAMPLES = 5  # rejects shown for each reason
# What of a story its page view and its cluster page show (the body only on the latter).
_PAGE_FIELDS = ("story_id", "position", "primary", "headline", "date", "relation", "canonical")
_COPY_FIELDS = (
    "story_id", "doc_id", "source", "url", "headline", "byline", "dateline", "date", "lang",
    "body", "captions", "corrections", "relation",
)


def write_report(out: Path) -> Path:
    """Write OUT/report/ (replacing an earlier one) and return its index.html."""
    stats = finished(out)
    site = out / REPORT
    clear_report(site)  # first: a folder of that name not ours stops it before any work
    building = out / f".copydesk-building-{REPORT}"
    shutil.rmtree(building, ignore_errors=True)
    building.mkdir()
    store = data.Store(building / "data")
    scratch = building / "scratch"
    scratch.mkdir()

    overview = _Overview(stats)
    outlet_of = _stories(out, store, scratch, overview)
    listed = _clusters(out, store, scratch)
    audit = (out / "audit.jsonl").exists()
    if audit:
        _audit(out / "audit.jsonl", store, outlet_of, overview)
    del outlet_of
    _rejects(out, overview, audit)
    shutil.rmtree(scratch)
    store.write("list/top", listed)
    store.write("overview", overview.value(audit))
    assets = resources.files("copydesk.writers.report") / "assets"
    for asset in ("report.css", REPORT_MARK):
        (building / asset).write_bytes((assets / asset).read_bytes())
    for file_name, html in PAGES.items():
        (building / file_name).write_text(html, encoding="utf-8")

    building.rename(site)
    return site / "index.html"


class _Overview:
    def __init__(self, stats: dict[str, Any]) -> None:
        self.stats = stats
        self.dates: Counter[str] = Counter()
        self.stories: Counter[str] = Counter()  # stories an outlet
        self.lines: defaultdict[str, Counter[str]] = defaultdict(Counter)  # outlet → chars
        self.rejects: Counter[str] = Counter()
        self.examples: defaultdict[str, list[dict[str, Any]]] = defaultdict(list)

    def value(self, audit: bool) -> dict[str, Any]:
        s = self.stats
        outlets = []
        for outlet, n in self.stories.most_common(OUTLETS):
            chars = self.lines.get(outlet)
            kept = chars and chars["body"] + chars["caption"] + chars["metadata"]
            total = chars and kept + chars["removed"]
            outlets.append([outlet, n, round(chars["removed"] / total, 4) if total else None])
        return {
            "figures": {
                name: s[name]
                for name in ("records_in", "pages_with_stories", "pages_without_stories",
                             "stories", "rejects", "input_mb")
            } | {"clusters": s.get("clusters", {}).get("clusters", 0)},
            "lines": s["lines"],
            "skipped": s.get("skipped", {}),
            "sizes": s.get("clusters", {}).get("size_distribution", {}),
            "dates": sorted(self.dates.items()),
            "outlets": outlets,
            "rejects": [[r, n, self.examples[r]] for r, n in self.rejects.most_common()],
            "largest": [
                c | {"cluster": data.key(c["cluster_id"])}
                for c in s.get("clusters", {}).get("largest", [])
            ],
            "audit": audit,
        }


def _stories(out: Path, store: data.Store, scratch: Path, overview: _Overview) -> dict[str, str]:
    """Each story to its cluster's scratch file and its page's data file; returns each
    page's outlet."""
    outlet_of: dict[str, str] = {}
    for row in story_rows(out):
        ck, pk = data.key(row["cluster_id"]), data.key(row["doc_id"])
        with open(scratch / f"{ck}.jsonl", "a", encoding="utf-8") as f:
            f.write(json.dumps({k: row[k] for k in _COPY_FIELDS}) + "\n")
        page = {
            "doc_id": row["doc_id"], "source": row["source"], "url": row["url"],
            "story": {k: row[k] for k in _PAGE_FIELDS} | {"cluster": ck},
        }
        store.write(data.name("p", pk), page, append=True)
        if row["date"]:
            overview.dates[row["date"]] += 1
        if row["source"]:
            overview.stories[row["source"]] += 1
            outlet_of[row["doc_id"]] = row["source"]
    return outlet_of


def _clusters(out: Path, store: data.Store, scratch: Path) -> dict[str, Any]:
    """Each cluster's data file (its copies and their diffs) and the list's index; returns
    the list's first page and its size."""
    chunk: list[list[Any]] = []
    chunks = 0
    count = 0
    top: list[tuple[tuple[int, str, int], list[Any]]] = []  # the first page, and a few more
    for row in cluster_rows(out):
        ck = data.key(row["cluster_id"])
        copies = {c["story_id"]: c for c in jsonl_rows(scratch / f"{ck}.jsonl")}
        (scratch / f"{ck}.jsonl").unlink()
        store.write(data.name("c", ck), _cluster(row, copies))
        entry = [
            ck, row["size"], row["first_date"], row["last_date"],
            _spread(row["first_date"], row["last_date"]), row["headline"], row["outlets"],
        ]
        # The first page as the list opens: the largest first, then the earliest.
        top.append(((-row["size"], row["first_date"] or "~", count), entry))
        if len(top) == 2 * LIST_PAGE:
            top = sorted(top)[:LIST_PAGE]
        count += 1
        chunk.append(entry)
        if len(chunk) == LIST_CHUNK:
            store.write(f"list/{chunks:04d}", chunk)
            chunk, chunks = [], chunks + 1
    if chunk:
        store.write(f"list/{chunks:04d}", chunk)
        chunks += 1
    first = [entry for _, entry in sorted(top)[:LIST_PAGE]]
    return {"clusters": count, "chunks": chunks, "page": LIST_PAGE, "first": first}


def _spread(first: str | None, last: str | None) -> int | None:
    """Days from the first copy to the last."""
    try:
        return (date.fromisoformat(last) - date.fromisoformat(first)).days  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def _cluster(row: dict[str, Any], copies: dict[str, dict[str, Any]]) -> dict[str, Any]:
    canon = copies.get(row["canonical"])
    members = []
    for m in row["members"]:
        copy = copies.get(m["story_id"])
        member = m | {"page": data.key(m["doc_id"])}
        if copy is not None:
            member["url"] = copy["url"]
            member["headline"] = copy["headline"]
            if canon is not None and m["story_id"] != row["canonical"]:
                member["diff"] = copy_diff(canon["body"], copy["body"])
        members.append(member)
    return {
        "cluster_id": row["cluster_id"], "size": row["size"], "headline": row["headline"],
        "first_date": row["first_date"], "last_date": row["last_date"],
        "outlets": row["outlets"], "members": members, "canonical": canon,
    }


def copy_diff(canonical: str, copy: str) -> list[list[Any]]:
    """A copy against the canonical body, as the cluster page shows it: ["same", n] for n
    paragraphs both have, ["cut", text], ["added", text], and ["changed", marks] for a
    paragraph whose words changed (marks: show.word_diff's)."""
    blocks: list[list[Any]] = []
    for tag, cut, added in align(canonical, copy):
        if tag == "equal":
            blocks.append(["same", len(cut)])
            continue
        # A paragraph in place of another is changed if they share most of their words.
        pairs = zip(cut, added, strict=False) if tag == "replace" else ()
        done = 0
        for a, b in pairs:
            marks = word_diff(a, b)
            if marks is None:
                break
            blocks.append(["changed", [list(m) for m in marks]])
            done += 1
        blocks += [["cut", p] for p in cut[done:]]
        blocks += [["added", p] for p in added[done:]]
    return blocks


def _audit(path: Path, store: data.Store, outlet_of: dict[str, str], overview: _Overview) -> None:
    """Each page's lines to its data file, as the audit lists them (a page's lines
    together); and each outlet's characters by what became of them."""
    for doc_id, lines in _pages(path):
        rows = []
        chars = overview.lines[outlet_of.get(doc_id, "")]
        for line in lines:
            chars[line["fate"]] += len(line["text"])
            rows.append([
                line["line"], line["fate"], line.get("reason") or line.get("field"),
                line.get("story_id"), line["text"],
            ])
        page = {"doc_id": doc_id, "lines": rows}
        store.write(data.name("p", data.key(doc_id)), page, append=True)


def _pages(path: Path) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    doc_id, lines = None, []
    for line in jsonl_rows(path):
        if line["doc_id"] != doc_id and lines:
            yield doc_id, lines  # type: ignore[misc]
            lines = []
        doc_id = line["doc_id"]
        lines.append(line)
    if lines:
        yield doc_id, lines  # type: ignore[misc]


def _rejects(out: Path, overview: _Overview, audit: bool) -> None:
    for row in jsonl_rows(out / "rejects.jsonl"):
        group = reject_group(row["reason"])
        overview.rejects[group] += row.get("count", 1)
        if len(overview.examples[group]) < EXAMPLES:
            example = {k: row.get(k) for k in ("origin", "doc_id", "reason")}
            # A page read but holding no story is in the audit: its view says why.
            if audit and row.get("doc_id") and group == "no story":
                example["page"] = data.key(row["doc_id"])
            overview.examples[group].append(example)
