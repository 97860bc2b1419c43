"""The compiled per-story step of clustering (numba): from a story's text, as UTF-8 bytes,
to its paragraph keys, its shingle set with the shingles' near keys and its LSH band keys,
with no Python object a word; and the grouping's inner loops (its candidates, its check of a
copy's near keys against a centre's).

Why compiled: in Python the step made a string a word (`str.split`), hashed the words in
rensa, and ran some twenty numpy calls a story, each on a few thousand values; that was most
of the clustering pass. Here it is one call a story, the bytes read once.

Why MinHash here and not in rensa: side by side, rensa's signature of a story was only a few
µs quicker than this loop (BENCHMARKS.md, "Figures behind the code's choices"), and rensa
would need its own call a story, the shingles handed out of the kernel and its rows turned
back from Python lists.

All the compiled code is in this one module: numba's on-disk cache (`cache=True`) is checked
against the source of the module compiled, so a changed callee in another module would leave
a stale compiled copy. The same holds for the parameters it reads from params.py (kept there
so that rensa's bench pass can read them without loading numba): `_COMPILED_WITH` repeats
them, and the import fails when the two differ.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from copydesk.cluster.params import (
    ANCHOR_EVERY,
    BANDS,
    LEDE_PERM,
    LEDE_SHINGLES,
    NEAR_KEYS,
    ROWS,
    SEED,
    SHINGLE_WORDS,
    TEXT_PERM,
    WHOLE_BELOW,
)
from copydesk.words import word_characters

_COMPILED_WITH = (5, 126, 30, 46, 3, 20251123, 32, 10, 4)
if (
    SHINGLE_WORDS, TEXT_PERM, LEDE_PERM, LEDE_SHINGLES, ROWS, SEED, ANCHOR_EVERY, NEAR_KEYS,
    WHOLE_BELOW,
) != _COMPILED_WITH:
    raise ImportError("params.py changed: repeat its values in kernel._COMPILED_WITH")


# Every code point: 1 for a word character (words.py), handed to the kernel as an argument:
# as a global it would be compiled in as a constant.
WORD_CODE_POINTS = word_characters().view(np.uint8)
# Each ASCII byte as a word's byte, lower-cased, or 0 for one that parts words, as
# `text.words` reads it.
_WORD_BYTE = np.array(
    [ord(chr(b).lower()) if word else 0 for b, word in enumerate(WORD_CODE_POINTS[:128])],
    dtype=np.uint8,
)
# FNV-1a over a word's bytes, then MurmurHash3's finaliser: FNV alone leaves the high bits
# (the ones shingle hashes keep) poorly mixed for words a letter apart.
_FNV_OFFSET = np.uint64(0xCBF29CE484222325)
_FNV_PRIME = np.uint64(0x100000001B3)
# Odd 64-bit multipliers: a shingle's hash is a weighted sum of its words' hashes, so word
# order counts; the xor-shift then spreads the high bits into the low ones.
_MIX = np.array(
    [0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93,
     0xFF51AFD7ED558CCD],
    dtype=np.uint64,
)
# The permutations of MinHash: (a·x + b) >> 32 of a 32-bit shingle hash x, a and b random
# 64-bit (a odd), the multiply-add-shift family; from SEED, the same in every process.
_PERM_A, _PERM_B = np.random.default_rng(SEED).integers(
    0, 2**64, size=(2, TEXT_PERM), dtype=np.uint64, endpoint=False
)
_PERM_A |= np.uint64(1)
_ROW_MIX = _MIX[:ROWS].copy()
_U32_MAX = np.uint64(0xFFFFFFFF)


@njit(cache=True)
def _finish(h: np.uint64) -> np.uint64:
    h ^= h >> np.uint64(33)
    h *= np.uint64(0xFF51AFD7ED558CCD)
    h ^= h >> np.uint64(33)
    h *= np.uint64(0xC4CEB9FE1A85EC53)
    h ^= h >> np.uint64(33)
    return h


@njit(cache=True)
def _hash_bytes(data: np.ndarray, start: int, stop: int) -> np.uint64:
    """The word hash of data[start:stop], a word's bytes (ASCII ones lower-cased)."""
    h = _FNV_OFFSET
    for i in range(start, stop):
        b = data[i]
        h = (h ^ np.uint64(_WORD_BYTE[b] if b < 128 else b)) * _FNV_PRIME
    return _finish(h)


