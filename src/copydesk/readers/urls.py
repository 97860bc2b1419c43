"""The outlet a URL names, and whether a path the user gives is a URL."""

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


def is_url(text: str) -> bool:
    """Whether an input or output the user names is a URL (`s3a://bucket/crawl/`,
    `hdfs://…`, `file:///…`), which only the Spark engine reads and writes, rather than a
    local path."""
    return "://" in text
