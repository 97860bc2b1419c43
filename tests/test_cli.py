import json
import subprocess
import sys
from pathlib import Path

import pytest

from copydesk.clean.outlet import OutletChrome
from copydesk.cli import EXIT_NOTHING_READ, EXIT_OK, EXIT_USAGE, main
from copydesk.pipeline import PageResult
from copydesk.records import Page
from tests.conftest import DEMO, shared_path


def test_run_writes_outputs_and_summary(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    outlet = DEMO / "harbor-times.example"
    assert main(["run", str(outlet), "-o", str(tmp_path), "--audit"]) == EXIT_OK
    for name in ("stories.jsonl", "rejects.jsonl", "stats.json", "audit.jsonl"):
        assert (tmp_path / name).is_file()
    printed = capsys.readouterr().out
    assert "stories" in printed and "removed" in printed
    first = json.loads((tmp_path / "stories.jsonl").read_text().split("\n")[0])
    assert {"story_id", "doc_id", "source", "body", "captions", "cluster_id"} <= set(first)
    assert first["source"] == "harbor-times.example"


def test_the_command_writes_what_main_writes(tmp_path: Path) -> None:
    # The `copydesk` command is console(): main(), then the heap frozen for a quick exit.
    outlet = DEMO / "harbor-times.example"
    assert main(["run", str(outlet), "-o", str(tmp_path / "main"), "--quiet"]) == EXIT_OK
    command = [sys.executable, "-m", "copydesk.cli", "run", str(outlet), "-o"]
    done = subprocess.run([*command, str(tmp_path / "command")], capture_output=True, timeout=120)
    assert done.returncode == EXIT_OK, done.stderr
    for name in ("stories.jsonl", "clusters.jsonl", "rejects.jsonl"):
        assert (tmp_path / "command" / name).read_bytes() == (tmp_path / "main" / name).read_bytes()
    assert b"stories" in done.stdout


def test_the_summary_counts_as_a_person_writes(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    page = sorted((DEMO / "harbor-times.example").glob("*.txt"))[0]
    assert main(["run", str(page), "-o", str(tmp_path)]) == EXIT_OK
    printed = capsys.readouterr().out
    assert "1 record → 1 page with 1 story, 0 pages without a story, 0 rejects (" in printed
    assert "clusters: 1 (1 of a single copy)" in printed
    assert main(["clusters", str(tmp_path)]) == EXIT_OK
    assert "   1 copy    At 84" in capsys.readouterr().out


def test_nothing_readable_is_its_own_exit_code(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    assert main(["run", str(empty), "-o", str(tmp_path / "o"), "--quiet"]) == EXIT_NOTHING_READ


def test_bad_arguments_exit_2(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["run", "-o", str(tmp_path)])
    assert exc.value.code == EXIT_USAGE
    assert main(["run", str(DEMO), "-o", str(tmp_path), "--workers", "-1"]) == EXIT_USAGE
    # Only the Spark engine writes to a URL, and the report only to a local folder.
    assert main(["run", str(DEMO), "-o", "s3a://bucket/out/"]) == EXIT_USAGE
    url = ["-o", "s3a://bucket/out/", "--engine", "spark", "--report"]
    assert main(["run", str(DEMO), *url]) == EXIT_USAGE
    assert not Path("s3a:").exists()  # no local folder of that name made instead


def test_help_explains_every_option(capsys: pytest.CaptureFixture) -> None:
    with pytest.raises(SystemExit):
        main(["run", "--help"])
    text = capsys.readouterr().out
    for option in ("--out", "--format", "--workers", "--audit", "--quiet", "--comments",
                   "exit codes"):
        assert option in text


def test_comments_are_asked_for_and_degraded_pages_summed_up(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    page = (
        "<html><body><article><h1>Veldmark ferry pier closes</h1><p>The harbour board of "
        "Veldmark voted on Tuesday to close the old ferry pier for repairs that cannot wait."
        "</p>\0<p>Ferries will berth at the fish quay from Monday, the board said, while the "
        "works last eleven weeks.</p></article><div id='comments'><ul class='comment-list'>"
        "<li class='comment'><p>The quay is far too small for all the boats.</p></li></ul></div>"
        "</body></html>"
    )
    (tmp_path / "pier.html").write_text(page)
    out = tmp_path / "out"
    assert main(["run", str(tmp_path / "pier.html"), "-o", str(out), "--comments"]) == EXIT_OK
    story = json.loads((out / "stories.jsonl").read_text())
    assert story["comments"] == ["The quay is far too small for all the boats."]
    printed = capsys.readouterr().out
    assert "degraded      1  pages read short of whole: NUL characters dropped" in printed


def test_clean_explain_prints_story_and_reasons(capsys: pytest.CaptureFixture) -> None:
    seed = shared_path("examples", "seeds", "001_b5f09df1eb19d3b2.txt")
    assert main(["clean", str(seed), "--explain"]) == EXIT_OK
    text = capsys.readouterr().out
    assert "dateline: LA MESILLA" in text
    assert "removed (repeated-in-page)" in text
    assert "correction: This story has been corrected" in text
    assert text.count("--- story") == 2


def test_a_reader_that_goes_away_is_not_a_failure() -> None:
    # `copydesk clean PAGE | head -1`: the pipe closes before copydesk has written anything.
    page = next(DEMO.rglob("*.txt"))
    proc = subprocess.Popen(
        [sys.executable, "-m", "copydesk.cli", "clean", str(page), "--explain"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()
    assert proc.wait(timeout=60) == EXIT_OK
    assert proc.stderr.read() == b""


def test_clean_reports_a_failing_page_and_prints_the_others(
    tmp_path: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    from copydesk import pipeline

    real = pipeline.process_page

    def failing_on_b(page: Page, chrome: OutletChrome) -> PageResult:
        if page.doc_id == "b":
            raise TypeError("unexpected value")
        return real(page, chrome)

    monkeypatch.setattr(pipeline, "process_page", failing_on_b)
    text = "Harbor reopens\n\nPORTVILLE, Maine (AP) — The harbor reopened on Monday after crews."
    pages = [{"id": name, "text": text} for name in "abc"]
    path = tmp_path / "pages.jsonl"
    path.write_text("".join(json.dumps(p) + "\n" for p in pages))
    assert main(["clean", str(path)]) == EXIT_OK
    printed = capsys.readouterr()
    assert "=== page a" in printed.out and "=== page c" in printed.out
    assert "=== page b" not in printed.out
    assert "internal error: TypeError: unexpected value" in printed.err