@njit(cache=True)
def _halves(data: np.ndarray, start: int, stop: int, whole: np.uint64, out: np.ndarray) -> None:
    """The keys a word is matched by in a near key (_near_keys): its first and its last
    len // 2 bytes, so that a word with one letter misread keeps one of them. A word shorter
    than WHOLE_BELOW, or holding a digit, keeps its whole hash in both: halves of one letter
    would match most short words, and a number is a fact two stories differ by (a templated
    earnings or sports story is the same words around other numbers)."""
    out[0] = out[1] = whole
    if stop - start < WHOLE_BELOW:
        return
    for i in range(start, stop):
        if 48 <= data[i] <= 57:
            return
    half = (stop - start) // 2
    out[0] = _hash_bytes(data, start, start + half)
    # Tagged: a word's last letters are not another's first.
    out[1] = _hash_bytes(data, stop - half, stop) ^ _MIX[1]


@njit(cache=True)
def word_hashes(
    data: np.ndarray, ends: np.ndarray, letters: np.ndarray, halved: bool = True
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The hashes of the words of each paragraph (UTF-8, data[ends[k-1]:ends[k]]) in order,
    each paragraph's number of words, and each word's halves (_halves; none unless `halved`:
    only the containment check reads them). ASCII bytes are read by _WORD_BYTE (lower-cased);
    another character is decoded and is a word's when `letters` (WORD_CODE_POINTS) says so, its
    bytes hashed as they are (the caller has case-folded such text)."""
    # A word and the byte after it take two bytes, but for the last word of a paragraph.
    hashes = np.empty(len(data) // 2 + len(ends), dtype=np.uint64)
    halves = np.empty((len(hashes) if halved else 0, 2), dtype=np.uint64)
    counts = np.zeros(len(ends), dtype=np.int64)
    first = 0  # where the word being read starts
    n = 0
    start = 0
    for p in range(len(ends)):
        h = _FNV_OFFSET
        inside = False
        i = start
        while i < ends[p]:
            b = data[i]
            width = 1
            if b < 128:
                c = _WORD_BYTE[b]
                word = c != 0
            else:
                # A lead byte: 110xxxxx, 1110xxxx or 11110xxx, then 10xxxxxx bytes.
                width = 2 if b < 0xE0 else 3 if b < 0xF0 else 4
                cp = np.int64(b & (0x7F >> width))
                for t in range(1, width):
                    cp = (cp << 6) | (data[i + t] & 0x3F)
                word = letters[cp] != 0
            if word:
                if not inside:
                    h = _FNV_OFFSET
                    inside = True
                    first = i
                if b < 128:
                    h = (h ^ np.uint64(c)) * _FNV_PRIME
                else:
                    for t in range(width):
                        h = (h ^ np.uint64(data[i + t])) * _FNV_PRIME
            elif inside:
                hashes[n] = _finish(h)
                if halved:
                    _halves(data, first, i, hashes[n], halves[n])
                n += 1
                counts[p] += 1
                inside = False
            i += width
        if inside:
            hashes[n] = _finish(h)
            if halved:
                _halves(data, first, ends[p], hashes[n], halves[n])
            n += 1
            counts[p] += 1
        start = ends[p]
    return hashes[:n], counts, halves[:n]


@njit(cache=True)
def paragraph_ends(data: np.ndarray) -> np.ndarray:
    """Where each paragraph of ASCII text ends: its parts between two newlines (found as
    str.split finds them), but those all whitespace (as str.isspace: tab to carriage return,
    the separators 0x1C-0x1F, space). Ranges from one end to the next then hold a paragraph
    and the whitespace before it: the same words as the paragraph alone."""
    out = np.empty(len(data) // 3 + 1, dtype=np.int64)
    n = 0
    blank = True
    i = 0
    while i <= len(data):
        if i == len(data) or (data[i] == 10 and i + 1 < len(data) and data[i + 1] == 10):
            if not blank:
                out[n] = i
                n += 1
            blank = True
            i += 2
            continue
        b = data[i]
        if not (b == 32 or 9 <= b <= 13 or 28 <= b <= 31):
            blank = False
        i += 1
    return out[:n]


@njit(cache=True)
def list_keys(hashes: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """One 64-bit key per word list (a paragraph): equal keys, the same words in the same
    order (a weighted sum of the word hashes; 0 for no words)."""
    keys = np.zeros(len(counts), dtype=np.uint64)
    at = 0
    for p in range(len(counts)):
        key = np.uint64(0)
        weight = _MIX[0]
        for i in range(at, at + counts[p]):
            key += hashes[i] * weight
            weight *= _MIX[0]
        keys[p] = key ^ (key >> np.uint64(29))
        at += counts[p]
    return keys


@njit(cache=True)
def line_keys(data: np.ndarray, ends: np.ndarray, letters: np.ndarray) -> np.ndarray:
    """list_keys of the words of each line (data[ends[k-1]:ends[k]])."""
    hashes, counts, _ = word_hashes(data, ends, letters, False)
    return list_keys(hashes, counts)


@njit(cache=True)
def _shingles(hashes: np.ndarray) -> np.ndarray:
    """The top 32 bits of the word shingles' hashes in text order (fewer words than a shingle
    make one shingle; no words, none)."""
    words = len(hashes)
    n = max(1, words - SHINGLE_WORDS + 1) if words else 0
    out = np.empty(n, dtype=np.uint32)
    span = min(SHINGLE_WORDS, words)
    for t in range(n):
        acc = np.uint64(0)
        for j in range(span):
            acc += hashes[t + j] * _MIX[j]
        acc ^= acc >> np.uint64(29)
        out[t] = np.uint32(acc >> np.uint64(32))
    return out


@njit(cache=True)
def _near_keys(hashes: np.ndarray, halves: np.ndarray, places: np.ndarray) -> np.ndarray:
    """Row r: the NEAR_KEYS keys of the shingle starting at word places[r], each with one of
    its words taken by one of its halves (_halves). Two shingles differing in one word by a
    letter or so (misread by OCR, a typo) share a key; two differing by a whole word, or a
    number, share none. A text of fewer words than a shingle keeps its one shingle's hash in
    every place."""
    near = np.empty((len(places), NEAR_KEYS), dtype=np.uint32)
    if len(hashes) < SHINGLE_WORDS:
        if len(places):  # the one shingle
            near[0, :] = _shingles(hashes)[0]
        return near
    for r in range(len(places)):
        t = places[r]
        acc = np.uint64(0)
        for j in range(SHINGLE_WORDS):
            acc += hashes[t + j] * _MIX[j]
        for j in range(SHINGLE_WORDS):
            for side in range(2):
                # The sum with word j's half in place of the word, at the word's weight.
                key = acc - (hashes[t + j] - halves[t + j, side]) * _MIX[j]
                key ^= key >> np.uint64(29)
                near[r, 2 * j + side] = np.uint32(key >> np.uint64(32))
    return near


@njit(cache=True)
def _sorted_unique(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sorted unique uint32s, and a place of each in `values`: a radix sort (three passes of
    11 bits), several times faster than numba's np.sort and faster than numpy's at a story's
    few thousand values."""
    a = values.copy()
    b = np.empty_like(a)
    at = np.arange(len(a))
    bt = np.empty_like(at)
    count = np.empty(2049, dtype=np.int64)
    for shift in (0, 11, 22):
        count[:] = 0
        for v in a:
            count[((v >> shift) & 2047) + 1] += 1
        for d in range(1, 2049):
            count[d] += count[d - 1]
        for i in range(len(a)):
            d = (a[i] >> shift) & 2047
            b[count[d]] = a[i]
            bt[count[d]] = at[i]
            count[d] += 1
        a, b = b, a
        at, bt = bt, at
    n = 0
    for i in range(len(a)):
        if i == 0 or a[i] != a[n - 1]:
            a[n] = a[i]
            at[n] = at[i]
            n += 1
    return a[:n].copy(), at[:n].copy()


