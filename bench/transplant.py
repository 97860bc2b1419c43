"""Wire stories in real sites' chrome: issue #12's held-out check on chrome unlike the wire
corpora's templates.

wire-dev's outlets wear chrome from a few dozen templates; the pages copydesk is judged on wear
other sites'. wcxb-dev holds 793 real sites' article pages with their gold main content: here
each site's article is cut out of its page (the lines train.py labels as gold) and wire-dev
stories are set in its place, four to a site, each story on about four sites. What stays is
the site's own chrome around and inside the article: its menus, footers, sign-up boxes, related
links, inline ads. Each page is then cleaned by the fold model that never saw its site
(`python -m copydesk.clean.train --folds bench/out/folds`), and scored as wire-dev is.

    python bench/transplant.py            # bench/out/transplant/, then the held-out figures

`make bench`'s `heldout` bench reports the same figures, beside wire-dev's.

The pages and their labels are bench/out/transplant/{pages.jsonl.gz,labels.jsonl}, in
wire-dev's format, so `../shared/bench/score.py wire` and `bench/lineloop.py` read them.
"""

from __future__ import annotations

import gzip
import json
import sys
import zlib
from pathlib import Path

from copydesk.clean.train import line_labels, wcxb_gold
from run import BENCH, OUT, held_out_run, one_story_a_page, score

HERE = OUT / "transplant"
# Pages a site: enough that the outlet pass sees its chrome repeat, as on a real outlet's.
PAGES_A_SITE = 4
# Sites a story is set in, about: a wire story's copies across outlets, for the clustering.
SITES_A_STORY = 4
# A site's article must hold this many gold lines: fewer is a page whose article the cut
# cannot find (a listing, a one-paragraph blurb).
MIN_ARTICLE_LINES = 3


def sites() -> list[tuple[str, list[str], list[bool], str]]:
    """One article page a site (the first by id): its host, its lines, which lines are its
    article's, and its title as the gold has it."""
    gold = wcxb_gold()
    titles = {
        doc: (json.loads((BENCH / "wcxb-dev" / "ground-truth" / f"{doc}.json").read_text())
              .get("ground_truth") or {}).get("title") or ""
        for doc in gold
    }
    found: dict[str, tuple[str, list[str], list[bool], str]] = {}
    with gzip.open(BENCH / "wcxb-dev" / "pages.jsonl.gz", "rt", encoding="utf-8") as f:
        for row in map(json.loads, f):
            if row["id"] not in gold:
                continue
            bodies, host = gold[row["id"]]
            lines = row["text"].split("\n")
            rows = [i for i, line in enumerate(lines) if line.strip()]
            article = [False] * len(lines)
            for i, y in zip(rows, line_labels(lines, rows, bodies).tolist(), strict=True):
                article[i] = bool(y)
            if sum(article) >= MIN_ARTICLE_LINES and host not in found:
                found[host] = (host, lines, article, titles[row["id"]])
    return [found[h] for h in sorted(found)]


def stories() -> list[dict]:
    """wire-dev's stories, one copy each (the longest body), sorted by their label."""
    best: dict[str, dict] = {}
    with open(BENCH / "wire-dev" / "labels.jsonl", encoding="utf-8") as f:
        for lab in map(json.loads, f):
            for s in lab["stories"]:
                if s["headline"] and len(s["body"]) > len(best.get(s["story"], {}).get("body", "")):
                    best[s["story"]] = s
    return [best[k] for k in sorted(best)]


