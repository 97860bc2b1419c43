"""The per-record guard: a fault while reading one record costs that record only."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml.html import HtmlElement

from copydesk.readers import html, read_inputs
from copydesk.records import Page, Reject

STORY = "<p>" + "The ferry will run an extra evening crossing through the summer. " * 5 + "</p>"


@pytest.fixture
def faulty_extractor(monkeypatch: pytest.MonkeyPatch) -> None:
    """An extractor that fails on any page saying BOOM, as a library's bug would."""
    extract_text = html.extract_text

    def failing(page: str, dom: HtmlElement | None, extractor: str) -> str:
        if "BOOM" in page:
            raise RuntimeError("extractor fell over\nwith a traceback's worth of detail")
        return extract_text(page, dom, extractor)

    monkeypatch.setattr(html, "extract_text", failing)


def page(marker: str) -> str:
    return f"<html><body><article><h1>{marker}</h1>{STORY}</article></body></html>"


FAULT = "internal error: RuntimeError: extractor fell over"


@pytest.mark.usefixtures("faulty_extractor")
def test_a_fault_in_one_jsonl_record_costs_only_it(tmp_path: Path) -> None:
    path = tmp_path / "pages.jsonl"
    lines = [json.dumps({"id": i, "html": page(m)}) for i, m in enumerate(["A", "BOOM", "C"])]
    path.write_text("\n".join(lines) + "\n")
    records = list(read_inputs([str(path)]))
    assert [r.doc_id for r in records if isinstance(r, Page)] == ["0", "2"]
    assert [r for r in records if isinstance(r, Reject)] == [Reject(f"{path}:2", FAULT)]


@pytest.mark.usefixtures("faulty_extractor")
def test_a_fault_in_one_html_file_costs_only_it(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(page("BOOM"))
    (tmp_path / "b.html").write_text(page("Fine"))
    records = list(read_inputs([str(tmp_path)]))
    assert records[0] == Reject(str(tmp_path / "a.html"), FAULT)
    assert isinstance(records[1], Page) and records[1].doc_id == "b"


@pytest.mark.usefixtures("faulty_extractor")
def test_a_fault_in_one_warc_record_costs_only_it(tmp_path: Path) -> None:
    def response(marker: str) -> bytes:
        body = page(marker).encode()
        block = (f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {len(body)}"
                 "\r\n\r\n").encode() + body
        return (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:{marker}>\r\n"
                f"Content-Type: application/http; msgtype=response\r\n"
                f"Content-Length: {len(block)}\r\n\r\n").encode() + block + b"\r\n\r\n"

    path = tmp_path / "crawl.warc"
    path.write_bytes(response("A") + response("BOOM") + response("C"))
    records = list(read_inputs([str(path)]))
    assert [r.doc_id for r in records if isinstance(r, Page)] == ["A", "C"]
    [reject] = [r for r in records if isinstance(r, Reject)]
    assert reject.reason == FAULT and reject.origin.startswith(f"{path}@")
