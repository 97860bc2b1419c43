"""Build OUT/report/ from a finished run, streaming its files once each, in time linear in
the run.

In memory: the overview's counts (by date, outlet, reject reason), the first page of the
cluster list, the stories of one bucket (1/256 of them, below) at a time, and each page's
outlet (a doc_id and a name a page: the audit does not name the outlet, the stories do).
Everything else goes to disk as it is read.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import date
from importlib import resources
from pathlib import Path
from typing import IO, Any

from copydesk.cluster.show import align, word_diff
from copydesk.records import reject_group
from copydesk.writers.folder import REPORT, REPORT_MARK, clear_report
from copydesk.writers.read import cluster_rows, finished, jsonl_rows, story_rows
from copydesk.writers.report import data
from copydesk.writers.report.pages import PAGES

# The stories wait on disk in BUCKETS scratch files by their cluster, the clusters' rows
# beside them, until each bucket is read back whole: memory holds a bucket's stories, and
# the disk sees 512 scratch files, not one a cluster.
BUCKETS = 256
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
    clusters_in = stats.get("clusters", {}).get("clusters", 0)
    layout = {"c": data.width(clusters_in), "p": data.width(stats["pages"])}
    scratch = building / "scratch"
    scratch.mkdir()

    overview = _Overview(stats)
    with _buckets(scratch, "stories") as stories:
        outlet_of = _stories(out, store, layout["p"], stories, overview)
    with _buckets(scratch, "clusters") as clusters:
        listed = _list(out, store, clusters)
    for bucket in range(BUCKETS):
        _cluster_pages(scratch, bucket, store, layout["c"])
    audit = (out / "audit.jsonl").exists()
    if audit:
        _audit(out / "audit.jsonl", store, layout["p"], outlet_of, overview)
    del outlet_of
    _rejects(out, overview, audit)
    shutil.rmtree(scratch)
    store.flush()
    store.write("layout", layout)
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


@contextmanager
def _buckets(scratch: Path, kind: str) -> Iterator[list[IO[str]]]:
    """BUCKETS scratch files of one kind, open for writing."""
    with ExitStack() as files:
        yield [
            files.enter_context(open(scratch / f"{kind}-{b:02x}.jsonl", "w", encoding="utf-8"))
            for b in range(BUCKETS)
        ]


def _bucket(k: str) -> int:
    return int(k[:2], 16)  # a key is a hex digest: its clusters spread evenly


def _stories(
    out: Path, store: data.Store, digits: int, buckets: list[IO[str]], overview: _Overview
) -> dict[str, str]:
    """Each story to its cluster's bucket and its page's data file; returns each page's
    outlet."""
    outlet_of: dict[str, str] = {}
    for row in story_rows(out):
        ck, pk = data.key(row["cluster_id"]), data.key(row["doc_id"])
        copy = {k: row[k] for k in _COPY_FIELDS} | {"cluster": ck}
        buckets[_bucket(ck)].write(json.dumps(copy) + "\n")
        page = {
            "key": pk, "doc_id": row["doc_id"], "source": row["source"], "url": row["url"],
            "story": {k: row[k] for k in _PAGE_FIELDS} | {"cluster": ck},
        }
        store.add(data.name("p", pk, digits), page)
        if row["date"]:
            overview.dates[row["date"]] += 1
        if row["source"]:
            overview.stories[row["source"]] += 1
            outlet_of[row["doc_id"]] = row["source"]
    return outlet_of


def _list(out: Path, store: data.Store, buckets: list[IO[str]]) -> dict[str, Any]:
    """The list's index, in the order of clusters.jsonl, and each cluster to its bucket;
    returns the list's first page and its size."""
    chunk: list[list[Any]] = []
    chunks = 0
    count = 0
    top: list[tuple[tuple[int, str, int], list[Any]]] = []  # the first page, and a few more
    for row in cluster_rows(out):
        ck = data.key(row["cluster_id"])
        buckets[_bucket(ck)].write(json.dumps(row | {"cluster": ck}) + "\n")
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


def _cluster_pages(scratch: Path, bucket: int, store: data.Store, digits: int) -> None:
    """The data file of each cluster in one bucket: its copies and their diffs."""
    stories = scratch / f"stories-{bucket:02x}.jsonl"
    clusters = scratch / f"clusters-{bucket:02x}.jsonl"
    copies: defaultdict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for copy in jsonl_rows(stories):
        copies[copy.pop("cluster")][copy["story_id"]] = copy
    for row in jsonl_rows(clusters):
        ck = row.pop("cluster")
        store.add(data.name("c", ck, digits), _cluster(ck, row, copies.pop(ck, {})))
    stories.unlink()
    clusters.unlink()


def _spread(first: str | None, last: str | None) -> int | None:
    """Days from the first copy to the last."""
    try:
        return (date.fromisoformat(last) - date.fromisoformat(first)).days  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def _cluster(ck: str, row: dict[str, Any], copies: dict[str, dict[str, Any]]) -> dict[str, Any]:
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
        "key": ck, "cluster_id": row["cluster_id"], "size": row["size"],
        "headline": row["headline"],
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


def _audit(
    path: Path, store: data.Store, digits: int, outlet_of: dict[str, str], overview: _Overview
) -> None:
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
        pk = data.key(doc_id)
        store.add(data.name("p", pk, digits), {"key": pk, "doc_id": doc_id, "lines": rows})


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
