"""The clustering pass alone, and rensa's MinHash-LSH beside it, on the same stories.

    python bench/clusterbench.py recluster STORIES.jsonl OUT.jsonl   # cluster fields anew
    python bench/clusterbench.py gold LABELS.jsonl OUT.jsonl         # the gold bodies, clustered
    python bench/clusterbench.py generate OUT.jsonl                  # the synthetic stories
    python bench/clusterbench.py speed copydesk|rensa wire|synthetic STORIES.jsonl

`speed` runs one pass in this process and prints one JSON object: stories, wall and CPU
seconds, stories per CPU second, peak memory (the process's, and what it held before the
pass), and the ARI against the labels where the stories have them. `wire` is a run's
stories.jsonl (the pass's cluster ids are written for the scorer); `synthetic` is the file
of SYNTHETIC_STORIES stories made from the wire-dev gold bodies (see `synthetic`).
"""

from __future__ import annotations

import json
import random
import re
import resource
import string
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import numpy as np
import rensa

# Not the kernel (numba) here: rensa's pass runs without it, and so without its memory.
from copydesk.cluster.params import CONTAINMENT, ROWS, SEED, SHINGLE_WORDS, TEXT_PERM
from copydesk.cluster.text import paragraphs, words
from copydesk.records import Dateline, Story
from copydesk.shared import BENCH

ROOT = Path(__file__).resolve().parents[1]
WIRE = BENCH / "wire-dev"
OUT = ROOT / "bench" / "out"
SYNTHETIC_STORIES = 100_000
# Words with digits or letters outside a-z, which the letter permutation leaves alone.
_OTHER_WORD = re.compile(r"\w*[^\Wa-zA-Z]\w*")


def _story(row: dict) -> Story:
    dl = row.get("dateline")
    return Story(
        story_id=row["story_id"],
        doc_id=row["doc_id"],
        source=row.get("source"),
        url=row.get("url"),
        position=row.get("position", 0),
        primary=row.get("primary", True),
        headline=row.get("headline"),
        byline=row.get("byline"),
        dateline=Dateline(dl["place"], dl.get("agency")) if dl else None,
        date=row.get("date"),
        lang=row.get("lang"),
        body=row["body"],
        corrections=row.get("corrections") or [],
    )


def _read(path: Path) -> Iterator[Story]:
    return (s for _, s in _read_labelled(path))