@njit(cache=True)
def _minhash(sig: np.ndarray, values: np.ndarray) -> None:
    """Lower the signature's minima by these values' permutations (the inner loop runs over
    the permutations, which the compiler vectorises)."""
    for x in values:
        x64 = np.uint64(x)
        for i in range(len(sig)):
            # min(), not a conditional store: a third faster, vectorised.
            sig[i] = min(sig[i], (_PERM_A[i] * x64 + _PERM_B[i]) >> np.uint64(32))


@njit(cache=True)
def _band_keys(sig: np.ndarray, out: np.ndarray) -> None:
    """One hash of each band's ROWS rows: two stories with an equal key in a band are
    candidates."""
    for band in range(len(out)):
        key = np.uint64(0)
        for r in range(ROWS):
            key += sig[band * ROWS + r] * _ROW_MIX[r]
        out[band] = key ^ (key >> np.uint64(31))


@njit(cache=True)
def story_print(
    data: np.ndarray, ends: np.ndarray, letters: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Paragraph keys, sorted unique shingle hashes (uint32) and band keys (the text's
    TEXT_PERM // ROWS, then the lede's) of one story's paragraphs. Without words, no shingles,
    and the bands of an empty signature (the grouping never indexes such a story). Not the
    near keys: the few checks that need them make them (story_near)."""
    hashes, counts, _ = word_hashes(data, ends, letters)
    run = _shingles(hashes)
    sig = np.full(TEXT_PERM, _U32_MAX, dtype=np.uint64)
    # The first LEDE_PERM minima of the lede's shingles are the lede's signature (the
    # permutations are independent); the rest of the text then lowers all TEXT_PERM.
    _minhash(sig, run[:LEDE_SHINGLES])
    lede = sig[:LEDE_PERM].copy()
    shingles, _ = _sorted_unique(run)
    _minhash(sig, shingles)
    bands = np.empty(BANDS, dtype=np.uint64)
    _band_keys(sig, bands[: TEXT_PERM // ROWS])
    _band_keys(lede, bands[TEXT_PERM // ROWS :])
    return list_keys(hashes, counts), shingles, bands


@njit(cache=True)
def story_near(data: np.ndarray, ends: np.ndarray, letters: np.ndarray) -> np.ndarray:
    """A story's near keys (_near_keys), which its containment check against a centre asks
    for when the shingles it holds word for word do not settle it."""
    hashes, _, halves = word_hashes(data, ends, letters)
    _, places = _sorted_unique(_shingles(hashes))
    return _near_keys(hashes, halves, places)


@njit(cache=True)
def anchors(shingles: np.ndarray) -> np.ndarray:
    """The story's anchors: its shingles whose hash is a multiple of ANCHOR_EVERY."""
    out = np.empty(len(shingles), dtype=np.uint32)
    n = 0
    for x in shingles:
        if x % ANCHOR_EVERY == 0:
            out[n] = x
            n += 1
    return out[:n].copy()


@njit(cache=True)
def _probe(table: np.ndarray, entry: np.uint32) -> int:
    """The slot of a near_set table holding this entry, or the empty one where it goes."""
    mask = len(table) - 1
    # The keys are hash bits already: their low bits place them.
    slot = int(entry) & mask
    while table[slot] != 0 and table[slot] != entry:
        slot = (slot + 1) & mask
    return slot


@njit(cache=True)
def near_set(near: np.ndarray) -> np.ndarray:
    """A centre's near keys, as a set for `near_containment` to look a copy's keys up in: an
    open-addressing hash table (linear probing), at most half full, 0 an empty slot (key 0 is
    kept as 1: two keys in 4 billion made one). Hand-rolled: a copy's keys are looked up one
    by one, stopping at the first found; a binary search each (np.searchsorted) made the check
    five times slower than the exact merge it replaced, and numba's typed dict is slower still."""
    size = 2
    while size < 2 * near.size:
        size *= 2
    table = np.zeros(size, dtype=np.uint32)
    for r in range(len(near)):
        for k in range(near.shape[1]):
            # A whole word's two keys are one: probed once.
            if k and near[r, k] == near[r, k - 1]:
                continue
            entry = max(near[r, k], np.uint32(1))
            table[_probe(table, entry)] = entry
    return table


@njit(cache=True)
def containment(copy: np.ndarray, centre: np.ndarray) -> float:
    """Share of the copy's shingles found word for word in the centre's (both sorted unique):
    one merge of the two, or a binary search a shingle when the centre is far the longer."""
    if not len(copy) or not len(centre):
        return 0.0
    found = 0
    if len(centre) > 16 * len(copy):
        at = np.searchsorted(centre, copy)
        for k in range(len(copy)):
            found += at[k] < len(centre) and centre[at[k]] == copy[k]
        return found / len(copy)
    i = j = 0
    while i < len(copy) and j < len(centre):
        a, b = copy[i], centre[j]
        found += a == b
        i += a <= b
        j += b <= a
    return found / len(copy)


@njit(cache=True)
def near_containment(copy: np.ndarray, centre: np.ndarray) -> float:
    """Share of the copy's shingles (its near keys, a row a shingle) found in the centre (its
    near_set) but for a letter or so of one word: a shingle the centre holds has all its near
    keys there, one with a word misread the key taking that word by its intact half."""
    if not len(copy):
        return 0.0
    found = 0
    for r in range(len(copy)):
        for k in range(copy.shape[1]):
            if k and copy[r, k] == copy[r, k - 1]:
                continue
            entry = max(copy[r, k], np.uint32(1))
            if centre[_probe(centre, entry)] == entry:
                found += 1
                break
    return found / len(copy)


@njit(cache=True)
def band_candidates(s: int, start: np.ndarray, order: np.ndarray, seen: np.ndarray) -> np.ndarray:
    """The index slots in a bucket with slot s in some band (s excluded), each once: `seen`
    marks them with s, so it needs no clearing between calls. A bucket ends where the sorted
    slots' buckets start elsewhere (no array of ends: 4 bytes a story and band)."""
    size = order.shape[0]
    total = 0
    for k in range(start.shape[1]):
        r = start[s, k]
        while r < size and start[order[r, k], k] == start[s, k]:
            r += 1
        total += r - start[s, k]
    out = np.empty(total, dtype=np.int64)
    n = 0
    seen[s] = s
    for k in range(start.shape[1]):
        r = start[s, k]
        while r < size and start[order[r, k], k] == start[s, k]:
            j = order[r, k]
            if seen[j] != s:
                seen[j] = s
                out[n] = j
                n += 1
            r += 1
    return out[:n]


@njit(cache=True)
def anchor_candidates(
    centre: np.ndarray,
    packed: np.ndarray,
    counts: np.ndarray,
    share: float,
    postings: int,
    tally: np.ndarray,
) -> np.ndarray:
    """The stories holding at least `share` of their anchors (and two) among the centre's
    anchors, counting only anchors in at most `postings` stories. `packed`: every story's
    anchors, each in the high half of a uint64 with its story in the low half, sorted.
    `tally` (zeros, one a story) is left as it was found."""
    keys = centre.astype(np.uint64) << np.uint64(32)
    lo = np.searchsorted(packed, keys, side="left")
    hi = np.searchsorted(packed, keys | np.uint64(0xFFFFFFFF), side="right")
    total = 0
    for a in range(len(centre)):
        if hi[a] - lo[a] <= postings:
            total += hi[a] - lo[a]
    touched = np.empty(total, dtype=np.int64)
    n = 0
    for a in range(len(centre)):
        if hi[a] - lo[a] <= postings:
            for r in range(lo[a], hi[a]):
                o = np.int64(packed[r] & np.uint64(0xFFFFFFFF))
                if tally[o] == 0:
                    touched[n] = o
                    n += 1
                tally[o] += 1
    out = np.empty(n, dtype=np.int64)
    m = 0
    for t in range(n):
        o = touched[t]
        if tally[o] >= max(2, np.ceil(share * counts[o])):
            out[m] = o
            m += 1
        tally[o] = 0
    return out[:m]
