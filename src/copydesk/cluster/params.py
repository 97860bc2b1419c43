"""The parameters of clustering: what a shingle is, the MinHash-LSH bands, and how much text a
copy must share with its centre. Plain constants, without numba, so that rensa's bench pass
takes the same ones without loading the kernel.
"""

# Five words: long enough that two different stories rarely share one by chance (common
# phrases are shorter), short enough that a trimmed sentence or a changed word costs a copy
# only the few shingles around the change.
SHINGLE_WORDS = 5
# The whole text: 42 bands of 3 rows.
TEXT_PERM = 126
# The lede, the first 50 words: a truncated copy keeps it whole even when it keeps a small
# part of the text (its Jaccard to the full copy is then too low for the text bands), so its
# lede and the full copy's collide in all 10 bands.
LEDE_WORDS = 50
LEDE_PERM = 30
LEDE_SHINGLES = LEDE_WORDS - SHINGLE_WORDS + 1
# A band is 3 rows (42 bands of the text, 10 of the lede). The text bands make a candidate of
# a pair at Jaccard 0.3 with probability 1-(1-0.3^3)^42 = 0.68, at 0.5 with 0.995: a copy
# holding 70% of the text of a centre twice its size is found. Two unrelated stories (Jaccard
# under 0.02) collide with probability 3e-4, and the exact check turns them away. Measured on
# the wire-dev run (2026-11-23): 4 rows (32 bands) found too few of the shorter copies (pair
# recall 0.888 against 0.910), 2 rows (64 bands) many more candidates for little more recall.
ROWS = 3
BANDS = (TEXT_PERM + LEDE_PERM) // ROWS
SEED = 20251123
# Share of a copy's shingles that must be found in the centre's (but for a letter or so of one
# word: NEAR_KEYS). Copies of one story keep most of their text (on wire-dev gold, 99% of
# same-story pairs share over 90% of the shorter copy's shingles), while a follow-up reusing
# two background paragraphs, or two briefs sharing a dateline and a sentence, share well under
# half (the most seen between different wire-dev stories: 0.6, found word for word or near
# alike). 0.7 keeps clear of both.
CONTAINMENT = 0.7
# One shingle in 32, chosen by its hash (so the same shingles in every story), is an anchor
# (group.py says what for).
ANCHOR_EVERY = 32
# A near key (kernel._near_keys) takes one word of a shingle by one of its halves: a copy
# whose letters OCR misread (1 in 100 makes a twentieth of its words differ, and a third of
# the five-word shingles two such copies share) still has most of its shingles in its centre
# but for one word, while a templated story about something else differs by whole words and
# numbers. Two keys a word. On the wire-hard-dev run (2026-12-04), same-story pairs whose
# shorter copy had under 70% of its shingles in the longer: 651 word for word, 177 with near
# keys; between different wire-dev stories (gold) the shares stayed as they were.
NEAR_KEYS = 2 * SHINGLE_WORDS
# A copy holding under this share of a centre's shingles word for word is not looked at but
# for a letter: were its words misread at random, so few of its shingles surviving would mean
# a third of its words misread (0.684^5 = 0.15), and then only half its shingles found but for
# one word (0.15 + 5 * 0.316 * 0.684^4 = 0.50), well short of CONTAINMENT. Such candidates are
# other stories sharing a block of text (a site's feature printed on every page), and making
# their near keys was most of the clustering pass at 100,000 pages (BENCHMARKS.md).
NEAR_FLOOR = 0.15
# A word of fewer letters (bytes) must match whole: its halves would be one letter, which
# many short words share. Halving 3-letter words too gained nothing measurable on
# wire-hard-dev (typo-0.01 pair recall 0.884 against 0.883).
WHOLE_BELOW = 4
