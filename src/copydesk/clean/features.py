"""Named features of each line, in the manner of jusText: the line's own shape, its place on
the page, what the outlet pass knows of it, and the same for its neighbours.

Blank lines carry no features: they are layout, and their presence is itself a feature of the
lines around them (story paragraphs are usually separated by blank lines, menus are not).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import numba as nb
import numpy as np

from copydesk.annotate.captions import parse_caption
from copydesk.annotate.corrections import is_correction
from copydesk.annotate.dateline import parse_dateline
from copydesk.clean import kernel
from copydesk.clean.outlet import OutletChrome
from copydesk.clean.shape import (
    CUE_GROUP,
    NEEDLE_GROUPS,
    PROSE_WORDS,
    SHAPE_REASONS,
    page_appeals,
    page_shapes,
)
from copydesk.records import Reason

_LIST_ITEM = re.compile(r"\s*([-–•*·▪►]|\d{1,2}[.)])\s")
_SEPARATORS = re.compile(r"\s[|•·›»/]\s|\s[|•·›»]$")
_LINKISH = re.compile(r"https?://|www\.|@\w")
_TERMINAL = '.!?:;"”’)…'

# Function words of the languages most news is written in. Their density is what tells prose
# from menus (jusText's central feature); a line of another language simply scores zero here
# and is judged by its other features.
STOPWORDS = frozenset(
    [
        "a",
        "about",
        "after",
        "all",
        "also",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "for",
        "from",
        "had",
        "has",
        "have",
        "he",
        "her",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "just",
        "like",
        "more",
        "most",
        "my",
        "no",
        "not",
        "now",
        "of",
        "on",
        "one",
        "only",
        "or",
        "other",
        "our",
        "out",
        "over",
        "she",
        "so",
        "some",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "under",
        "up",
        "us",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "will",
        "with",
        "would",
        "you",
        "your",
        "de",
        "la",
        "le",
        "les",
        "des",
        "du",
        "et",
        "en",
        "un",
        "une",
        "est",
        "pour",
        "dans",
        "que",
        "qui",
        "sur",
        "par",
        "pas",
        "au",
        "avec",
        "ce",
        "il",
        "elle",
        "der",
        "die",
        "das",
        "und",
        "ist",
        "nicht",
        "mit",
        "den",
        "von",
        "zu",
        "sich",
        "auf",
        "für",
        "im",
        "dem",
        "ein",
        "eine",
        "el",
        "los",
        "las",
        "del",
        "y",
        "por",
        "con",
        "para",
        "una",
        "es",
        "lo",
        "se",
        "al",
        "como",
        "más",
        "o",
        "em",
        "os",
        "um",
        "uma",
        "não",
        "do",
        "da",
        "dos",
        "das",
        "com",
        "il",
        "di",
        "che",
        "per",
        "nel",
        "della",
        "sono",
    ]
)


LOCAL = (
    "words",
    "log_chars",
    "terminal",
    "starts_upper",
    "title_ratio",
    "upper_ratio",
    "digit_ratio",
    "stop_ratio",
    "clauses_per_word",
    "sentences",
    *(f"shape_{r.value}" for r in SHAPE_REASONS),
    "caption",
    "correction",
    "dateline",
    "list_item",
    "separators",
    "linkish",
    "copies_in_page",
    "is_repeat",
    "blank_before",
    "blank_after",
    "rel_pos",
    "outlet_share",
    "outlet_log_pages",
    "log_spread",
    "title_overlap",
    "is_first",
)
_NEIGHBOUR = ("words", "terminal", "any_shape", "caption")
_OFFSETS = (-2, -1, 1, 2)
CONTEXT = (
    *(f"{name}@{d:+d}" for d in _OFFSETS for name in _NEIGHBOUR),
    "prose_density_3",
    "prose_density_10",
    "inside_prose_span",
    "prose_before",
    "prose_after",
)
FEATURES = (*LOCAL, *CONTEXT)
COLUMN = {name: i for i, name in enumerate(FEATURES)}
# The second look (jusText's context step, learned rather than written as rules): each line
# judged again beside the first look's scores of the lines around it and of the page's runs of
# kept lines. A paragraph amid kept paragraphs is story; one amid a comment thread or a list of
# teasers, whatever it looks like alone, is not.
_SCORE_OFFSETS = (-3, -2, -1, 1, 2, 3)
_SCORE_WINDOWS = (5, 10, 25)
SCORE_CONTEXT = (
    "score",
    *(f"score@{d:+d}" for d in _SCORE_OFFSETS),
    *(f"score_mean_{w}" for w in _SCORE_WINDOWS),
    "page_max_score",
    "page_kept_share",
    "run_log_kept",
    "run_mean_score",
    "in_largest_run",
    "kept_before",
    "kept_after",
)
SECOND_LOOK_FEATURES = (*FEATURES, *SCORE_CONTEXT)
# A run of kept lines goes on over at most this many lines the first look removed (a caption,
# an inline appeal, a subhead).
RUN_GAP = 2
_SHAPE_COLUMN = COLUMN[f"shape_{SHAPE_REASONS[0].value}"]

# Necessary conditions of the annotate parsers, so that they run only on the lines that could
# pass them: a caption ends in a bracket or carries a credit (a label word, Getty, or an
# agency's name and a slash), a correction names a change, a dateline has its dash separator
# (a dash, a hyphen after a space or a bracket, or "):"). The kernel finds them in the
# lower-cased lines; tests/clean/test_features.py checks that they stay necessary.
_CAPTION_NEEDLES = (
    "photo", "picture", "image", "illustration", "composite", "credit", "video", "source",
    "getty",
)
# A bare credit ("... on Monday. REUTERS/Jane Roe") has both: a slash alone is too common.
_AGENCY_NEEDLES = ("reuters", "afp", "epa", "ansa", "xinhua", "kyodo", "yonhap", "aap", "pool")
_CORRECTION_NEEDLES = (
    "correct", "clarif", "amend", "version", "misstat", "misidentif", "misspel", "erratum",
    "retraction", "editor", "update",
)
_DATELINE_NEEDLES = (
    "—", "–", "―", "‒", "−", "--", " -", "\t-", "\u00a0-", "\u2009-", "\u202f-", ")-", "):",
)
# What a line must hold for each of the two to be searched for.
_SEPARATOR_NEEDLES = ("|", "•", "·", "›", "»", "/")
_LINK_NEEDLES = ("http", "www.", "@")
# The shape groups first, at the bits page_shapes reads.
_GROUPS = (
    *NEEDLE_GROUPS, _CAPTION_NEEDLES, _AGENCY_NEEDLES, ("/",), _CORRECTION_NEEDLES,
    _DATELINE_NEEDLES, _SEPARATOR_NEEDLES, _LINK_NEEDLES,
)
_CAPTION, _AGENCY, _SLASH, _CORRECTION, _DATELINE, _SEPARATOR, _LINK = (
    1 << g for g in range(len(NEEDLE_GROUPS), len(_GROUPS))
)
_NEEDLES = kernel.needles(_GROUPS, counted=CUE_GROUP)
_TERMINAL_CHARS = kernel.char_set(_TERMINAL)
_LIST_MARKS = kernel.char_set("-–•*·▪►")
_OPENING_QUOTES = kernel.char_set("\"“‘'")


def _may_be_caption(counts: np.ndarray) -> np.ndarray:
    found = counts[:, kernel.NEEDLES]
    credited = (found & _CAPTION > 0) | ((found & _AGENCY > 0) & (found & _SLASH > 0))
    return credited | (counts[:, kernel.LAST] == ord(")"))


def _may_be_dateline(counts: np.ndarray) -> np.ndarray:
    """A dash, and a place's first letter opening the line."""
    found = counts[:, kernel.NEEDLES]
    return (found & _DATELINE > 0) & kernel.is_letter(counts[:, kernel.FIRST])


