"""Properties over arbitrary input: the text survives exactly, and nothing crashes."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from copydesk.readers import header_date, read_inputs
from copydesk.records import Page, Reject

# Any text a page can hold: every character but surrogates (not encodable) and control
# characters (they mark a file as binary) other than \t \n \r.
page_text = st.text(
    st.characters(exclude_categories=("Cs", "Cc"), include_characters="\t\n\r"), min_size=1
)

# File writes make examples slow-ish and their timing noisy: no deadline.
readers_settings = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


# One folder for the module, its files overwritten by each example: hypothesis does not
# reset function-scoped fixtures (tmp_path) between examples.
@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("properties")


def normalised(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


@readers_settings
@given(text=page_text)
def test_text_file_keeps_the_text(scratch: Path, text: str) -> None:
    assume(text.replace("\ufeff", "").strip())  # blank pages are rejected, as they should be
    path = scratch / "page.txt"
    path.write_bytes(text.encode("utf-8"))
    [page] = read_inputs([str(path)])
    assert isinstance(page, Page)
    assert page.text == normalised(text)
    assert page.date == header_date(page.text)[0]


@readers_settings
@given(text=page_text)
def test_jsonl_keeps_the_text(scratch: Path, text: str) -> None:
    assume(text.replace("\ufeff", "").strip())
    path = scratch / "pages.jsonl"
    record = json.dumps({"id": 1, "text": text}, ensure_ascii=False)
    path.write_bytes(record.encode("utf-8") + b"\n")
    [page] = read_inputs([str(path)])
    assert isinstance(page, Page)
    assert page.text == normalised(text)


@readers_settings
@given(data=st.binary(max_size=2000))
def test_any_bytes_give_one_page_or_one_reject(scratch: Path, data: bytes) -> None:
    path = scratch / "any.txt"
    path.write_bytes(data)
    [record] = read_inputs([str(path)])
    assert isinstance(record, Page | Reject)


@readers_settings
@given(lines=st.lists(st.binary(max_size=200).filter(lambda b: b"\n" not in b), max_size=8))
def test_any_bytes_as_jsonl_never_crash(scratch: Path, lines: list[bytes]) -> None:
    path = scratch / "any.jsonl"
    path.write_bytes(b"\n".join(lines))
    records = list(read_inputs([str(path)]))
    assert all(isinstance(r, Page | Reject) for r in records)
    assert len(records) <= max(1, len(lines))


@given(
    date=st.dates(),
    lead=st.sampled_from(["", " ", "\t", "\ufeff", "  "]),
    gap=st.sampled_from(["\n", " ", "\t ", "  "]),
    rest=st.text(st.characters(exclude_categories=("Cs",))),
)
def test_header_prefix_ends_where_the_rest_begins(
    date: dt.date, lead: str, gap: str, rest: str
) -> None:
    iso = str(date)
    assume(len(iso) == 10)  # years before 1000 print with fewer digits
    text = f"{lead}date {iso}{gap}{rest.lstrip()}"
    found, length = header_date(text)
    assert found == iso
    first_line = text.split("\n")[0]
    assert first_line[:length].strip(" \t\ufeff") == f"date {iso}"
    assert first_line[length:] == ("" if gap == "\n" else rest.lstrip().split("\n")[0])
