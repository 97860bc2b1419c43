"""Invented story text for the clustering tests: made-up words, so that two stories share
a shingle only where a test puts it."""

from __future__ import annotations

import random
from string import ascii_lowercase

from copydesk.records import Dateline, Story

_SYLLABLES = ["ka", "lo", "mi", "ren", "tas", "vo", "dur", "pe", "sil", "an", "bro", "quen",
              "ti", "mar", "ol", "zeb", "nu", "hap", "cor", "wyn"]


def paragraph(seed: str, sentences: int = 3) -> str:
    """A paragraph of invented sentences, the same for the same seed."""
    rng = random.Random(seed)
    out = []
    for _ in range(sentences):
        n = rng.randint(12, 20)
        ws = ["".join(rng.choices(_SYLLABLES, k=rng.randint(1, 3))) for _ in range(n)]
        out.append(" ".join(ws).capitalize() + ".")
    return " ".join(out)


def paragraphs(seed: str, n: int) -> list[str]:
    return [paragraph(f"{seed}/{i}") for i in range(n)]


def misread(text: str, rate: float, seed: str) -> str:
    """The text as OCR might read it: each letter, with probability `rate`, another one."""
    rng = random.Random(seed)
    return "".join(
        rng.choice([x for x in ascii_lowercase if x != c.lower()])
        if c.isalpha() and rng.random() < rate
        else c
        for c in text
    )


def story(
    doc_id: str,
    body: list[str],
    source: str = "herald.example",
    date: str | None = "2025-05-01",
    corrections: list[str] | None = None,
    dateline: Dateline | None = None,
) -> Story:
    text = "\n\n".join(body)
    return Story(
        story_id=f"id-{doc_id}",
        doc_id=doc_id,
        source=source,
        url=None,
        position=0,
        primary=True,
        headline=None,
        byline=None,
        dateline=dateline,
        date=date,
        lang="en",
        body=text,
        corrections=corrections or [],
    )
