"""Named features of each line, in the manner of jusText: the line's own shape, its place on
the page, what the outlet pass knows of it, and the same for its neighbours.

Blank lines carry no features: they are layout, and their presence is itself a feature of the
lines around them (story paragraphs are usually separated by blank lines, menus are not).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import chain

import numpy as np

from copydesk.annotate.captions import parse_caption
from copydesk.annotate.corrections import is_correction
from copydesk.annotate.dateline import parse_dateline
from copydesk.clean.lines import (
    Joined,
    join,
    keys_of,
    line_words,
    lowered,
    rows_containing,
)
from copydesk.clean.outlet import PROSE_WORDS, OutletChrome
from copydesk.clean.shape import SHAPE_REASONS, page_appeals, page_shapes
from copydesk.records import Reason

_UPPER = re.compile(r"[A-ZÀ-ÖØ-Þ]")  # a capital, for capitalised words
_LIST_ITEM = re.compile(r"\s*([-–•*·▪►]|\d{1,2}[.)])\s")
_SEPARATORS = re.compile(r"\s[|•·›»/]\s|\s[|•·›»]$")
_LINKISH = re.compile(r"https?://|www\.|@\w")
# What a line must hold for each of the two to be searched for.
_SEPARATOR_NEEDLES = ("|", "•", "·", "›", "»", "/")
_LINK_NEEDLES = ("http", "www.", "@")
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

# Necessary conditions of the annotate parsers, so that they run only on the lines that could
# pass them: a caption ends in a credit (a parenthesis, a slash, or a label word), a
# correction names a change, a dateline has its dash or "):" separator. Needles are found in
# the lower-cased page; tests/clean/test_features.py checks that they stay necessary.
_CAPTION_NEEDLES = (
    ")", "/", "photo", "picture", "image", "illustration", "composite", "credit", "video",
    "source", "getty",
)
_CORRECTION_NEEDLES = (
    "correct", "clarif", "amend", "version", "misstat", "misidentif", "misspel", "erratum",
    "retraction", "editor", "update",
)
_DATELINE_NEEDLES = ("—", "–", "―", "‒", "−", "-", "):")


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
    """The features of a page's lines (page_lines), computed column by column over the page."""
    rows = [i for i, t in enumerate(lines) if t.strip()]
    m = len(rows)
    x = np.zeros((m, len(FEATURES)), dtype=np.float32)
    if not m:
        return PageFeatures(x, rows, [], [], [])
    texts = [lines[i] for i in rows]
    joined = join(texts)
    lower = lowered(joined)
    c = COLUMN

    # The page's words in one list; row_of says which line each is on.
    by_line = line_words(texts)
    counts = np.fromiter(map(len, by_line), np.int64, m)
    found = list(chain.from_iterable(by_line))
    row_of = np.repeat(np.arange(m), counts)
    lowered_words = list(map(str.lower, found))
    words = counts.astype(np.float32)
    n = np.maximum(words, 1.0)

    def per_row(flags: Iterable[bool]) -> np.ndarray:
        return np.bincount(row_of, weights=np.fromiter(flags, bool, len(found)), minlength=m)

    chars = _char_counts(joined)
    lengths = np.fromiter(map(len, texts), np.float32, m)
    x[:, c["words"]] = words
    x[:, c["log_chars"]] = np.log1p(lengths)
    terminal = np.array([t.rstrip()[-1] in _TERMINAL for t in texts], dtype=np.float32)
    x[:, c["terminal"]] = terminal
    x[:, c["starts_upper"]] = [_starts_upper(t) for t in texts]
    x[:, c["title_ratio"]] = per_row(map(bool, map(_UPPER.match, found))) / n
    x[:, c["upper_ratio"]] = chars["upper"] / np.maximum(chars["letters"], 1.0)
    x[:, c["digit_ratio"]] = chars["digits"] / np.maximum(lengths, 1.0)
    x[:, c["stop_ratio"]] = per_row(map(_STOPWORDS.__contains__, lowered_words)) / n
    x[:, c["clauses_per_word"]] = chars["clauses"] / n
    x[:, c["sentences"]] = chars["sentences"]
    shapes = page_shapes(joined, lower, words)
    for j, reason in enumerate(shapes):
        if reason is not None:
            x[j, _SHAPE_COLUMN + SHAPE_REASONS.index(reason)] = 1.0
    ends_paren = np.array([t.rstrip().endswith(")") for t in texts])
    caption_candidates = ends_paren | rows_containing(_CAPTION_NEEDLES, lower)
    x[:, c["caption"]] = _flags(_caption, caption_candidates, texts)
    x[:, c["correction"]] = _flags(
        is_correction, rows_containing(_CORRECTION_NEEDLES, lower), texts
    )
    x[:, c["dateline"]] = _flags(_dateline, rows_containing(_DATELINE_NEEDLES, joined), texts)
    x[:, c["list_item"]] = [_LIST_ITEM.match(t) is not None for t in texts]
    separator_candidates = rows_containing(_SEPARATOR_NEEDLES, joined)
    x[:, c["separators"]] = _flags(_SEPARATORS.search, separator_candidates, texts)
    x[:, c["linkish"]] = _flags(_LINKISH.search, rows_containing(_LINK_NEEDLES, joined), texts)
    title_words = frozenset(lowered_words[: counts[0]])
    overlap = per_row(map(title_words.__contains__, lowered_words)) / n
    overlap[0] = 0.0  # the title itself
    x[:, c["title_overlap"]] = overlap

    keys = keys_of(by_line)
    copies = Counter(keys)
    seen: set[str] = set()
    repeat = np.zeros(m, dtype=np.float32)
    for j, k in enumerate(keys):
        repeat[j] = k in seen
        seen.add(k)
    x[:, c["copies_in_page"]] = [copies[k] for k in keys]
    x[:, c["is_repeat"]] = repeat
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
    _context(x, words, terminal, np.array([s is not None for s in shapes], np.float32), captions)
    appeals = page_appeals(joined, lower)
    return PageFeatures(x, rows, shapes, (captions > 0).tolist(), appeals)


