"""HTML → the page's main text, by one of two extractors, with paragraphs kept.

Both are well-kept extractors of the field; BENCHMARKS.md has what each gives on the shared
benchmarks. The text stages expect paragraphs separated by a blank line, so each extractor's
block lines are re-joined that way (list items stay together, as one paragraph).
"""

from __future__ import annotations

import trafilatura
from resiliparse.extract.html2text import extract_plain_text
from resiliparse.parse.html import HTMLTree


def _trafilatura(html: str, tree: HTMLTree) -> str:
    # trafilatura parses the page itself (lxml); the markup pass's tree is not reusable here.
    return trafilatura.extract(
        html, output_format="txt", include_comments=False, include_tables=True,
        include_images=False, deduplicate=False,
    ) or ""


def _resiliparse(html: str, tree: HTMLTree) -> str:
    return extract_plain_text(
        tree, main_content=True, preserve_formatting=True, list_bullets=True,
        alt_texts=False, links=False, form_fields=False, noscript=False, comments=False,
    )


EXTRACTORS = {"trafilatura": _trafilatura, "resiliparse": _resiliparse}
DEFAULT_EXTRACTOR = "trafilatura"


def paragraphs(text: str) -> str:
    """Block lines → paragraphs separated by one blank line; consecutive `- ` items together."""
    out: list[str] = []
    for line in (raw.strip() for raw in text.split("\n")):
        if not line:
            continue
        if out and line.startswith("- ") and out[-1].startswith("- "):
            out[-1] += "\n" + line
        else:
            out.append(line)
    return "\n\n".join(out)


def extract_text(html: str, tree: HTMLTree, extractor: str = DEFAULT_EXTRACTOR) -> str:
    return paragraphs(EXTRACTORS[extractor](html, tree))
