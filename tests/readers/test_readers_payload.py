"""HTTP bodies in WARC responses as the web sends them: chunked, gzip, deflate, br."""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Callable
from pathlib import Path

import brotli
import pytest

from copydesk.readers.guard import made
from copydesk.readers.warc import read_warc_file
from copydesk.records import Page, Reject

PAGE = (
    "<html><head><title>Pier reopens</title></head><body><article><h1>Pier reopens</h1>"
    + "<p>The old pier reopened to walkers on Saturday after two winters of repairs.</p>" * 4
    + "</article></body></html>"
).encode()


def chunked(body: bytes, size: int = 100) -> bytes:
    pieces = [body[i:i + size] for i in range(0, len(body), size)]
    return b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in pieces) + b"0\r\n\r\n"


def raw_deflate(body: bytes) -> bytes:
    squeeze = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    return squeeze.compress(body) + squeeze.flush()


def archive(path: Path, body: bytes, headers: str) -> Path:
    block = f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n{headers}\r\n".encode() + body
    path.write_bytes(
        b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:p1>\r\n"
        b"WARC-Target-URI: https://coast.example/pier\r\n"
        b"Content-Type: application/http; msgtype=response\r\n"
        + f"Content-Length: {len(block)}\r\n\r\n".encode() + block + b"\r\n\r\n"
    )
    return path


ENCODED = {
    "chunked": (chunked(PAGE), "Transfer-Encoding: chunked\r\n"),
    "gzip": (gzip.compress(PAGE), "Content-Encoding: gzip\r\n"),
    "deflate (zlib)": (zlib.compress(PAGE), "Content-Encoding: deflate\r\n"),
    "deflate (raw)": (raw_deflate(PAGE), "Content-Encoding: deflate\r\n"),
    "br": (brotli.compress(PAGE), "Content-Encoding: br\r\n"),
    "chunked gzip": (chunked(gzip.compress(PAGE)),
                     "Content-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n"),
    "decoded, header kept": (PAGE, "Content-Encoding: gzip\r\n"),
}


@pytest.mark.parametrize("coding", list(ENCODED))
def test_encoded_bodies_are_decoded(tmp_path: Path, coding: str) -> None:
    body, headers = ENCODED[coding]
    [page] = made(read_warc_file(archive(tmp_path / "a.warc", body, headers)))
    assert isinstance(page, Page), page
    assert page.markup is not None and page.markup.headline == "Pier reopens"
    assert "reopened to walkers" in page.text


BROKEN = {
    "gzip": (gzip.compress(PAGE)[:40] + b"\xff" * 40, "Content-Encoding: gzip\r\n",
             "undecodable HTTP body: invalid gzip data"),
    "gzip cut short": (gzip.compress(PAGE)[:60], "Content-Encoding: gzip\r\n",
                       "undecodable HTTP body: gzip data cut short"),
    "br": (b"\x1b\xff\xff\xff" * 20, "Content-Encoding: br\r\n",
           "undecodable HTTP body: invalid br data"),
    "chunked": (b"5\r\nabc", "Transfer-Encoding: chunked\r\n",
                "undecodable HTTP body: invalid chunked encoding"),
    "zstd": (b"\x28\xb5\x2f\xfd" + b"\x00" * 20, "Content-Encoding: zstd\r\n",
             "undecodable HTTP body: unsupported encoding 'zstd'"),
}


@pytest.mark.parametrize("coding", list(BROKEN))
def test_a_body_that_does_not_decode_is_a_reject(tmp_path: Path, coding: str) -> None:
    body, headers, reason = BROKEN[coding]
    [reject] = made(read_warc_file(archive(tmp_path / "a.warc", body, headers)))
    assert isinstance(reject, Reject) and reject.doc_id == "p1"
    assert reject.reason.startswith(reason), reject.reason


@pytest.mark.parametrize(
    ("pack", "coding"), [(gzip.compress, "gzip"), (zlib.compress, "deflate"),
                         (brotli.compress, "br")]
)
def test_a_decompression_bomb_is_rejected_by_its_size(
    tmp_path: Path, pack: Callable[[bytes], bytes], coding: str
) -> None:
    bomb = pack(b"\x00" * 20_000_000)  # 20 MB of zeros in a few kB
    limit = 1_000_000
    path = archive(tmp_path / "bomb.warc", bomb, f"Content-Encoding: {coding}\r\n")
    [reject] = made(read_warc_file(path, limit=limit))
    assert isinstance(reject, Reject)
    assert reject.reason == (
        f"undecodable HTTP body: decompresses to over {limit:,} bytes (from {len(bomb):,} "
        "bytes): a decompression bomb, or a page far over the limit"
    )