def _any_of(cp: np.ndarray, chars: str) -> np.ndarray:
    out = np.zeros(len(cp), dtype=bool)
    for c in chars:
        out |= cp == ord(c)
    return out


_CHAR_KINDS = ("upper", "letters", "digits", "clauses", "sentences")


def _char_counts(joined: Joined) -> dict[str, np.ndarray]:
    """Counts of kinds of character on each joined line, over the code points at once:
    capitals, letters, digits, clause marks, sentence ends."""
    # (surrogatepass: a JSON input can carry a lone surrogate, which is one code point too)
    cp = np.frombuffer(joined.text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    upper = ((cp >= 65) & (cp <= 90)) | ((cp >= 0xC0) & (cp <= 0xDE) & (cp != 0xD7))
    lower = ((cp >= 97) & (cp <= 122)) | ((cp >= 0xDF) & (cp <= 0x24F) & (cp != 0xF7))
    # Other scripts' letters, roughly: beyond Latin, below the punctuation and symbol blocks.
    other = ((cp >= 0x250) & (cp < 0x2000)) | (cp >= 0x3040)
    digits = (cp >= 48) & (cp <= 57)
    # A sentence ends at . ! or ?, perhaps then a quote or bracket, then a space or the end.
    padded = np.concatenate((cp, [10, 10]))
    space = _any_of(padded, " \t\n\r\f\v\u00a0\u2009\u202f")
    quote = _any_of(padded, '"”’)')
    spaced = space[1 : len(cp) + 1] | (quote[1 : len(cp) + 1] & space[2 : len(cp) + 2])
    ends = _any_of(cp, ".!?") & spaced
    kinds = np.stack((upper, upper | lower | other, digits, _any_of(cp, ",;"), ends))
    # Every joined line has at least one character, so each start opens a non-empty slice.
    counts = np.add.reduceat(kinds.astype(np.int32), joined.starts, axis=1)
    return dict(zip(_CHAR_KINDS, counts.astype(np.float32), strict=True))


def _starts_upper(text: str) -> bool:
    first = text.lstrip()[0]
    return first.isupper() or first in "\"“‘'"


def _context(
    x: np.ndarray,
    words: np.ndarray,
    terminal: np.ndarray,
    any_shape: np.ndarray,
    caption: np.ndarray,
) -> None:
    m = len(words)
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
