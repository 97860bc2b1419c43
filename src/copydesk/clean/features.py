"""Named features of each line, in the manner of jusText: the line's own shape, its place on
the page, what the outlet pass knows of it, and the same for its neighbours.

Blank lines carry no features: they are layout, and their presence is itself a feature of the
lines around them (story paragraphs are usually separated by blank lines, menus are not).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np

from copydesk.annotate.captions import parse_caption
from copydesk.annotate.corrections import is_correction
from copydesk.annotate.dateline import parse_dateline
from copydesk.clean.lines import line_key
from copydesk.clean.outlet import PROSE_WORDS, OutletChrome, key_hash
from copydesk.clean.shape import SHAPE_REASONS, chrome_shape

_WORD = re.compile(r"\w+")
_CAPITALISED = re.compile(r"\b[A-ZÀ-ÖØ-Þ]\w*")
_UPPER = re.compile(r"[A-ZÀ-ÖØ-Þ]")
_DIGIT = re.compile(r"\d")
_CLAUSE = re.compile(r"[,;]")
_SENTENCE_END = re.compile(r"[.!?][\"”’)]?(\s|$)")
_LIST_ITEM = re.compile(r"\s*([-–•*·▪►]|\d{1,2}[.)])\s")
_SEPARATORS = re.compile(r"\s[|•·›»/]\s|\s[|•·›»]$")
_LINKISH = re.compile(r"https?://|www\.|@\w|\w@\w+\.\w")
_TERMINAL = frozenset('.!?:;"”’)…')

# Function words of the languages most news is written in. Their density is what tells prose
# from menus (jusText's central feature); a line of another language simply scores zero here
# and is judged by its other features.
_STOPWORDS = frozenset(
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


@dataclass(frozen=True, slots=True)
class LineShape:
    """The local facts about one non-blank line that the cleaner and segmenter both use."""

    words: int
    terminal: bool
    shape: int  # index into SHAPE_REASONS + 1, or 0
    caption: bool
    correction: bool
    dateline: bool


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
_SHAPE_COLUMN = COLUMN[f"shape_{SHAPE_REASONS[0].value}"]



def line_shape(text: str) -> LineShape:
    words = len(_WORD.findall(text))
    stripped = text.rstrip()
    shape = chrome_shape(text, words)
    return LineShape(
        words=words,
        terminal=bool(stripped) and stripped[-1] in _TERMINAL,
        shape=0 if shape is None else SHAPE_REASONS.index(shape) + 1,
        caption=parse_caption(text) is not None,
        correction=is_correction(text),
        dateline=parse_dateline(text)[0] is not None,
    )


def _local_row(text: str, shape: LineShape, out: np.ndarray, title_words: frozenset[str]) -> None:
    tokens = _WORD.findall(text)
    n = max(1, len(tokens))
    lowered = [t.lower() for t in tokens]
    letters = sum(c.isalpha() for c in text) or 1
    stripped = text.lstrip()
    c = COLUMN
    out[c["words"]] = shape.words
    out[c["log_chars"]] = math.log1p(len(text))
    out[c["terminal"]] = shape.terminal
    out[c["starts_upper"]] = bool(stripped) and (stripped[0].isupper() or stripped[0] in "\"“‘'")
    out[c["title_ratio"]] = len(_CAPITALISED.findall(text)) / n
    out[c["upper_ratio"]] = len(_UPPER.findall(text)) / letters
    out[c["digit_ratio"]] = len(_DIGIT.findall(text)) / max(1, len(text))
    out[c["stop_ratio"]] = sum(t in _STOPWORDS for t in lowered) / n
    out[c["clauses_per_word"]] = len(_CLAUSE.findall(text)) / n
    out[c["sentences"]] = len(_SENTENCE_END.findall(text))
    if shape.shape:
        out[_SHAPE_COLUMN + shape.shape - 1] = 1.0
    out[c["caption"]] = shape.caption
    out[c["correction"]] = shape.correction
    out[c["dateline"]] = shape.dateline
    out[c["list_item"]] = _LIST_ITEM.match(text) is not None
    out[c["separators"]] = _SEPARATORS.search(text) is not None
    out[c["linkish"]] = _LINKISH.search(text) is not None
    if title_words:
        out[c["title_overlap"]] = sum(t in title_words for t in lowered) / n


def page_features(
    lines: list[str],
    shapes: list[LineShape | None],
    outlet: str | None,
    chrome: OutletChrome,
) -> tuple[np.ndarray, list[int]]:
    """The feature matrix of a page's non-blank lines (rows in page order) and their line
    numbers. `shapes` holds line_shape() of each line, None for blank lines."""
    rows = [i for i, s in enumerate(shapes) if s is not None]
    m = len(rows)
    x = np.zeros((m, len(FEATURES)), dtype=np.float32)
    if not m:
        return x, rows
    keys = [line_key(lines[i]) for i in rows]
    copies: dict[str, int] = {}
    for k in keys:
        copies[k] = copies.get(k, 0) + 1
    title_words = frozenset(t.lower() for t in _WORD.findall(lines[rows[0]]))
    c = COLUMN
    seen: set[str] = set()
    for j, i in enumerate(rows):
        row = x[j]
        _local_row(lines[i], shapes[i], row, title_words if j else frozenset())  # type: ignore[arg-type]
        k = keys[j]
        row[c["copies_in_page"]] = copies[k]
        row[c["is_repeat"]] = k in seen
        seen.add(k)
        row[c["blank_before"]] = i == 0 or shapes[i - 1] is None
        row[c["blank_after"]] = i + 1 >= len(shapes) or shapes[i + 1] is None
        row[c["rel_pos"]] = j / max(1, m - 1)
        share, pages, spread = chrome.lookup(outlet, key_hash(k)) if k else (0.0, 0, 1)
        row[c["outlet_share"]] = share
        row[c["outlet_log_pages"]] = math.log2(1 + pages)
        row[c["log_spread"]] = math.log2(max(1, spread))
        row[c["is_first"]] = j == 0
    _context(x, [shapes[i] for i in rows])  # type: ignore[misc]
    return x, rows


def _context(x: np.ndarray, shapes: list[LineShape]) -> None:
    m = len(shapes)
    words = np.array([s.words for s in shapes], dtype=np.float32)
    terminal = np.array([s.terminal for s in shapes], dtype=np.float32)
    any_shape = np.array([s.shape > 0 for s in shapes], dtype=np.float32)
    caption = np.array([s.caption for s in shapes], dtype=np.float32)
    per_offset = (words, terminal, any_shape, caption)
    col = len(LOCAL)
    for d in _OFFSETS:
        for values in per_offset:
            lo, hi = max(0, -d), min(m, m - d)
            if lo < hi:
                x[lo:hi, col] = values[lo + d : hi + d]
            col += 1
    # Prose (outlet.PROSE_WORDS long) that ends a sentence: runs of it are where stories live.
    prose = ((words >= PROSE_WORDS) & (terminal > 0)).astype(np.float32)
    cumulative = np.concatenate(([0.0], np.cumsum(prose)))
    idx = np.arange(m)
    for w in (3, 10):
        lo = np.clip(idx - w, 0, m)
        hi = np.clip(idx + w + 1, 0, m)
        x[:, col] = (cumulative[hi] - cumulative[lo]) / (hi - lo)
        col += 1
    total = cumulative[-1]
    before = cumulative[:-1]
    after = total - cumulative[1:]
    x[:, col] = (before > 0) & (after > 0) | (prose > 0)
    x[:, col + 1] = before / max(1.0, total)
    x[:, col + 2] = after / max(1.0, total)
