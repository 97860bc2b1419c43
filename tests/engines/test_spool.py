"""The spool: story rows and shingle sets come back as they went in."""

from pathlib import Path

import numpy as np
from tests.cluster.invented import paragraphs, story

from copydesk.cluster.fingerprint import fingerprints
from copydesk.engines.spool import SpooledCorpus


def test_rows_and_shingles_round_trip_and_the_spool_goes(tmp_path: Path) -> None:
    stories = [story("a", paragraphs("a", 4)), story("e", []), story("b", paragraphs("a", 2))]
    corpus = SpooledCorpus(tmp_path / ".spool")
    prints = fingerprints(stories)
    for s, fp in zip(stories, prints, strict=True):
        corpus.add({"story_id": s.story_id, "body": s.body}, fp)
    clusters = corpus.cluster()
    assert len(corpus) == 3
    for i, fp in enumerate(prints):
        assert np.array_equal(corpus.shingles(i), fp.shingles)
    assert [r["story_id"] for r in corpus.rows()] == ["id-a", "id-e", "id-b"]
    assert sorted(len(c.members) for c in clusters) == [1, 2]
    corpus.remove()
    assert not (tmp_path / ".spool").exists()