@cache
def stopword_set() -> np.ndarray:
    return kernel.word_set(STOPWORDS)


@dataclass(frozen=True, slots=True)
class PageFeatures:
    """The feature matrix of a page's non-blank lines, in page order, and what the cleaner
    reads of each row beside the model's score."""

    x: np.ndarray
    rows: list[int]  # the line number of each row
    shapes: list[Reason | None]  # chrome shape of each row
    captions: list[bool]
    appeals: list[bool]


def _flags(parse: Callable[[str], object], candidates: np.ndarray, lines: list[str]) -> np.ndarray:
    """1 for each candidate line that `parse` accepts, 0 elsewhere."""
    out = np.zeros(len(lines), dtype=np.float32)
    for i in np.flatnonzero(candidates).tolist():
        out[i] = bool(parse(lines[i]))
    return out


def _caption(line: str) -> bool:
    return parse_caption(line) is not None


def _dateline(line: str) -> bool:
    return parse_dateline(line)[0] is not None


def page_features(lines: list[str], outlet: str | None, chrome: OutletChrome) -> PageFeatures:
    """The features of a page's lines (page_lines): counts from the compiled kernel, the
    parsers on the lines that could pass them, then the context columns over the page."""
    rows = [i for i, t in enumerate(lines) if t.strip()]
    m = len(rows)
    x = np.zeros((m, len(FEATURES)), dtype=np.float32)
    if not m:
        return PageFeatures(x, rows, [], [], [])
    texts = [lines[i] for i in rows]
    counts, keys = kernel.line_counts(texts, stopword_set(), _NEEDLES)
    c = COLUMN

    words = counts[:, kernel.WORDS].astype(np.float32)
    n = np.maximum(words, 1.0)
    lengths = np.fromiter(map(len, texts), np.float32, m)
    x[:, c["words"]] = words
    x[:, c["log_chars"]] = np.log1p(lengths)
    terminal = kernel.is_in(_TERMINAL_CHARS, counts[:, kernel.LAST]).astype(np.float32)
    x[:, c["terminal"]] = terminal
    first = counts[:, kernel.FIRST]
    opening_quote = kernel.is_in(_OPENING_QUOTES, first)
    x[:, c["starts_upper"]] = (counts[:, kernel.FIRST_UPPER] > 0) | opening_quote
    x[:, c["title_ratio"]] = counts[:, kernel.TITLE_WORDS] / n
    x[:, c["upper_ratio"]] = counts[:, kernel.UPPER] / np.maximum(counts[:, kernel.LETTERS], 1)
    x[:, c["digit_ratio"]] = counts[:, kernel.DIGITS] / np.maximum(lengths, 1.0)
    x[:, c["stop_ratio"]] = counts[:, kernel.STOPS] / n
    x[:, c["clauses_per_word"]] = counts[:, kernel.CLAUSES] / n
    x[:, c["sentences"]] = counts[:, kernel.SENTENCES]
    shapes = page_shapes(texts, counts)
    for j, reason in enumerate(shapes):
        if reason is not None:
            x[j, _SHAPE_COLUMN + SHAPE_REASONS.index(reason)] = 1.0
    found = counts[:, kernel.NEEDLES]
    x[:, c["caption"]] = _flags(_caption, _may_be_caption(counts), texts)
    x[:, c["correction"]] = _flags(is_correction, found & _CORRECTION, texts)
    x[:, c["dateline"]] = _flags(_dateline, _may_be_dateline(counts), texts)
    list_candidates = kernel.is_in(_LIST_MARKS, first) | kernel.is_digit(first)
    x[:, c["list_item"]] = _flags(_LIST_ITEM.match, list_candidates, texts)
    x[:, c["separators"]] = _flags(_SEPARATORS.search, found & _SEPARATOR, texts)
    x[:, c["linkish"]] = _flags(_LINKISH.search, found & _LINK, texts)
    overlap = counts[:, kernel.TITLE_HITS] / n
    overlap[0] = 0.0  # the title itself
    x[:, c["title_overlap"]] = overlap

    # In-page repeats by key: how many lines share it, and whether one came before.
    x[:, c["copies_in_page"]], x[:, c["is_repeat"]] = kernel.repeats(keys)
    number = np.array(rows)
    x[:, c["blank_before"]] = np.concatenate(([True], np.diff(number) > 1))
    x[:, c["blank_after"]] = np.concatenate((np.diff(number) > 1, [True]))
    x[:, c["rel_pos"]] = np.arange(m) / max(1, m - 1)
    share, pages, spread = chrome.lookup_keys(outlet, keys).T
    x[:, c["outlet_share"]] = share
    x[:, c["outlet_log_pages"]] = np.log2(1 + pages)
    x[:, c["log_spread"]] = np.log2(np.maximum(1, spread))
    x[0, c["is_first"]] = 1.0
    captions = x[:, c["caption"]]
    any_shape = np.array([s is not None for s in shapes], np.float32)
    _context(x, len(LOCAL), np.stack((words, terminal, any_shape, captions)), words, terminal)
    appeals = page_appeals(texts, counts)
    return PageFeatures(x, rows, shapes, (captions > 0).tolist(), appeals)


