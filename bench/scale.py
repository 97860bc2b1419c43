"""Issue #14's scale benchmark: a syndicated crawl of any size made from wire-dev, copydesk's
wall time, CPU time and peak memory on it, and a peer's MinHash dedup on the same stories.

    python bench/scale.py generate N DIR        # DIR/shard-XXXX.jsonl.gz and DIR/truth.jsonl
    python bench/scale.py measure N [--workers 2] [--engine local]
    python bench/scale.py peer N                # datatrove's MinHash dedup on measure N's stories

`python bench/run.py scale` measures 10k and 100k pages (with the peer beside each);
1M pages only when asked for: `python bench/scale.py measure 1000000`.

The crawl (`generate`), deterministic for a seed, and streamed (shards written as it goes):
- A new story is a wire-dev gold story (its fullest copy) with every word but the
  KEEP_WORDS commonest (function words, `said`, agencies) replaced through the story's own
  permutation of the gold vocabulary, within bands of like frequency, so the text keeps its
  shape (punctuation, capitals, paragraphs, datelines) and the spread of word frequencies;
  its digits go through the story's own permutation. Two new stories from one gold story
  share about one content word in a band's size, so no five-word shingle but by chance.
- Its copies: P(k copies) ∝ k^-COPIES_ALPHA for k in 1..COPIES_MAX (α=1.8, max 60: 55% run
  once, 79% one to three times, mean 3.8, one story in 250 forty times or more; wire-dev has
  1..15, mean 3.1). A copy is cut short (TRUNCATED) or an earlier version with some
  paragraphs not yet written (EARLIER), else printed whole.
- Its outlets: a Pitman-Yor process (discount OUTLET_DISCOUNT, strength OUTLET_STRENGTH), so
  that outlets' sizes follow a power law and their number grows as a crawl's does (about
  N^0.5: 10k pages 894 outlets, 100k 2,933, half of them with one page, the largest with
  9%). Outlet `oK.example` wears the chrome of one real wire-dev outlet (the lines of its
  pages outside their gold stories, each page one template: its head, the junk inside the
  story, the block before an appended story, its foot).
- Pages are dealt out of a SHUFFLE window, so that a story's copies are spread through the
  crawl, not side by side; a page whose template had a second story appended gets one (a
  copy of another story in the window): one page in eight in wire-dev, in this crawl one
  in five or six (19% of the first 100k pages: its largest outlets wear such templates).
The page stream does not depend on N: the first 10k pages of the 100k crawl are the 10k crawl.
`truth.jsonl` gives for each page its story, outlet, kind of copy and appended story.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import math
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from run import BENCH, OUT, copydesk_run

sys.path.insert(0, str(BENCH))  # the reference scorer, here when run.py imports this module

WIRE = BENCH / "wire-dev"
SEED = 14
VERSION = 3  # of the generator: a corpus made by another version is made anew
SHARD_PAGES = 10_000
KEEP_WORDS = 200
# The vocabulary's bands of like frequency (ranks, commonest first), each large enough that
# two permutations rarely send one word to the same word.
BANDS = (0, 500, 2_000, 8_000, 32_000)
COPIES_ALPHA = 1.8
COPIES_MAX = 60
TRUNCATED = 0.2
EARLIER = 0.1
OUTLET_DISCOUNT = 0.5
OUTLET_STRENGTH = 20.0
SHUFFLE = 2_000
JUNK_WORDS = 25
SIZES = (10_000, 100_000)  # `python bench/run.py scale`
_WORD = re.compile(r"([^\W\d_]+)")
_DIGITS = b"0123456789"
_HEADLINE, _HOST = "\x00headline\x00", "\x00host\x00"


def _key(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def _shingles(text: str) -> set[str]:
    w = _key(text).split()
    return {" ".join(w[i : i + 5]) for i in range(max(1, len(w) - 4))}


@dataclass(frozen=True)
class Template:
    """A real page's chrome: the lines before its story, the junk lines inside it, the lines
    before its appended story (None: no story appended) and the lines after."""

    outlet: str
    head: str
    junk: tuple[str, ...]
    before_appended: str | None
    foot: str


def _template(page: dict, label: dict) -> Template:
    """Lines with half their five-word shingles in a gold story are the story's (typography,
    typos and trimmed sentences make some differ from the gold text); the others are chrome,
    but for long lines inside the story, which are its lines too changed to be found. A line
    reading as the headline, in the head, becomes the new story's headline."""
    lines = page["text"].split("\n")
    owner: list[int | None] = [None] * len(lines)
    for k, story in enumerate(label["stories"]):
        gold = set().union(*(_shingles(p) for p in story["body"].split("\n") if p.strip()))
        for i, line in enumerate(lines):
            shingles = _shingles(line) if owner[i] is None and _key(line) else set()
            if shingles and 2 * len(shingles & gold) >= len(shingles):
                owner[i] = k
    # A page opens with its title, whose words are the headline's, often the gold story's first
    # line too: it is the head's, or the whole head (the site's menu) would be taken for junk
    # inside the story and dealt out between its paragraphs.
    mine = [i for i, k in enumerate(owner) if k == 0 and i > 0]
    if not mine:
        raise ValueError(page["id"])
    start, end = mine[0], mine[-1]
    headline = _key(label["stories"][0]["headline"] or "")
    head = []
    for line in lines[:start]:
        key = _key(line)
        # The headline's line, or the title's (headline and outlet), not a line of the menu
        # holding a one-word headline.
        if headline and headline in key and len(key) < 2 * len(headline) + 40:
            line = line.replace(label["stories"][0]["headline"], _HEADLINE)
            line = line if _HEADLINE in line else _HEADLINE
        head.append(line.replace(label["outlet"], _HOST))
    junk = tuple(lines[i] for i in range(start, end)
                 if owner[i] is None and 0 < len(lines[i].split()) <= JUNK_WORDS)
    rest = [i for i, k in enumerate(owner) if k is not None and k > 0]
    before = None
    if rest:
        before = "\n".join(lines[end + 1 : rest[0]]).replace(label["outlet"], _HOST)
        end = rest[-1]
    return Template(label["outlet"], "\n".join(head), junk, before,
                    "\n".join(lines[end + 1 :]).replace(label["outlet"], _HOST))


