"""The outlet a URL names."""

from __future__ import annotations

from urllib.parse import urlsplit


def url_host(url: str) -> str | None:
    """The outlet a URL names: its host, lowercased, without a leading `www.`."""
    # "example.com/a" (no scheme) still names a host.
    try:
        host = urlsplit(url if "//" in url else "//" + url).hostname
    except ValueError:  # e.g. an unclosed IPv6 bracket
        return None
    if not host:
        return None
    host = host.rstrip(".")
    return host.removeprefix("www.") or None
