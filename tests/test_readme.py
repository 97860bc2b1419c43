"""The README's Python examples, run as they are written: one page, a corpus, and the
Parquet output read by pandas and DuckDB."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import ROOT

BLOCK = re.compile(r"^```python\n(.*?)^```$", re.S | re.M)


def test_the_readmes_python_examples_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    # Each block at its own lines, so that a failure names the README's line.
    blocks = ["\n" * readme.count("\n", 0, m.start(1)) + m[1] for m in BLOCK.finditer(readme)]
    assert len(blocks) == 3
    # As from a checkout: the demo corpus under examples/, the output written beside it.
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    monkeypatch.chdir(tmp_path)
    namespace: dict = {}
    for block in blocks:
        exec(compile(block, "README.md", "exec"), namespace)
    assert (tmp_path / "out" / "demo" / "stories.parquet").exists()
    assert re.search(r"^6 .+ \['truncated'", capsys.readouterr().out, re.M)
