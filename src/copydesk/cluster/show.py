"""`copydesk clusters` and `copydesk diff`: a finished run's clusters, for a person to read.

The text printed is page text from the crawl: control characters are replaced so that a page
cannot drive the terminal.
"""

from __future__ import annotations

import difflib
import heapq
import json
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from copydesk.cluster.text import paragraphs, words


def printable(text: str) -> str:
    return "".join(
        "\ufffd" if unicodedata.category(c) == "Cc" and c not in "\n\t" else c for c in text
    )


def _clusters(out: Path) -> Iterator[dict[str, Any]]:
    with open(out / "clusters.jsonl", encoding="utf-8") as f:
        for line in f:
            yield json.loads(line)


def print_clusters(out: Path, top: int) -> int:
    """The `top` largest clusters (ties: the earliest first), one paragraph each."""
    rows = heapq.nsmallest(
        top, _clusters(out), key=lambda r: (-r["size"], r["first_date"] or "", r["cluster_id"])
    )
    for r in rows:
        dates = r["first_date"] or "undated"
        if r["last_date"] and r["last_date"] != r["first_date"]:
            dates += f" to {r['last_date']}"
        outlets = ", ".join(r["outlets"]) or "unknown outlets"
        print(printable(f"{r['size']:>4} copies  {r['headline'] or '(no headline)'}"))
        print(printable(f"      {dates}; {outlets}"))
        print(f"      cluster {r['cluster_id']}, canonical copy {r['canonical']}\n")
    return 0


def paragraph_diff(canonical: str, copy: str) -> list[tuple[str, str]]:
    """The copy against the canonical body, paragraph by paragraph, as (mark, text):
    '=' a count of paragraphs both have (words compared, typography aside), '-' a paragraph
    only the canonical copy has, '+' one only the copy has."""
    a, b = paragraphs(canonical), paragraphs(copy)
    matcher = difflib.SequenceMatcher(
        None, [" ".join(words(p)) for p in a], [" ".join(words(p)) for p in b], autojunk=False
    )
    lines = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            lines.append(("=", f"{i2 - i1} paragraph{'s' * (i2 - i1 > 1)} the same"))
            continue
        lines += [("-", p) for p in a[i1:i2]]
        lines += [("+", p) for p in b[j1:j2]]
    return lines


def _stories(out: Path, cluster: str) -> dict[str, dict[str, Any]]:
    if (out / "stories.parquet").exists():
        table = pq.read_table(out / "stories.parquet", filters=[("cluster_id", "=", cluster)])
        rows = table.to_pylist()
    else:
        with open(out / "stories.jsonl", encoding="utf-8") as f:
            rows = [r for line in f if (r := json.loads(line))["cluster_id"] == cluster]
    return {r["story_id"]: r for r in rows}


def print_diff(out: Path, cluster: str) -> int:
    """Each copy of the cluster against its canonical copy. LookupError if there is no
    such cluster."""
    row = next((r for r in _clusters(out) if r["cluster_id"] == cluster), None)
    if row is None:
        raise LookupError(f"no cluster {cluster!r} in {out / 'clusters.jsonl'}")
    stories = _stories(out, cluster)
    canon = stories[row["canonical"]]
    print(printable(f"cluster {cluster}: {row['size']} copies of “{row['headline']}”"))
    print(printable(f"canonical copy {canon['story_id']} ({canon['source']}, {canon['date']})"))
    for m in row["members"][1:]:
        copy = stories[m["story_id"]]
        print(
            printable(
                f"\n--- {m['story_id']} ({m['source']}, {m['date']}): {m['relation']}, "
                f"{m['similarity']:.0%} of its text in the canonical copy"
            )
        )
        for mark, text in paragraph_diff(canon["body"], copy["body"]):
            print(printable(f"{mark} {text}"))
    return 0
