"""The spool: story rows and shingle sets come back as they went in."""

import json
from pathlib import Path

import numpy as np
from tests.cluster.invented import paragraphs, story

from copydesk.cluster.fingerprint import fingerprints, near_keys
from copydesk.engines.spool import PageReader, SpilledPages, SpooledCorpus, places, spilt
from copydesk.records import Markup, Page


def test_rows_shingles_and_near_keys_come_back_and_the_spool_goes(tmp_path: Path) -> None:
    stories = [story("a", paragraphs("a", 4)), story("e", []), story("b", paragraphs("a", 2))]
    (tmp_path / ".spool").mkdir()  # a user's own folder of that name is none of the run's
    prints = fingerprints(stories)
    parts = [tmp_path / "part-0.jsonl", tmp_path / "part-1.jsonl"]  # as pass 2 leaves them
    for part, some in zip(parts, (stories[:2], stories[2:]), strict=True):
        part.write_text("".join(
            json.dumps({"story_id": s.story_id, "body": s.body}) + "\n" for s in some
        ))
    corpus = SpooledCorpus(tmp_path)
    corpus.add_part(parts[0], iter(prints[:2]))
    corpus.add_part(parts[1], iter(prints[2:]))
    clusters = corpus.cluster()
    assert len(corpus) == 3
    for i, fp in enumerate(prints):
        text = corpus.text(i)
        # The near keys, kept nowhere, are made from the row's body: the story's.
        near = near_keys(stories[i].body)
        assert np.array_equal(text.shingles, fp.shingles) and np.array_equal(text.near(), near)
        assert corpus.row(i)["story_id"] == stories[i].story_id
    assert near.shape[0] == fp.shingles.shape[0] > 0
    assert [r["story_id"] for r in corpus.rows()] == ["id-a", "id-e", "id-b"]
    assert sorted(len(c.members) for c in clusters) == [1, 2]
    corpus.remove()
    assert sorted(p.name for p in tmp_path.iterdir()) == [".spool", "part-0.jsonl", "part-1.jsonl"]


def test_spilled_pages_come_back_whole_by_place(tmp_path: Path) -> None:
    pages = [
        Page(f"p{i}", "Headline\n\n" + "Text é " * i, url=f"https://x.example/{i}")
        for i in range(7)
    ]
    pages[3] = Page("p3", "Another", markup=Markup(headline="Another", date="2024-03-05"))
    spill = SpilledPages(tmp_path / "pages.pkl")
    for page in pages:
        spill.add(spilt(page))
    spill.close()
    spots = places(tmp_path / "pages.pkl", spill.starts)
    reader = PageReader()
    assert [reader.read(place) for place in reversed(spots)] == pages[::-1]
    reader.close()