def _read_labelled(path: Path) -> Iterator[tuple[str, Story]]:
    with open(path, encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            yield row.get("label", ""), _story(row)


def gold_stories(labels: Path) -> Iterator[tuple[str, Story]]:
    """(gold cluster, story) for every gold story of the labels, its body the gold body."""
    with open(labels, encoding="utf-8") as f:
        for line in f:
            lab = json.loads(line)
            for k, g in enumerate(lab["stories"]):
                row = {**g, "story_id": f"{lab['page']}-{k}", "doc_id": lab["page"],
                       "source": lab["outlet"], "position": k}
                yield g["story"], _story(row)


def synthetic(n: int = SYNTHETIC_STORIES, seed: int = 1) -> Iterator[tuple[str, Story]]:
    """n stories made from the wire-dev gold stories, round after round. Each round spells
    every word with its own permutation of the letters (and tags the words the permutation
    cannot change), so the rounds are different stories with the statistics of the real
    ones (lengths, copies a story, follow-ups, briefs), and
    edits each copy as syndication does: a fifth are cut after a random paragraph, a fifth
    lose one sentence, the rest run as printed. Labels: round/gold story. Streamed: the same
    seed gives the same stories to each pass."""
    rng = random.Random(seed)
    gold = list(gold_stories(WIRE / "labels.jsonl"))
    letters = string.ascii_lowercase
    made = 0
    for rnd in range(n // len(gold) + 1):
        shuffled = "".join(rng.sample(letters, len(letters))) if rnd else letters
        spell = str.maketrans(letters + letters.upper(), shuffled + shuffled.upper())
        for label, s in gold:
            if made == n:
                return
            text = s.body.translate(spell)
            if rnd:
                text = _OTHER_WORD.sub(rf"\g<0>r{rnd}", text)
            paras = paragraphs(text)
            roll = rng.random()
            if roll < 0.2 and len(paras) > 1:
                paras = paras[: rng.randint(1, len(paras) - 1)]
            elif roll < 0.4 and paras:
                i = rng.randrange(len(paras))
                sentences = paras[i].split(". ")
                if len(sentences) > 1:
                    del sentences[rng.randrange(len(sentences))]
                    paras[i] = ". ".join(sentences)
            made += 1
            yield f"{rnd}/{label}", Story(
                f"{s.story_id}/{rnd}", f"{s.doc_id}/{rnd}", s.source, None, 0, True, None,
                None, None, s.date, None, "\n\n".join(paras),
            )


def copydesk_pass(stories: Iterator[Story]) -> list[str]:
    """The engine's clustering: fingerprints (the workers' share) then the grouping, with
    shingles spooled to disk as in a run. Returns each story's cluster id, with a `*` after
    it for the canonical copy."""
    from copydesk.cluster.fingerprint import fingerprints
    from copydesk.engines.spool import SpooledCorpus

    with tempfile.TemporaryDirectory() as tmp:
        # The stories' rows as pass 2 writes them (the body is what the spool reads back,
        # to make a story's near keys), and their fingerprints.
        rows, prints = Path(tmp) / "stories.jsonl", []
        with open(rows, "w", encoding="utf-8") as f:
            for story in stories:
                (fp,) = fingerprints([story])
                prints.append(fp)
                f.write(json.dumps({"body": story.body}, ensure_ascii=False) + "\n")
        corpus = SpooledCorpus(Path(tmp))
        corpus.add_part(rows, iter(prints))
        del prints
        labels = [""] * len(corpus)
        for c in corpus.cluster():
            for m in c.members:
                labels[m.index] = c.cluster_id + ("*" if m.relation is None else "")
        corpus.remove()
    return labels


def rensa_pass(stories: Iterator[Story]) -> list[str]:
    """rensa's MinHash-LSH as a dedup tool uses it: the same normalised five-word shingles,
    one RMinHash a story, an RMinHashLSH with the same bands; clusters are the connected
    components of the candidate pairs (no exact check)."""
    lsh = rensa.RMinHashLSH(CONTAINMENT, TEXT_PERM, TEXT_PERM // ROWS)
    hashes = []
    for i, story in enumerate(stories):
        tokens = [w for p in paragraphs(story.body) for w in words(p)]
        shingles = {" ".join(tokens[j : j + SHINGLE_WORDS])
                    for j in range(max(1, len(tokens) - SHINGLE_WORDS + 1))}
        mh = rensa.RMinHash(TEXT_PERM, SEED)
        mh.update(list(shingles))
        lsh.insert(i, mh)
        hashes.append(mh)
    parent = list(range(len(hashes)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, mh in enumerate(hashes):
        for j in lsh.query(mh):
            a, b = root(i), root(j)
            if a != b:
                parent[max(a, b)] = min(a, b)
    return [str(root(i)) for i in range(len(hashes))]


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _load_kernel() -> dict:
    """Import numba and the kernel, and run the pass on two stories: each compiled function
    is compiled there on a fresh checkout, else read from numba's cache. Once a process, so
    timed apart from the pass (the peak memory counts it)."""
    t0, c0 = time.perf_counter(), time.process_time()
    warm = Story("warm", "warm", None, None, 0, True, None, None, None, None, None,
                 "One story to load the kernel with, and its copy.", corrections=["A fix."])
    copydesk_pass(iter([warm, replace(warm, story_id="copy", body="Caf\u00e9 " + warm.body)]))
    return {"kernel_load_wall_s": round(time.perf_counter() - t0, 2),
            "kernel_load_cpu_s": round(time.process_time() - c0, 2)}


def speed(which: str, data: str, path: str) -> dict:
    """One pass over the stories at `path`: `wire`, a run's stories.jsonl (the pass's cluster
    ids are written beside it for the scorer), or `synthetic`, the file `generate` wrote
    (scored here against its labels)."""
    from score import ari  # the reference scorer (main puts ../shared/bench on the path)

    passes = {"copydesk": copydesk_pass, "rensa": rensa_pass}
    truth: list[str] = []
    stories = (truth.append(label) or s for label, s in _read_labelled(Path(path)))
    before = _peak_mb()
    load = _load_kernel() if which == "copydesk" else {}
    t0, c0 = time.perf_counter(), time.process_time()
    got = passes[which](stories)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    result = {
        "pass": which,
        "data": data,
        "stories": len(got),
        "clusters": len({label.rstrip("*") for label in got}),
        "wall_s": round(seconds, 2),
        "cpu_s": round(cpu, 2),
        # CPU time, not wall: the machine is shared, and the passes run one after the other.
        # Both include reading the stories from JSON lines.
        "stories_per_cpu_s": round(len(got) / cpu),
        "peak_mb": round(_peak_mb(), 1),
        "peak_mb_before_pass": round(before, 1),
        **load,
    }
    if data == "wire":
        out = OUT / f"cluster-{which}" / "stories.jsonl"
        out.parent.mkdir(parents=True, exist_ok=True)
        with open(out, "w", encoding="utf-8") as f:
            for s, label in zip(_read(Path(path)), got, strict=True):
                row = {"doc_id": s.doc_id, "primary": s.primary, "body": s.body,
                       "cluster_id": label.rstrip("*")}
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
        result["stories_out"] = str(out)
    else:
        result["ari"] = round(ari(truth, [label.rstrip("*") for label in got]), 4)
    return result


def generate(out: Path) -> dict:
    """Write the synthetic stories, with their labels, for the passes to read."""
    t0 = time.perf_counter()
    with open(out, "w", encoding="utf-8") as f:
        for label, s in synthetic():
            row = {"label": label, "story_id": s.story_id, "doc_id": s.doc_id,
                   "source": s.source, "date": s.date, "body": s.body}
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    return {"written": str(out), "seconds": round(time.perf_counter() - t0, 1),
            "mb": round(out.stat().st_size / 1e6)}


def recluster(stories: Iterator[Story], out: Path) -> dict:
    """Write the stories with the cluster ids of a fresh clustering pass."""
    stories = list(stories)
    labels = copydesk_pass(iter(stories))
    with open(out, "w", encoding="utf-8") as f:
        for s, label in zip(stories, labels, strict=True):
            row = {"story_id": s.story_id, "doc_id": s.doc_id, "primary": s.primary,
                   "body": s.body, "date": s.date, "corrections": s.corrections,
                   "url": s.url, "source": s.source, "position": s.position,
                   "cluster_id": label.rstrip("*"), "canonical": label.endswith("*")}
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    return {"stories": len(stories), "written": str(out)}


def main(argv: list[str]) -> None:
    sys.path.insert(0, str(BENCH))
    if argv[0] == "recluster":
        print(json.dumps(recluster(_read(Path(argv[1])), Path(argv[2]))))
    elif argv[0] == "gold":
        print(json.dumps(recluster((s for _, s in gold_stories(Path(argv[1]))), Path(argv[2]))))
    elif argv[0] == "generate":
        print(json.dumps(generate(Path(argv[1]))))
    else:
        print(json.dumps(speed(argv[1], argv[2], argv[3])))


if __name__ == "__main__":
    np.seterr(over="ignore")
    main(sys.argv[1:])
