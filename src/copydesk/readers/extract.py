"""HTML → the page's main text, by one of two extractors, with paragraphs kept.

Both are well-kept extractors of the field; BENCHMARKS.md has what each gives on the shared
benchmarks. `trafilatura` (the default) is trafilatura's fast mode checked against resiliparse;
`resiliparse` is resiliparse alone. The text stages expect paragraphs separated by a blank
line, so each extractor's block lines are re-joined that way (list items stay together, as one
paragraph).
"""

from __future__ import annotations

import trafilatura
from lxml.html import HtmlElement
from resiliparse.extract.html2text import extract_plain_text
from resiliparse.parse.html import HTMLTree
from trafilatura.settings import Extractor

# trafilatura's default cascade follows its own extractor with readability and jusText where
# it doubts its result; that fallback was a third of its time, and on the benchmarks its only
# real use was the few pages where trafilatura alone keeps almost nothing (a teaser, a
# caption). resiliparse, cheap where it runs, finds the article there. So: trafilatura's fast
# mode, favouring recall (the line cleaner prunes what it lets through), and resiliparse's
# text where it has at least twice the words. Each variant's figures: BENCHMARKS.md, "Figures
# behind the code's choices".
_FALLBACK_RATIO = 2
# Made once: trafilatura.extract would build it from its keywords on every call. trafilatura
# copies the options it changes during an extraction, so one object serves every page.
_OPTIONS = Extractor(
    output_format="txt", fast=True, recall=True, comments=False, tables=True, images=False,
    dedup=False,
)


def _trafilatura_text(dom: HtmlElement | None) -> str:
    if dom is None:
        return ""  # lxml could not read the page at all: nothing for trafilatura either
    # trafilatura copies a tree it is given before pruning it, so `dom` stays whole.
    return trafilatura.extract(dom, options=_OPTIONS) or ""


def _resiliparse(html: str, dom: HtmlElement | None) -> str:
    return extract_plain_text(
        HTMLTree.parse(html), main_content=True, preserve_formatting=True, list_bullets=True,
        alt_texts=False, links=False, form_fields=False, noscript=False, comments=False,
    )


def _body_words(dom: HtmlElement) -> int:
    body = dom.find("body")
    return len(body.text_content().split()) if body is not None else 0


def _trafilatura(html: str, dom: HtmlElement | None) -> str:
    text = _trafilatura_text(dom)
    least = _FALLBACK_RATIO * len(text.split())
    # Where the page's body (without scripts and the site's navigation, asides and footers:
    # html.py) has no more than `least` words, resiliparse finds no article trafilatura
    # missed, and is not run: on wcxb-dev 7 pages in 8, and where it was run and chosen (39
    # pages), the body always had more. Where trafilatura found nothing, it always runs.
    if least and _body_words(dom) <= least:  # text, so dom is not None
        return text
    other = _resiliparse(html, dom)
    return other if len(other.split()) > least else text


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


def extract_text(html: str, dom: HtmlElement | None, extractor: str = DEFAULT_EXTRACTOR) -> str:
    """The main text of a page (`html`), given lxml's tree of it as trafilatura parses it
    (`dom`; None where lxml could not read the page). resiliparse parses `html` itself."""
    return paragraphs(EXTRACTORS[extractor](html, dom))
