"""MinHash signatures and their LSH band keys.

Signatures come from rensa (Rust). Measured side by side on the 2,415 wire-dev gold bodies
(2026-11-23, the same shingle hashes in): rensa 79,000 stories/s, a numpy-vectorised
multiply-shift MinHash 2,100 stories/s; so rensa it is. Banding is numpy over the whole
signature matrix.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import rensa

# A band is 3 rows (fingerprint.py: 42 bands of the text, 10 of the lede). The text bands
# make a candidate of a pair at Jaccard 0.3 with probability 1-(1-0.3^3)^42 = 0.68, at 0.5
# with 0.995: a copy holding 70% of the text of a centre twice its size is found. Two
# unrelated stories (Jaccard under 0.02) collide with probability 3e-4, and the exact check
# turns them away. Measured on the wire-dev run (2026-11-23): 4 rows (32 bands) found too
# few of the shorter copies (pair recall 0.888 against 0.910), 2 rows (64 bands) many more
# candidates for little more recall.
ROWS = 3
SEED = 20251123
_ROW_MIX = np.array(
    [0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93],
    dtype=np.uint64,
)


def signatures(shingle_sets: Sequence[np.ndarray], num_perm: int) -> np.ndarray:
    """(sets × num_perm) uint32 MinHash signatures. An empty set's rows stay at the maximum
    (the grouping never indexes a story without shingles)."""
    out = np.full((len(shingle_sets), num_perm), np.iinfo(np.uint32).max, dtype=np.uint32)
    lengths = np.fromiter(map(len, shingle_sets), dtype=np.uint64, count=len(shingle_sets))
    rows = np.flatnonzero(lengths)
    if len(rows):
        offsets = np.zeros(len(rows) + 1, dtype=np.uint64)
        np.cumsum(lengths[rows], out=offsets[1:])
        digests = rensa.RMinHash.digest_matrix_from_flat_token_hashes(
            np.concatenate(shingle_sets), offsets, num_perm, SEED  # empty sets add nothing
        )
        out[rows] = np.array(digests.to_rows(), dtype=np.uint32)
    return out


def band_keys(sigs: np.ndarray) -> np.ndarray:
    """(sets × bands) uint64: one hash of each band's ROWS rows. Two stories with an equal
    key in the same band are candidates."""
    # A matrix product: the same sums of products mod 2^64, in one numpy call (a few
    # microseconds a story less than multiply-then-sum).
    keys = sigs.reshape(len(sigs), -1, ROWS).astype(np.uint64) @ _ROW_MIX[:ROWS]
    keys ^= keys >> np.uint64(31)
    return keys