class Gold:
    """The gold stories as token arrays, ready to be reworded: the text split at its words,
    each replaceable word's vocabulary rank, its capitals (0 lower, 1 Title, 2 UPPER), and
    its band's start and size."""

    def __init__(self, texts: list[str]) -> None:
        split = [_WORD.split(t) for t in texts]
        counts = Counter(w.lower() for parts in split for w in parts[1::2])
        common = {w for w, _ in counts.most_common(KEEP_WORDS)}
        # ASCII words only: another script's words would put it in every story.
        ranked = [w for w, _ in counts.most_common() if w not in common and w.isascii()]
        rank = {w: i for i, w in enumerate(ranked)}
        self.words = np.array([[w, w.title(), w.upper()] for w in ranked], dtype=object)
        edges = np.array([b for b in BANDS if b < len(ranked)] + [len(ranked)])
        sieve = np.ones(2 * (len(ranked) + 1), dtype=bool)
        for p in range(2, math.isqrt(len(sieve)) + 1):
            sieve[p * p :: p] = False
        self.primes = [int(p) for p in np.flatnonzero(sieve) if p > len(ranked)]
        self.stories = []
        for parts in split:
            at = [i for i in range(1, len(parts), 2) if parts[i].lower() in rank]
            ranks = np.array([rank[parts[i].lower()] for i in at], dtype=np.int64)
            caps = np.array([2 if len(parts[i]) > 1 and parts[i].isupper()
                             else int(parts[i][0].isupper()) for i in at], dtype=np.int64)
            band = np.searchsorted(edges, ranks, side="right") - 1
            self.stories.append((np.array(parts, dtype=object), np.array(at, dtype=np.int64),
                                 ranks, caps, edges[band], edges[band + 1] - edges[band]))

    def reword(self, k: int, rng: random.Random) -> str:
        parts, at, ranks, caps, lo, size = self.stories[k]
        # a·r+b within each band, a prime above the largest band: a permutation of each band.
        a, b = rng.choice(self.primes), rng.randrange(1 << 30)
        out = parts.copy()
        out[at] = self.words[lo + (a * (ranks - lo) + b) % size, caps]
        # Bytes: no byte of a multi-byte UTF-8 letter is an ASCII digit.
        digits = bytes.maketrans(_DIGITS, bytes(rng.sample(_DIGITS, 10)))
        return "".join(out.tolist()).encode().translate(digits).decode()


