"""Group the copies of one story, across outlets, into clusters.

Per story (a pure function of the story, so any engine can map it): `fingerprint` →
normalised word shingles, a MinHash signature, paragraph keys (fingerprint.py, minhash.py).
Corpus-wide (an explicit pass with its own state): `group` → LSH candidates, each confirmed
by shingle containment against the cluster's centre (group.py); `relation` says how each copy
differs from its canonical one (relation.py); report.py turns clusters into output rows.
"""