@nb.njit(cache=True, nogil=True)
def _context(x: np.ndarray, col: int, neighbours: np.ndarray, words: np.ndarray,
             terminal: np.ndarray) -> None:
    """The CONTEXT columns from column col on: each row's neighbours' values (rows of
    `neighbours`, in _NEIGHBOUR order) at each offset, then the density of prose around it.
    In one compiled loop: as numpy calls these were thirty a page."""
    m = x.shape[0]
    for d in _OFFSETS:
        for v in range(neighbours.shape[0]):
            for r in range(max(0, -d), min(m, m - d)):
                x[r, col] = neighbours[v, r + d]
            col += 1
    # Prose (outlet.PROSE_WORDS long) that ends a sentence: runs of it are where stories live.
    cumulative = np.zeros(m + 1)
    for r in range(m):
        prose = words[r] >= PROSE_WORDS and terminal[r] > 0
        cumulative[r + 1] = cumulative[r] + prose
    for w in (3, 10):
        for r in range(m):
            lo, hi = max(r - w, 0), min(r + w + 1, m)
            x[r, col] = (cumulative[hi] - cumulative[lo]) / (hi - lo)
        col += 1
    total = cumulative[m]
    for r in range(m):
        before, after = cumulative[r], total - cumulative[r + 1]
        prose = cumulative[r + 1] > before
        x[r, col] = (before > 0 and after > 0) or prose
        x[r, col + 1] = before / max(1.0, total)
        x[r, col + 2] = after / max(1.0, total)