def _copy_counts() -> list[float]:
    weights = [k**-COPIES_ALPHA for k in range(1, COPIES_MAX + 1)]
    total = sum(weights)
    return [w / total for w in weights]


class Outlets:
    """Pitman-Yor: page n goes to a new outlet with probability (θ + d·K)/(θ + n), else to
    outlet i with probability (n_i - d)/(θ + n) (drawn as a past page's outlet, kept with
    probability (n_i - d)/n_i)."""

    def __init__(self, rng: random.Random, real: int) -> None:
        self.rng, self.real = rng, real
        self.pages: list[int] = []  # each page's outlet
        self.sizes: list[int] = []
        self.wears: list[int] = []  # the real outlet whose chrome each outlet wears

    def next(self) -> int:
        rng, n, k = self.rng, len(self.pages), len(self.sizes)
        if rng.random() * (OUTLET_STRENGTH + n) < OUTLET_STRENGTH + OUTLET_DISCOUNT * k:
            self.sizes.append(0)
            self.wears.append(rng.randrange(self.real))
            outlet = k
        else:
            while True:
                outlet = self.pages[rng.randrange(n)]
                if rng.random() * self.sizes[outlet] < self.sizes[outlet] - OUTLET_DISCOUNT:
                    break
        self.pages.append(outlet)
        self.sizes[outlet] += 1
        return outlet


def _sources() -> tuple[list[str], list[str], dict[str, list[Template]]]:
    """The gold stories (each label's fullest copy, Latin script only), their headlines,
    and each real outlet's templates."""
    labels = {}
    with open(WIRE / "labels.jsonl", encoding="utf-8") as f:
        for line in f:
            label = json.loads(line)
            labels[label["page"]] = label
    fullest: dict[str, dict] = {}
    templates: dict[str, list[Template]] = {}
    with gzip.open(WIRE / "pages.jsonl.gz", "rt", encoding="utf-8") as f:
        for line in f:
            page = json.loads(line)
            label = labels[page["id"]]
            for story in label["stories"]:
                best = fullest.get(story["story"])
                if best is None or len(story["body"]) > len(best["body"]):
                    fullest[story["story"]] = story
            try:
                templates.setdefault(label["outlet"], []).append(_template(page, label))
            except ValueError:  # no line of its story found: not a usable template
                continue
    gold = [s for _, s in sorted(fullest.items())
            if sum(c.isascii() for c in s["body"]) > 0.95 * len(s["body"])]
    texts = [f"{s['headline'] or ''}\n\n{s['body']}" for s in gold]
    return texts, [s["story"] for s in gold], dict(sorted(templates.items()))


