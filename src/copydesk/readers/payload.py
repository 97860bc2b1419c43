"""An HTTP response body as a WARC stores it (as the server sent it) → the page's bytes:
`Transfer-Encoding: chunked` and `Content-Encoding` gzip, deflate or br undone.

fastwarc can decode these itself (ArchiveIterator(auto_decode="all")), but not safely here:
a payload that fails to decode ends the iteration of the whole archive, a gzip stream cut
short passes as the part of it that decoded, and raw deflate (what many servers send as
`deflate`) is not read at all. So fastwarc's ChunkedReader undoes the chunking, and zlib and
brotli the compression, of the payload in memory, each with its output bounded: a
decompression bomb is measured against the limit, never inflated whole.
"""

from __future__ import annotations

import io
import re
import zlib

import brotli
from fastwarc.stream_io import ChunkedReader

from copydesk.readers.stream import MAX_RECORD_BYTES


class PayloadError(ValueError):
    """A body that does not decode as its headers say; str(error) says why."""


# A chunked body starts with the first chunk's size in hex.
_CHUNK_SIZE = re.compile(rb"[0-9A-Fa-f]+[ \t;\r\n]")


def _codings(header: str | None) -> list[str]:
    """The codings a header lists, in the order the server applied them."""
    names = (name.strip().lower() for name in (header or "").split(","))
    return [name for name in names if name and name != "identity"]


def _too_large(encoded: int, limit: int) -> PayloadError:
    return PayloadError(f"decompresses to over {limit:,} bytes (from {encoded:,} bytes): "
                        "a decompression bomb, or a page far over the limit")


def _dechunk(data: bytes) -> bytes:
    if not _CHUNK_SIZE.match(data):
        return data  # stored de-chunked, as some crawlers do, with the header kept
    try:
        return ChunkedReader(io.BytesIO(data)).read()  # never longer than `data`
    except OSError as error:
        raise PayloadError(f"invalid chunked encoding ({error})") from error


def _inflate(data: bytes, coding: str, limit: int) -> bytes:
    if coding in ("gzip", "x-gzip"):
        wbits = 16 + zlib.MAX_WBITS
    elif len(data) > 1 and data[0] & 0x0F == 8 and int.from_bytes(data[:2], "big") % 31 == 0:
        wbits = zlib.MAX_WBITS  # `deflate` as the standard says: in a zlib wrapper
    else:
        wbits = -zlib.MAX_WBITS  # `deflate` as many servers send it: raw
    inflate = zlib.decompressobj(wbits)
    try:
        out = inflate.decompress(data, limit + 1)
    except zlib.error as error:
        raise PayloadError(f"invalid {coding} data ({error})") from error
    if len(out) > limit:
        raise _too_large(len(data), limit)
    if not inflate.eof:
        raise PayloadError(f"{coding} data cut short")
    return out


def _unbrotli(data: bytes, limit: int) -> bytes:
    decompressor = brotli.Decompressor()
    try:
        out = decompressor.process(data, output_buffer_limit=limit + 1)
    except brotli.error as error:
        raise PayloadError(f"invalid br data ({error})") from error
    if len(out) > limit:
        raise _too_large(len(data), limit)
    if not decompressor.is_finished():
        raise PayloadError("br data cut short")
    return out


def _uncompress(data: bytes, coding: str, limit: int) -> bytes:
    if coding in ("gzip", "x-gzip", "deflate"):
        return _inflate(data, coding, limit)
    if coding == "br":
        return _unbrotli(data, limit)
    raise PayloadError(f"unsupported encoding {coding!r}")


def _already_decoded(data: bytes) -> bool:
    # Crawlers that store bodies decoded often keep the Content-Encoding header. Asked only
    # once decoding has failed: a raw deflate stream may start with `<` too.
    return data.lstrip()[:1] == b"<"


def decode_body(
    data: bytes, transfer_encoding: str | None, content_encoding: str | None,
    limit: int = MAX_RECORD_BYTES,
) -> bytes:
    """The body with its transfer and content codings undone, at most `limit` bytes; raises
    PayloadError if it does not decode, is over the limit decoded, or uses a coding we do
    not read (compress, zstd)."""
    # The server applied the content codings, then the transfer codings: undo in reverse.
    for coding in reversed(_codings(content_encoding) + _codings(transfer_encoding)):
        if coding == "chunked":
            data = _dechunk(data)
            continue
        try:
            data = _uncompress(data, coding, limit)
        except PayloadError:
            if not _already_decoded(data):
                raise
    return data
