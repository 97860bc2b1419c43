"""`make fuzz`: coverage-guided fuzzing of the readers and the page path (issue #13), with
atheris (libFuzzer for Python; `pip install -e '.[fuzz]'`). A long run, not a test: `make
test` runs the hypothesis properties (tests/*fuzz*.py) instead.

    python bench/fuzz.py TARGET [libFuzzer flags: -runs=N, -max_total_time=S, ...]

TARGET: jsonl (readers.record.parse_line on one line), html (readers.html.html_page on a
page's bytes), page (pipeline.process_page on the input decoded as a text page), warc
(read_inputs on the input written as a .warc and as a .wet archive).

A crash is any exception escaping the target; a slow input is one taking over SLOW_SECONDS
of CPU. Both are recorded, not fatal, so that one run finds them all: each is saved under
bench/out/fuzz/TARGET/ with its traceback printed once per distinct place. At exit the run
prints inputs tried, crashes, slow inputs and the slowest input's time (saved as
slowest.bin), and writes them to report.json there. The corpus libFuzzer grows is kept in
corpus/ there; on the first run it is seeded from a few records of ../shared/bench.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import gzip
import hashlib
import json
import os
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path

import atheris

from run import BENCH, OUT, WARM_UP

# Modules with numba kernels stay as they are: numba compiles a function from its bytecode,
# and cannot compile atheris's coverage hooks in it.
NUMBA_MODULES = [
    "copydesk.clean.features", "copydesk.clean.kernel", "copydesk.clean.outlet",
    "copydesk.clean.trees", "copydesk.cluster.kernel", "copydesk.readers.html",
]
with atheris.instrument_imports(
    include=["copydesk", "trafilatura", "htmldate"], exclude=NUMBA_MODULES
):
    from copydesk.pipeline import process_page, warm_up
    from copydesk.readers import read_inputs
    from copydesk.readers.decode import is_blank, normalise_newlines
    from copydesk.readers.html import html_page
    from copydesk.readers.record import parse_line
    from copydesk.records import Page

# The bound on one page, in CPU seconds (wall time would time the neighbours too).
SLOW_SECONDS = 2.0
# Seed records taken from each shared set: enough to reach every reader path, few enough
# that the fuzzer's rounds over its corpus stay short.
SEEDS_PER_SET = 12
# Seed HTML pages are the smallest of their sets: a mutation of a megabyte page costs as
# much to run as hundreds of small ones.
HTML_SEED_BYTES = 60_000


# --- Targets ---------------------------------------------------------------------------


def target_jsonl(data: bytes) -> None:
    parse_line(data, "fuzz:1")


def target_html(data: bytes) -> None:
    html_page(data, "fuzz", "fuzz")


def target_page(data: bytes) -> None:
    # A page as a reader makes it: undecodable bytes replaced, newlines normalised.
    text = normalise_newlines(data.decode("utf-8", "replace"))
    if is_blank(text):
        return  # readers reject blank pages
    result = process_page(Page("fuzz", text))
    # The audit's invariant (tests/test_pipeline.py): every input line once, in order, its
    # pieces (the date header cuts the first) putting it back together.
    pieces: dict[int, str] = {}
    for fate in result.fates:
        pieces[fate.number] = pieces.get(fate.number, "") + fate.text
    lines = text.split("\n")
    if list(pieces) != list(range(len(lines))) or list(pieces.values()) != lines:
        raise AssertionError("the fates do not account for every input line exactly once")


_ARCHIVES = Path(tempfile.mkdtemp(prefix="copydesk-fuzz-"))


def target_warc(data: bytes) -> None:
    for name in ("input.warc", "input.wet"):
        path = _ARCHIVES / name
        path.write_bytes(data)
        for _ in read_inputs([str(path)]):
            pass


TARGETS: dict[str, Callable[[bytes], None]] = {
    "jsonl": target_jsonl,
    "html": target_html,
    "page": target_page,
    "warc": target_warc,
}


# --- Seeds, from the shared benchmarks ----------------------------------------------------


def _jsonl_lines(path: Path, count: int) -> list[bytes]:
    with gzip.open(path, "rb") as f:
        return [line.rstrip(b"\n") for _, line in zip(range(count), f, strict=False)]


def _small_html(folder: Path, count: int) -> list[bytes]:
    pages = (gzip.decompress(p.read_bytes()) for p in sorted(folder.glob("*.html.gz")))
    return [page for page in pages if len(page) <= HTML_SEED_BYTES][:count]


def _warc_record(kind: str, block: bytes, uri: str) -> bytes:
    content_type = "application/http; msgtype=response" if kind == "response" else "text/plain"
    record_id = hashlib.md5(block).hexdigest()
    head = (
        f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{record_id}>\r\n"
        f"WARC-Date: 2024-06-14T18:20:00Z\r\nWARC-Target-URI: {uri}\r\n"
        f"Content-Type: {content_type}\r\nContent-Length: {len(block)}\r\n\r\n"
    )
    return head.encode() + block + b"\r\n\r\n"


def seeds(target: str) -> list[bytes]:
    wire = BENCH / "wire-dev" / "pages.jsonl.gz"
    lines = _jsonl_lines(wire, SEEDS_PER_SET)
    texts = [json.loads(line)["text"].encode("utf-8") for line in lines]
    html = [
        *_small_html(BENCH / "scrapinghub" / "html", SEEDS_PER_SET // 2),
        *_small_html(BENCH / "wcxb-dev" / "html", SEEDS_PER_SET // 2),
    ]
    if target == "jsonl":
        records = [json.dumps({"id": i, "html": p.decode("utf-8", "replace")}).encode()
                   for i, p in enumerate(html[:3])]
        return [*lines, *_jsonl_lines(BENCH / "scrapinghub" / "pages.jsonl.gz", 3), *records]
    if target == "html":
        return html
    if target == "page":
        # Besides whole pages, short lines of chrome words with space between: a mutation of
        # one is a page of a few lines, and runs in a millisecond.
        pairs = pairwise(_TEXT_TOKENS[:8])
        return [*texts, *(f"{a}     {b}\n".encode() for a, b in pairs)]
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
    responses = [_warc_record("response", http + p, f"https://example.com/{i}")
                 for i, p in enumerate(html)]
    conversions = [_warc_record("conversion", t, f"https://example.com/t{i}")
                   for i, t in enumerate(texts)]
    return [b"".join(responses[:3]), *responses, b"".join(conversions[:3]), *conversions]


# --- Dictionaries: tokens libFuzzer splices into inputs -------------------------------------

# What byte mutations alone take long to spell: chrome words, whitespace other than the space,
# the readers' field names and markup, the values that broke them before.
_TEXT_TOKENS = ("Share", "Advertisement", "Subscribe", "Read more", "Recommended Articles",
                "Updated 10:30", "date 2025-01-02 ", "(AP) \u2014 ", "\u3000", "\xa0",
                "\u2028", "\x0b", "\x0c", "\ufeff", "\u202e", "\u0301", "          ")
TOKENS: dict[str, tuple[str, ...]] = {
    "page": _TEXT_TOKENS,
    "jsonl": (*_TEXT_TOKENS, '"id":', '"text":', '"html":', '"url":', '"date":', '"source":',
              "null", "true", "[", "{", "1e999", "-0", "\\ud800", "\\u0000", "9" * 40),
    "html": (*_TEXT_TOKENS, '<script type="application/ld+json">', "</script>", '"@type":',
             '"@graph":', '"headline":', '"author":', '"name":', '"datePublished":',
             "<article>", "<h1>", "<p>", "<div>", "</div>", "<figure><figcaption>", "<small>",
             '<time datetime="', '<meta property="article:published_time" content="',
             '<link rel="canonical" href="', '<html lang="', "<!--", "<![CDATA[", "&#0;"),
    "warc": ("WARC/1.0\r\n", "WARC-Type: conversion\r\n", "WARC-Type: response\r\n",
             "WARC-Date: ", "0000-01-01T00:00:00Z", "Content-Length: ", "\r\n\r\n",
             "HTTP/1.1 200 OK\r\n", "Content-Type: text/html; charset=", "utf-16", "\x00"),
}


def write_dictionary(target: str, path: Path) -> None:
    """The target's tokens in libFuzzer's dictionary format: one quoted string a line, every
    byte that is not printable ASCII (and the quote and backslash) escaped as \\xNN."""
    def quoted(token: str) -> str:
        return "".join(
            chr(b) if 32 <= b < 127 and b not in b'"\\' else f"\\x{b:02x}"
            for b in token.encode("utf-8")
        )
    path.write_text("".join(f'"{quoted(t)}"\n' for t in TOKENS[target]))


# --- The run's record ---------------------------------------------------------------------


_EXIT_CALLBACK = ctypes.CFUNCTYPE(None, ctypes.c_int, ctypes.c_void_p)


class Record:
    """What the run found: inputs tried, crashes by place, slow inputs, the slowest."""

    def __init__(self, target: str, folder: Path) -> None:
        self.target = target
        self.folder = folder
        self.tried = 0
        self.crashes = 0
        self.places: dict[str, str] = {}  # where an exception was raised → saved input
        self.slow: list[tuple[float, str]] = []
        self.slowest = 0.0

    def save(self, kind: str, data: bytes) -> str:
        path = self.folder / f"{kind}-{hashlib.sha1(data).hexdigest()[:16]}.bin"
        path.write_bytes(data)
        return str(path)

    def crashed(self, error: Exception, data: bytes) -> None:
        self.crashes += 1
        # Where the exception left the project's code (a library's frame says less), else
        # where it was raised (the page target's own check).
        frames = traceback.extract_tb(error.__traceback__)
        frame = ([f for f in frames if "/copydesk/" in f.filename] or frames)[-1]
        place = f"{type(error).__name__} at {frame.filename}:{frame.lineno}"
        if place not in self.places:  # each distinct crash once, with its traceback
            self.places[place] = self.save("crash", data)
            print(f"\n== CRASH {place} (input: {self.places[place]})", file=sys.stderr)
            traceback.print_exception(error, file=sys.stderr)

    def timed(self, seconds: float, data: bytes) -> None:
        if seconds > self.slowest:
            self.slowest = seconds
            (self.folder / "slowest.bin").write_bytes(data)
        if seconds > SLOW_SECONDS:
            self.slow.append((seconds, self.save("slow", data)))
            print(f"\n== SLOW {seconds:.2f} s (input: {self.slow[-1][1]})", file=sys.stderr)

    def report_at_exit(self) -> None:
        # libFuzzer ends the process with exit(), past Python's atexit: the report is hooked
        # to the C library's exit instead, its callback kept referenced until then.
        self._on_exit = _EXIT_CALLBACK(lambda _status, _arg: self.report())
        ctypes.CDLL(ctypes.util.find_library("c")).on_exit(self._on_exit, None)

    def report(self) -> None:
        summary = {
            "target": self.target,
            "inputs_tried": self.tried,
            "crashes": self.crashes,
            "distinct_crashes": self.places,
            f"slow_inputs_over_{SLOW_SECONDS:g}_s": [
                {"cpu_seconds": round(s, 3), "input": p} for s, p in self.slow
            ],
            "slowest_input_cpu_seconds": round(self.slowest, 3),
            "slowest_input": str(self.folder / "slowest.bin"),
            "date": time.strftime("%Y-%m-%d"),
        }
        (self.folder / "report.json").write_text(json.dumps(summary, indent=1) + "\n")
        print(f"\n{self.target}: {self.tried:,} inputs tried, crashes: {self.crashes} "
              f"({len(self.places)} distinct), slower than {SLOW_SECONDS:g} s: {len(self.slow)}, "
              f"slowest: {self.slowest:.3f} s ({self.folder / 'slowest.bin'})", flush=True)
        if self.crashes:
            os._exit(1)  # libFuzzer's own status is 0 however many inputs raised


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in TARGETS:
        sys.exit(f"usage: python bench/fuzz.py {{{'|'.join(TARGETS)}}} [libFuzzer flags]")
    name, flags = sys.argv[1], sys.argv[2:]
    target = TARGETS[name]
    folder = OUT / "fuzz" / name
    corpus = folder / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    if not any(corpus.iterdir()):
        if not BENCH.exists():
            sys.exit(f"the seed corpus is read from {BENCH}, which is absent here")
        for data in seeds(name):
            (corpus / hashlib.sha1(data).hexdigest()).write_bytes(data)
    # The one-off loading (models, compiled kernels, htmldate's parsers) is not any input's.
    # A grown corpus may hold inputs that raise (the harness catches them, so libFuzzer keeps
    # them): they are recorded when libFuzzer runs the corpus, not here.
    warm_up()
    for page in WARM_UP.glob("*.html"):  # htmldate's date parsers, set up on first use
        html_page(page.read_bytes(), "warm-up", str(page))
    for seed in list(corpus.iterdir())[:3]:
        with contextlib.suppress(Exception):
            target(seed.read_bytes())
    record = Record(name, folder)

    def one_input(data: bytes) -> None:
        record.tried += 1
        start = time.process_time()
        try:
            target(data)
        except Exception as error:  # a crash: what a run must never end with
            record.crashed(error, data)
        record.timed(time.process_time() - start, data)

    record.report_at_exit()
    if not any(flag.startswith("-dict=") for flag in flags):
        write_dictionary(name, folder / "tokens.dict")
        flags.append(f"-dict={folder / 'tokens.dict'}")
    atheris.Setup([sys.argv[0], *flags, str(corpus)], one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
