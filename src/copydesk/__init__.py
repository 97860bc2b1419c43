"""copydesk: raw news crawls in, clean deduplicated stories out."""

__version__ = "0.1.0"