def set_in(lines: list[str], article: list[bool], title: str, story: dict) -> str:
    """The site's page with the story in its article's place: the headline where the article's
    body begins (or for its title line), a paragraph for each of the body's article lines, the
    inline chrome kept where it stands, paragraphs left over after the body's last line. The
    old article's lines outside its body (a teaser above the menus) go; the site's title in its
    chrome (the page's `<title>`) names the story's headline instead."""
    headline, title = story["headline"], title.strip()
    paragraphs = [p for p in story["body"].split("\n\n") if p.strip()]
    lines = [line.replace(title, headline) if title else line for line in lines]
    first, last = _body(lines, article)
    if first and headline not in lines[0]:
        # The page's <title>, which html-text prints first, named the article otherwise:
        # "Boost Your Brand | Site" becomes "Headline | Site".
        cut = max(lines[0].rfind(sep) for sep in _TITLE_SEPARATORS)
        lines[0] = headline + (lines[0][cut:] if cut > 0 else "")
    out = [line for i, line in enumerate(lines[:first]) if i == 0 or not article[i]]
    if lines[first].strip() == headline:
        first += 1
    out += [headline, ""]
    for line, is_article in zip(lines[first:last + 1], article[first:last + 1], strict=True):
        if is_article:
            if paragraphs:
                out.append(paragraphs.pop(0))
        else:
            out.append(line)
    out += [line for p in paragraphs for line in (p, "")]
    out += [line for line, a in zip(lines[last + 1:], article[last + 1:], strict=True) if not a]
    return "\n".join(out)


_TITLE_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ")
# Other lines between two of an article's lines beyond which they are two runs (_body).
MAX_GAP = 8


def _body(lines: list[str], article: list[bool]) -> tuple[int, int]:
    """The first and last line of the article's body: its run of gold lines with the most
    words, a run broken where more than MAX_GAP non-blank other lines stand between two (a
    teaser of the article above the menus is not its start)."""
    runs: list[list[int]] = []
    gap = 0
    for i, (line, is_article) in enumerate(zip(lines, article, strict=True)):
        if is_article:
            if not runs or gap > MAX_GAP:
                runs.append([])
            runs[-1].append(i)
            gap = 0
        elif line.strip():
            gap += 1
    best = max(runs, key=lambda run: sum(len(lines[i].split()) for i in run))
    return best[0], best[-1]


def make() -> tuple[Path, Path, dict[str, str]]:
    """bench/out/transplant/: the pages and their labels; each page's outlet."""
    HERE.mkdir(parents=True, exist_ok=True)
    chosen, pool = sites(), stories()
    # Each story on about SITES_A_STORY sites: a pool of that many fewer stories than pages.
    pool = pool[: max(1, len(chosen) * PAGES_A_SITE // SITES_A_STORY)]
    outlets: dict[str, str] = {}
    pages, labels = HERE / "pages.jsonl.gz", HERE / "labels.jsonl"
    with gzip.open(pages, "wt", encoding="utf-8") as fp, open(labels, "w", encoding="utf-8") as fl:
        for n, (host, lines, article, title) in enumerate(chosen):
            picked: list[int] = []
            for j in range(PAGES_A_SITE):
                k = zlib.crc32(f"{host}:{j}".encode()) % len(pool)
                while k in picked:
                    k = (k + 1) % len(pool)
                picked.append(k)
                story = pool[k]
                doc = f"t{n:04d}-{j}"
                # A few wcxb pages have no URL: their site is their file's number.
                url = f"https://{host if '.' in host else f'site{host}.example'}/news/{doc}"
                fp.write(json.dumps({"id": doc, "url": url,
                                     "text": set_in(lines, article, title, story)}) + "\n")
                fl.write(json.dumps({"page": doc, "url": url, "outlet": host, "kind": "transplant",
                                     "stories": [{**story, "primary": True, "captions": [],
                                                  "corrections": []}]}) + "\n")
                outlets[doc] = host
    return pages, labels, outlets


def figures(models: Path) -> dict:
    """The transplanted pages made, cleaned held out with `models`' folds, and scored."""
    pages, labels, outlets = make()
    held = held_out_run("transplant", pages, outlets, models)
    return {
        "pages": len(outlets),
        "sites": len(set(outlets.values())),
        "held_out": score("wire", labels, held),
        "one_story_a_page": one_story_a_page(labels, held),
    }


def main() -> None:
    models = OUT / "folds"
    if not (models / "fold-0").is_dir():
        sys.exit("no fold models: python -m copydesk.clean.train --folds bench/out/folds")
    print(json.dumps(figures(models), indent=1))


if __name__ == "__main__":
    main()