def score_context(scores: np.ndarray, threshold: float) -> np.ndarray:
    """The SCORE_CONTEXT columns of a page's rows, from the first look's scores of all its
    rows; a line is kept by the first look when its score reaches threshold. The second look
    reads a row's features (FEATURES) and then these."""
    context = np.zeros((len(scores), len(SCORE_CONTEXT)), dtype=np.float32)
    if len(scores):
        _score_context(context, np.asarray(scores, dtype=np.float64), threshold)
    return context


@nb.njit(cache=True, nogil=True)
def _score_context(out: np.ndarray, s: np.ndarray, threshold: float) -> None:
    m = len(s)
    col = 0
    out[:, col] = s
    col += 1
    for d in _SCORE_OFFSETS:  # -1 past the page's ends: no line there
        for r in range(m):
            out[r, col] = s[r + d] if 0 <= r + d < m else -1.0
        col += 1
    cumulative = np.zeros(m + 1)
    for r in range(m):
        cumulative[r + 1] = cumulative[r] + s[r]
    for w in _SCORE_WINDOWS:
        for r in range(m):
            lo, hi = max(r - w, 0), min(r + w + 1, m)
            out[r, col] = (cumulative[hi] - cumulative[lo]) / (hi - lo)
        col += 1
    kept = s >= threshold
    total = kept.sum()
    out[:, col] = s.max()
    out[:, col + 1] = total / m
    # Runs of kept lines, from a kept line to the last kept line at most RUN_GAP lines on.
    sizes, starts, ends = [0], [0], [0]
    last = -RUN_GAP - 2
    for r in range(m):
        if not kept[r]:
            continue
        if r - last > RUN_GAP + 1:
            sizes.append(0)
            starts.append(r)
            ends.append(r)
        sizes[-1] += 1
        ends[-1] = r
        last = r
    largest = max(sizes)
    for k in range(1, len(sizes)):
        a, b = starts[k], ends[k]
        mean = s[a : b + 1].mean()
        for r in range(a, b + 1):
            out[r, col + 2] = np.log1p(sizes[k])
            out[r, col + 3] = mean
            out[r, col + 4] = sizes[k] == largest
    seen = 0
    for r in range(m):
        if total:
            out[r, col + 5] = seen / total
            out[r, col + 6] = (total - seen - kept[r]) / total
        seen += kept[r]
