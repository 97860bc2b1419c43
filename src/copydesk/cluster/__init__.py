"""Group the copies of one story, across outlets, into clusters.

Per story (a pure function of the story, so any engine can map it): `fingerprint` →
normalised word shingles, MinHash band keys, paragraph keys (fingerprint.py; the words as
defined in text.py, read by one compiled call a story, kernel.py; the parameters in
params.py). Corpus-wide (an explicit pass with its own state): `Prints` keeps what the pass
needs of each story, and `group` → LSH candidates, each confirmed by shingle containment
against the cluster's centre, a shingle found but for a letter or so of one word (group.py);
`relation` says how each copy differs from its canonical one (relation.py); report.py turns
clusters into output rows.
"""
