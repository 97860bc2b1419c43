"""Story metadata against wcxb-dev's gold (`title`, `author`, `publish_date`): the measures,
defined once for copydesk and trafilatura alike, and a quick scorer of the markup alone.

- headline exact: the headline's words (lowercased) are the gold title's;
- byline F1: token F1 between the byline and the gold author, over names normalised (case and
  accents folded, punctuation dropped), 0 for a page given none; averaged over the pages whose
  gold names an author;
- date exact: the date (YYYY-MM-DD) is the gold `publish_date`'s.

Each figure is also given on the two halves of the outlets (by a hash of the page's host):
what is tuned on one half is read on the other.

    python bench/metadata.py            # copydesk's markup alone and trafilatura's metadata

The quick scorer reads each article page's markup as `copydesk run` does (decode, parse,
read_markup) without extracting its text, so it takes a fraction of a run; `make bench`
(run.py wcxb-html) gives the figures of whole runs.
"""

from __future__ import annotations

import gzip
import json
import re
import sys
import unicodedata
import zlib
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

from copydesk.shared import BENCH

ROOT = Path(__file__).resolve().parents[1]
WCXB = BENCH / "wcxb-dev"
OUT = ROOT / "bench" / "out"
_WORD = re.compile(r"\w+")

# What each page was found to carry: headline, byline, date (any may be None).
Found = dict[str, tuple[str | None, str | None, str | None]]


def _words(text: str | None) -> list[str]:
    folded = unicodedata.normalize("NFKD", (text or "").casefold())
    return _WORD.findall("".join(c for c in folded if not unicodedata.combining(c)))


def token_f1(found: str | None, gold: str) -> float:
    got, want = Counter(_words(found)), Counter(_words(gold))
    common = sum((got & want).values())
    if not common:
        return 0.0
    precision, recall = common / sum(got.values()), common / sum(want.values())
    return 2 * precision * recall / (precision + recall)


def outlet_half(url: str) -> int:
    """0 or 1: which half of the outlets a page's host falls in."""
    host = urlsplit(url).hostname or ""
    return zlib.crc32(host.removeprefix("www.").encode()) % 2


def wcxb_gold() -> dict[str, dict]:
    """wcxb-dev's article pages (those score.py scores): their gold fields and `url`."""
    pages = {}
    for path in sorted((WCXB / "ground-truth").glob("*.json")):
        record = json.loads(path.read_text())
        if record["_internal"]["page_type"]["primary"] == "article":
            pages[path.stem] = {**record["ground_truth"], "url": record.get("url") or ""}
    return pages


def _figures(found: Found, gold: dict[str, dict]) -> dict:
    titled = [k for k, g in gold.items() if g.get("title")]
    authored = [k for k, g in gold.items() if g.get("author")]
    dated = [k for k, g in gold.items() if g.get("publish_date")]
    none = (None, None, None)
    head = sum(
        " ".join(_words(found.get(k, none)[0])) == " ".join(_words(gold[k]["title"]))
        for k in titled
    )
    f1 = sum(token_f1(found.get(k, none)[1], gold[k]["author"]) for k in authored)
    date = sum((found.get(k, none)[2] or "")[:10] == gold[k]["publish_date"][:10] for k in dated)
    return {
        "headline_exact": round(head / max(1, len(titled)), 4), "headline_pages": len(titled),
        "byline_f1": round(f1 / max(1, len(authored)), 4), "byline_pages": len(authored),
        "date_exact": round(date / max(1, len(dated)), 4), "date_pages": len(dated),
    }


def metadata_accuracy(found: Found, gold: dict[str, dict]) -> dict:
    """The three figures over all of `gold`'s pages, and over each half of its outlets."""
    halves = {
        f"outlets_half_{h}": _figures(
            found, {k: g for k, g in gold.items() if outlet_half(g.get("url", "")) == h}
        )
        for h in (0, 1)
    }
    return {**_figures(found, gold), **halves}


def stories_found(stories: Path) -> Found:
    """Each page's primary story's headline, byline and date in a run's stories.jsonl."""
    found: Found = {}
    # Line by line as written: splitlines() would also split at U+2028 inside a string.
    with open(stories, encoding="utf-8") as f:
        for line in f:
            s = json.loads(line)
            if s["primary"]:
                found[s["doc_id"]] = (s["headline"], s["byline"], s["date"])
    return found


def trafilatura_found(html: bytes) -> tuple[str | None, str | None, str | None]:
    """trafilatura's metadata of a page, as its users ask for it."""
    import trafilatura

    meta = trafilatura.extract_metadata(html)
    if meta is None:
        return None, None, None
    return meta.title, meta.author, meta.date[:10] if meta.date else None


def _markup_found(html: bytes) -> tuple[str | None, str | None, str | None]:
    # html_page's steps up to the markup, without the extraction
    from copydesk.readers.html import _decode, drop_site_regions, parse_dom, strip_unread
    from copydesk.readers.markup import read_markup, take_comments

    text, utf8, *_ = _decode(html, None)
    dom = parse_dom(text, utf8)
    if dom is None:
        return None, None, None
    strip_unread(dom)
    drop_site_regions(dom)
    take_comments(dom, keep=False)
    markup = read_markup(dom)
    return markup.headline, markup.byline, markup.date


def main() -> None:
    gold = wcxb_gold()
    OUT.mkdir(parents=True, exist_ok=True)
    cached = OUT / "wcxb-trafilatura-metadata.json"  # trafilatura's answers do not change
    pages = {k: gzip.decompress((WCXB / "html" / f"{k}.html.gz").read_bytes()) for k in gold}
    if cached.exists():
        theirs = {k: tuple(v) for k, v in json.loads(cached.read_text()).items()}
    else:
        theirs = {k: trafilatura_found(html) for k, html in pages.items()}
        cached.write_text(json.dumps(theirs))
    ours = {k: _markup_found(html) for k, html in pages.items()}
    (OUT / "wcxb-markup-metadata.json").write_text(json.dumps(ours, ensure_ascii=False))
    json.dump({
        "copydesk_markup": metadata_accuracy(ours, gold),
        "trafilatura": metadata_accuracy(theirs, gold),
    }, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
