"""Deciding whether raw bytes are a text page, and turning them into text.

The policy, in order:
- a UTF-16 byte-order mark is "not UTF-8 text" (said plainly, so the user can convert);
- a NUL byte, or more than a few control bytes, is "binary content";
- invalid UTF-8 in under 1% of the bytes is replaced with U+FFFD, silently: a stray
  Latin-1 byte in a crawl should not cost the page;
- more invalid UTF-8 than that is "not UTF-8 text": the page is in another encoding and
  guessing which would garble it.
"""

from __future__ import annotations

import re

# Bytes that do not occur in text: C0 controls other than \t \n \v \f \r, and DEL.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F])

# Share of control bytes above which a file counts as binary. Random or compressed bytes
# have about 10%, text next to none. Invalid UTF-8 does not count: text in a legacy
# encoding (Latin-1, ISO-8859-7 Greek) is mostly high bytes and is "not UTF-8", not binary.
CONTROL_SHARE = 0.05

# Share of invalid UTF-8 bytes that is still repaired rather than rejected.
MAX_INVALID_SHARE = 0.01

UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")

# surrogateescape maps each undecodable byte to one of these code points.
_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")


class NotTextError(ValueError):
    """The bytes are not a UTF-8 text page; str(error) says why."""


def control_byte_count(data: bytes) -> int:
    return len(data) - len(data.translate(None, _CONTROL_BYTES))


def invalid_utf8_count(data: bytes) -> int:
    """How many bytes of `data` are not part of valid UTF-8."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return len(_ESCAPED_BYTE.findall(data.decode("utf-8", "surrogateescape")))
    return 0


def looks_binary(data: bytes) -> bool:
    """True if `data` is not text: it has a NUL byte, or more than a few control bytes."""
    if not data:
        return False
    return b"\x00" in data or control_byte_count(data) / len(data) > CONTROL_SHARE


def normalise_newlines(text: str) -> str:
    """\\r\\n and lone \\r become \\n; nothing else is touched."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def is_blank(text: str) -> bool:
    # A byte-order mark alone is not content either.
    return not text.replace("\ufeff", "").strip()


def decode_page(data: bytes) -> str:
    """The text of a page; raises NotTextError with the reason if it is not text.

    Newlines are normalised; the text is otherwise exactly as in the input (a leading
    byte-order mark is kept, so that the text and the file agree character for character).
    """
    if data.startswith(UTF16_BOMS):
        raise NotTextError(
            "not UTF-8 text (starts with a UTF-16 byte-order mark; convert it to UTF-8)"
        )
    if looks_binary(data):
        raise NotTextError("binary content")
    invalid = invalid_utf8_count(data)
    if invalid and invalid / len(data) >= MAX_INVALID_SHARE:
        share = 100 * invalid / len(data)
        raise NotTextError(f"not UTF-8 text ({invalid:,} invalid bytes, {share:.1f}% of the file)")
    text = data.decode("utf-8", "replace") if invalid else data.decode("utf-8")
    return normalise_newlines(text)
