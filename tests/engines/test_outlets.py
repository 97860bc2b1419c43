from itertools import pairwise
from pathlib import Path

import numpy as np
import pytest

from copydesk.clean import outlet
from copydesk.engines import outlets
from copydesk.engines.outlets import Spilled
from copydesk.records import Page


def _spilled(pages: list[Page], folder: Path, parts: int) -> list[Spilled]:
    """The pages spilled as `parts` chunks, as pass 1 does."""
    chunks = []
    for k in range(parts):
        mine = pages[k::parts]
        path = folder / f"lines-{k}.pkl"
        ends = outlets.spill([(p.source, outlet.page_hashes(p)) for p in mine], path)
        chunks.append(Spilled(path, ends))
    return chunks


@pytest.mark.parametrize("bucket_bytes", [outlets.BUCKET_BYTES, 30_000, 2_000])
def test_outlets_learnt_by_buckets_and_ranges_as_in_one_pass(
    demo_pages: list[Page], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bucket_bytes: int
) -> None:
    """The demo's chrome learnt from three spilled chunks, in one bucket, in several, and
    with buckets cut into ranges of hash values, equals the chrome learnt in memory."""
    monkeypatch.setattr(outlets, "BUCKET_BYTES", bucket_bytes)
    whole = outlet.learn(demo_pages)
    assert len(whole.repeated) >= 5  # the demo's outlets have chrome to learn
    scratch = tmp_path / "scratch"
    assert outlets.learn(_spilled(demo_pages, tmp_path, 3), scratch) == whole
    assert not list(scratch.iterdir())  # the lines printed, read, are gone


def test_a_page_losing_its_doc_id_teaches_nothing(demo_pages: list[Page], tmp_path: Path) -> None:
    chunks = _spilled(demo_pages, tmp_path, 2)
    # The first chunk's third page loses its doc_id: as if it were not in the corpus.
    chunks[0] = Spilled(chunks[0].path, chunks[0].ends, frozenset({2}))
    without = [p for i, p in enumerate(demo_pages) if i != 4]
    assert outlets.learn(chunks, tmp_path / "s") == outlet.learn(without)
    assert outlets.learn(chunks, tmp_path / "s") != outlet.learn(demo_pages)


def test_a_chunk_is_spilled_by_slot(demo_pages: list[Page], tmp_path: Path) -> None:
    ends = outlets.spill([(p.source, outlet.page_hashes(p)) for p in demo_pages], tmp_path / "l")
    assert len(ends) == outlets.SLOTS + 1
    assert ends[0] == 0 and ends[-1] == (tmp_path / "l").stat().st_size
    assert np.all(np.diff(ends) >= 0)
    # Each outlet's pages are in its own slot's bytes.
    slots = {outlets.slot(p.source or "") for p in demo_pages}
    assert np.count_nonzero(np.diff(ends)) == len(slots)


def test_an_outlets_pairs_kept_on_disk_group_its_pages_as_in_memory(tmp_path: Path) -> None:
    """An outlet of 40 pages: two stories each run twice (pages 3 and 17, 8 and 30 share most
    of their text), every page with text of its own and a template shared by all. Its pairs
    counted on disk in blocks, over three ranges of shingles, give the groups of one pass in
    memory, and the blocks' files are gone once read."""
    rng = np.random.default_rng(5)
    n = 40
    template = rng.integers(1, 2**63, 30, dtype=np.uint64)
    pages = [np.concatenate([template, rng.integers(1, 2**63, 60, dtype=np.uint64)])
             for _ in range(n)]  # fmt: skip
    for a, b in ((3, 17), (8, 30)):
        pages[b] = np.concatenate([pages[a][:75], rng.integers(1, 2**63, 10, dtype=np.uint64)])
    shingles = np.concatenate(pages)
    holder = np.repeat(np.arange(n), [len(p) for p in pages])

    whole = outlet.Versions(n).add(shingles, holder).groups()
    spilled = outlets.SpilledPairs(tmp_path, 4, n)
    versions = outlet.Versions(n, spilled)
    for lo, hi in pairwise(outlet.range_bounds(3)):
        inside = (shingles >= np.uint64(lo)) & (shingles <= np.uint64(hi - 1))
        versions.add(shingles[inside], holder[inside])
    groups = versions.groups()

    assert np.array_equal(groups, whole)
    assert groups[3] == groups[17] and groups[8] == groups[30]
    assert len(set(groups.tolist())) == n - 2
    assert not spilled.folder.exists()
