"""`copydesk clusters` and `copydesk diff`: a finished run's clusters, for a person to read.

The text printed is page text from the crawl: control characters are replaced so that a page
cannot drive the terminal.
"""

from __future__ import annotations

import difflib
import heapq
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any

from copydesk.cluster.text import paragraphs, words
from copydesk.writers.read import cluster_rows, story_rows


def counted(n: int, noun: str, plural: str = "") -> str:
    """`1 story`, `2 stories`: a count as a person writes it."""
    return f"{n} {noun if n == 1 else plural or noun + 's'}"


def printable(text: str) -> str:
    return "".join(
        "\ufffd" if unicodedata.category(c) == "Cc" and c not in "\n\t" else c for c in text
    )


def print_clusters(out: Path, top: int) -> int:
    """The `top` largest clusters (ties: the earliest first), one paragraph each."""
    rows = heapq.nsmallest(
        top, cluster_rows(out), key=lambda r: (-r["size"], r["first_date"] or "", r["cluster_id"])
    )
    for r in rows:
        dates = r["first_date"] or "undated"
        if r["last_date"] and r["last_date"] != r["first_date"]:
            dates += f" to {r['last_date']}"
        outlets = ", ".join(r["outlets"]) or "unknown outlets"
        copies = "copy" if r["size"] == 1 else "copies"
        print(printable(f"{r['size']:>4} {copies:6}  {r['headline'] or '(no headline)'}"))
        print(printable(f"      {dates}; {outlets}"))
        print(f"      cluster {r['cluster_id']}, canonical copy {r['canonical']}\n")
    return 0


# A changed paragraph: the copy's paragraph shares at least this share of its words, in order,
# with the canonical one it stands for; less, and it is one paragraph cut and another added.
CHANGED = 0.5


def align(canonical: str, copy: str) -> list[tuple[str, list[str], list[str]]]:
    """The copy's paragraphs against the canonical body's, as difflib's opcodes
    (`equal`, `delete`, `insert`, `replace`) with the paragraphs of each side. Paragraphs are
    compared by their words (typography aside)."""
    a, b = paragraphs(canonical), paragraphs(copy)
    matcher = difflib.SequenceMatcher(
        None, [" ".join(words(p)) for p in a], [" ".join(words(p)) for p in b], autojunk=False
    )
    return [(tag, a[i1:i2], b[j1:j2]) for tag, i1, i2, j1, j2 in matcher.get_opcodes()]


def paragraph_diff(canonical: str, copy: str) -> list[tuple[str, str]]:
    """The copy against the canonical body, paragraph by paragraph, as (mark, text):
    '=' a count of paragraphs both have (words compared, typography aside), '-' a paragraph
    only the canonical copy has, '+' one only the copy has."""
    lines = []
    for tag, a, b in align(canonical, copy):
        if tag == "equal":
            lines.append(("=", f"{len(a)} paragraph{'s' * (len(a) > 1)} the same"))
            continue
        lines += [("-", p) for p in a]
        lines += [("+", p) for p in b]
    return lines


@lru_cache(maxsize=1 << 16)
def _token(word: str) -> str:
    """A word of the text as clustering reads it (cached: a report compares every word of
    every changed paragraph, most of them common words)."""
    return " ".join(words(word))


def word_diff(canonical: str, copy: str) -> list[tuple[str, str]] | None:
    """Within one paragraph, the copy's words against the canonical one's as (mark, words):
    '=' kept, '-' cut, '+' added; None if they share less than CHANGED of their words (not
    one paragraph changed, but another)."""
    a, b = canonical.split(), copy.split()
    matcher = difflib.SequenceMatcher(
        None, [_token(w) for w in a], [_token(w) for w in b], autojunk=False
    )
    if matcher.ratio() < CHANGED:
        return None
    marks = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            marks.append(("=", " ".join(b[j1:j2])))
            continue
        if i2 > i1:
            marks.append(("-", " ".join(a[i1:i2])))
        if j2 > j1:
            marks.append(("+", " ".join(b[j1:j2])))
    return marks


def _stories(out: Path, cluster: str) -> dict[str, dict[str, Any]]:
    if (out / "stories.parquet").exists():
        import pyarrow.parquet as pq  # here: reading JSON Lines needs no pyarrow

        table = pq.read_table(out / "stories.parquet", filters=[("cluster_id", "=", cluster)])
        rows = table.to_pylist()
    else:
        rows = [r for r in story_rows(out) if r["cluster_id"] == cluster]
    return {r["story_id"]: r for r in rows}


def print_diff(out: Path, cluster: str) -> int:
    """Each copy of the cluster against its canonical copy. LookupError if there is no
    such cluster."""
    row = next((r for r in cluster_rows(out) if r["cluster_id"] == cluster), None)
    if row is None:
        raise LookupError(f"no cluster {cluster!r} in {out / 'clusters.jsonl'}")
    stories = _stories(out, cluster)
    canon = stories[row["canonical"]]
    copies = counted(row["size"], "copy", "copies")
    print(printable(f"cluster {cluster}: {copies} of “{row['headline']}”"))
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
