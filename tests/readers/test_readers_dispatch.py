"""read_file: the cap on the rejects listed for one file."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from copydesk.readers import read_inputs
from copydesk.readers.dispatch import MAX_REJECTS_PER_FILE
from copydesk.records import Page, Reject


def test_a_file_of_junk_lines_lists_a_few_rejects_and_counts_the_rest(tmp_path: Path) -> None:
    junk = 20_000
    lines = [b"not json at all"] * junk + [json.dumps({"id": "late", "text": "Read."}).encode()]
    path = tmp_path / "junk.jsonl.gz"
    path.write_bytes(gzip.compress(b"\n".join(lines) + b"\n"))
    assert path.stat().st_size < 2048
    records = list(read_inputs([str(path)]))
    rejects = [r for r in records if isinstance(r, Reject)]
    assert len(rejects) == MAX_REJECTS_PER_FILE + 1
    assert sum(r.count for r in rejects) == junk
    summary = rejects[-1]
    assert summary == Reject(
        str(path),
        f"rejects not listed: {junk - MAX_REJECTS_PER_FILE:,} more in this file (the first "
        f"{MAX_REJECTS_PER_FILE:,} are)",
        count=junk - MAX_REJECTS_PER_FILE,
    )
    # Reading went on past the cap: the good line after the junk is a page.
    assert [r.doc_id for r in records if isinstance(r, Page)] == ["late"]


def test_the_cap_is_per_file(tmp_path: Path) -> None:
    for name in ("a.jsonl", "b.jsonl"):
        (tmp_path / name).write_text("junk\n" * (MAX_REJECTS_PER_FILE + 1))
    rejects = [r for r in read_inputs([str(tmp_path)]) if isinstance(r, Reject)]
    assert len(rejects) == 2 * (MAX_REJECTS_PER_FILE + 1)
    summaries = [r for r in rejects if r.reason.startswith("rejects not listed: ")]
    assert [(r.origin, r.count) for r in summaries] == [
        (str(tmp_path / "a.jsonl"), 1), (str(tmp_path / "b.jsonl"), 1)
    ]