def _copy(paras: list[str], rng: random.Random) -> tuple[str, list[str]]:
    roll, n = rng.random(), len(paras)
    if roll < TRUNCATED and n > 2:
        return "truncated", paras[: rng.randint(max(2, n // 3), n - 1)]
    if roll < TRUNCATED + EARLIER and n > 3:
        dropped = set(rng.sample(range(1, n), max(1, n // 4)))
        return "earlier", [p for i, p in enumerate(paras) if i not in dropped]
    return "full", paras


def _with_junk(paras: list[str], junk: tuple[str, ...], rng: random.Random) -> str:
    after = sorted(rng.randrange(len(paras)) for _ in junk)
    blocks, j = [], 0
    for i, para in enumerate(paras):
        blocks.append(para)
        while j < len(after) and after[j] == i:
            blocks.append(junk[j])
            j += 1
    return "\n\n".join(blocks)


def pages() -> Iterator[tuple[dict, dict]]:
    """The endless crawl: (page record, its truth)."""
    rng = random.Random(SEED)
    texts, _, templates = _sources()
    gold = Gold(texts)
    real = list(templates.values())
    outlets = Outlets(rng, len(real))
    copies = _copy_counts()
    window: list[tuple[str, str, list[str]]] = []  # (story id, headline, paragraphs) a copy
    made = 0
    while True:
        while len(window) < SHUFFLE:
            headline, *paras = gold.reword(rng.randrange(len(texts)), rng).split("\n\n")
            story = f"n{made:07d}"
            made += 1
            k = rng.choices(range(1, COPIES_MAX + 1), copies)[0]
            window += [(story, headline, paras)] * k
        i = rng.randrange(len(window))
        story, headline, paras = window[i]
        window[i] = window[-1]
        window.pop()
        outlet = outlets.next()
        host = f"o{outlet}.example"
        template = rng.choice(real[outlets.wears[outlet]])
        kind, printed = _copy(paras, rng)
        text = [template.head.replace(_HEADLINE, headline), _with_junk(printed, template.junk, rng)]
        appended = None
        if template.before_appended is not None:
            appended, other_headline, other = window[rng.randrange(len(window))]
            text += [template.before_appended, other_headline, "\n\n".join(other)]
        text.append(template.foot)
        page_id = f"g{len(outlets.pages) - 1:07d}"
        slug = "-".join(_key(headline).split()[:8])
        yield (
            {"id": page_id, "url": f"https://{host}/news/{slug}-{page_id}",
             "text": "\n".join(text).replace(_HOST, host)},
            {"page": page_id, "story": story, "outlet": host, "copy": kind,
             "appended": appended},
        )


def generate(n: int, out: Path) -> dict:
    """Write the crawl's first n pages to out/shard-XXXX.jsonl.gz and out/truth.jsonl."""
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("shard-*.jsonl.gz"):
        old.unlink()
    t0 = time.perf_counter()
    crawl = pages()
    with open(out / "truth.jsonl", "w", encoding="utf-8") as truth:
        for k in range(-(-n // SHARD_PAGES)):
            with gzip.open(out / f"shard-{k:04d}.jsonl.gz", "wt", encoding="utf-8",
                           compresslevel=1) as shard:
                for page, said in itertools.islice(crawl, min(SHARD_PAGES, n - k * SHARD_PAGES)):
                    shard.write(json.dumps(page, ensure_ascii=False) + "\n")
                    truth.write(json.dumps(said) + "\n")
    made = {"pages": n, "version": VERSION, "seed": SEED,
            "seconds": round(time.perf_counter() - t0, 1),
            "mb_gz": round(sum(p.stat().st_size for p in out.glob("shard-*")) / 1e6, 1)}
    (out / "made.json").write_text(json.dumps(made) + "\n")
    return made


def corpus(n: int) -> Path:
    """bench/out/scale/N, made unless it is there from this version of the generator."""
    where = OUT / "scale" / str(n)
    made = where / "made.json"
    if not made.exists() or json.loads(made.read_text())["version"] != VERSION:
        print(json.dumps(generate(n, where)), flush=True)
    return where


def quality(where: Path, stories: Path) -> dict:
    """The run's clusters against the generator's truth, by the reference scorer's ARI and
    pairwise figures, over the pages' own (primary) stories; a page without one counts as a
    cluster of its own, as the scorer counts a missed story."""
    from score import ari, pair_prf

    found: dict[str, str] = {}
    with open(stories, encoding="utf-8") as f:
        for line in f:
            story = json.loads(line)
            if story["primary"]:
                found[story["doc_id"]] = story["cluster_id"]
    truth, got = [], []
    with open(where / "truth.jsonl", encoding="utf-8") as f:
        for line in f:
            said = json.loads(line)
            truth.append(said["story"])
            got.append(found.get(said["page"], f"missed {said['page']}"))
    p, r, f1 = pair_prf(truth, got)
    return {"stories": len(set(truth)), "clusters": len(set(got)),
            "pages_without_story": sum(g.startswith("missed ") for g in got),
            "cluster_ari": round(ari(truth, got), 4), "pair_precision": round(p, 4),
            "pair_recall": round(r, 4), "pair_f1": round(f1, 4)}


def measure(n: int, workers: int = 2, engine: str = "local") -> dict:
    """copydesk run on the n-page crawl in a child (run.py's), its figures, and its clusters'
    quality; appended to bench/out/results-scale.json."""
    where = corpus(n)
    extra = () if engine == "local" else ("--engine", engine)
    run = copydesk_run(f"scale-{n}-{engine}-w{workers}", [str(where / "shard-*.jsonl.gz")],
                       workers=workers, extra=extra)
    records = run["pages"] + run["rejects"]
    cpu_s = run["cpu_ms_per_page_run"] * records / 1000
    result = {
        "engine": engine, "workers": workers, **run,
        "cpu_s": round(cpu_s, 1),
        "wall_ms_per_page": round(1000 * run["wall_s"] / records, 3),
        "pages_per_s_wall": round(records / run["wall_s"], 1),
        "mb_per_cpu_s": round(run["input_mb"] / cpu_s, 3),
        "quality": quality(where, Path(run["out"]) / "stories.jsonl"),
        "date": time.strftime("%Y-%m-%d"),
    }
    path = OUT / "results-scale.json"
    results = json.loads(path.read_text()) if path.exists() else {}
    results[f"{n}/{engine}/w{workers}"] = result
    path.write_text(json.dumps(results, indent=1) + "\n")
    return result


class _Words:
    """datatrove's word tokenizer for the peer: \\w+ words, as copydesk's shingles take them.
    (datatrove's own for English is spaCy's, not installed here and slower: this makes the
    peer faster, not slower.)"""

    def word_tokenize(self, text: str) -> list[str]:
        return re.findall(r"\w+", text)

    def sent_tokenize(self, text: str) -> list[str]:
        return [text]

    def span_tokenize(self, text: str) -> list[tuple[int, int]]:
        return [(0, len(text))]


def _drain(steps: object) -> None:
    for _ in steps or ():  # a step that yields documents yields nothing here
        pass


def datatrove_pass(stories: Path, where: Path) -> dict:
    """datatrove's MinHash dedup, its three finding stages (signatures, buckets, clusters) in
    this one process, on the bodies of a run's stories; timed with the reading of the
    stories, which is timed apart as well. Its default config: 5-gram shingles, 14 bands of
    8 hashes."""
    from datatrove.data import Document
    from datatrove.pipeline.dedup import (
        MinhashConfig,
        MinhashDedupBuckets,
        MinhashDedupCluster,
        MinhashDedupSignature,
    )
    from datatrove.utils.word_tokenizers import WordTokenizer
    from score import ari, pair_prf

    WordTokenizer.register(_Words)

    def documents() -> Iterator[Document]:
        with open(stories, encoding="utf-8") as f:
            for i, line in enumerate(f):
                yield Document(text=json.loads(line)["body"], id=str(i))

    t0, c0 = time.perf_counter(), time.process_time()
    count = sum(1 for _ in documents())
    read = {"read_wall_s": round(time.perf_counter() - t0, 2),
            "read_cpu_s": round(time.process_time() - c0, 2)}
    config = MinhashConfig()
    with tempfile.TemporaryDirectory() as tmp:
        t0, c0 = time.perf_counter(), time.process_time()
        _drain(MinhashDedupSignature(f"{tmp}/sigs", config, language=_Words()).run(documents()))
        buckets = MinhashDedupBuckets(f"{tmp}/sigs", f"{tmp}/buckets", config=config)
        for bucket in range(config.num_buckets):
            _drain(buckets.run(None, bucket, config.num_buckets))
        _drain(MinhashDedupCluster(f"{tmp}/buckets", f"{tmp}/clusters", config,
                                   save_cluster_id=True).run())
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        cluster = {}
        ids = Path(tmp, "clusters", "000000.clusters")
        if ids.exists():
            pairs = np.frombuffer(ids.read_bytes(), dtype="<u4").reshape(-1, 2)
            cluster = {int(doc): int(c) for doc, c in pairs}
    # Quality as quality() takes it: each page's primary story against the truth.
    story_of = {}
    with open(where / "truth.jsonl", encoding="utf-8") as f:
        for line in f:
            said = json.loads(line)
            story_of[said["page"]] = said["story"]
    truth, got = [], []
    with open(stories, encoding="utf-8") as f:
        for i, line in enumerate(f):
            story = json.loads(line)
            if story["primary"]:
                truth.append(story_of[story["doc_id"]])
                got.append(cluster.get(i, -1 - i))
    p, r, f1 = pair_prf(truth, got)
    return {"stories": count, "wall_s": round(wall, 2), "cpu_s": round(cpu, 2), **read,
            "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            "primary_ari": round(ari(truth, got), 4), "pair_precision": round(p, 4),
            "pair_recall": round(r, 4), "pair_f1": round(f1, 4)}


def peer(n: int, workers: int = 2, engine: str = "local") -> dict:
    """datatrove's pass in a child, beside the clustering of measure n's run (its stats)."""
    out = OUT / f"scale-{n}-{engine}-w{workers}"
    proc = subprocess.run(
        [sys.executable, __file__, "datatrove", str(out / "stories.jsonl"), str(corpus(n))],
        capture_output=True, text=True, check=False,
    )
    if proc.returncode:
        sys.exit(f"datatrove's pass failed:\n{proc.stderr}")
    seconds = json.loads((out / "stats.json").read_text())["seconds"]
    return {"datatrove": json.loads(proc.stdout),
            "copydesk_cluster_wall_s": round(seconds["cluster"], 2),
            # The workers' share: each story's shingles and MinHash, as datatrove's stage 1.
            "copydesk_fingerprint_cpu_s": round(seconds["fingerprint"], 2)}


def bench() -> dict:
    """`python bench/run.py scale`: SIZES pages, the local engine, two workers, the peer
    beside each."""
    return {str(n): {**measure(n), "peer": peer(n)} for n in SIZES}


def main(argv: list[str]) -> None:
    p = argparse.ArgumentParser(prog="bench/scale.py", description=__doc__.split("\n")[0])
    sub = p.add_subparsers(dest="command", required=True)
    g = sub.add_parser("generate", help="write the crawl's first N pages to DIR")
    g.add_argument("n", type=int)
    g.add_argument("dir", type=Path)
    for name in ("measure", "peer"):
        m = sub.add_parser(name)
        m.add_argument("n", type=int)
        m.add_argument("--workers", type=int, default=2)
        m.add_argument("--engine", default="local")
    d = sub.add_parser("datatrove", help="(the child of peer)")
    d.add_argument("stories", type=Path)
    d.add_argument("where", type=Path)
    args = p.parse_args(argv)
    if args.command == "generate":
        result = generate(args.n, args.dir)
    elif args.command == "measure":
        result = measure(args.n, args.workers, args.engine)
    elif args.command == "peer":
        result = peer(args.n, args.workers, args.engine)
    else:
        result = datatrove_pass(args.stories, args.where)
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main(sys.argv[1:])
