"""The grouping: copies together; follow-ups, briefs and chains apart; any input order."""

from __future__ import annotations

import random

import numpy as np
from tests.cluster.invented import misread, paragraph, paragraphs, story

from copydesk.cluster.fingerprint import fingerprints, near_keys
from copydesk.cluster.group import (
    CONTAINMENT,
    CORE_SHARE,
    BandColumns,
    BandIndex,
    Centre,
    Cluster,
    Prints,
    Text,
    near_containment,
    near_set,
    text_of,
)
from copydesk.cluster.params import BANDS, NEAR_FLOOR
from copydesk.cluster.relation import Relation
from copydesk.records import Dateline, Story


def cluster(stories: list[Story]) -> list[Cluster]:
    fps = fingerprints(stories)
    prints = Prints()
    for f in fps:
        prints.add(f)
    return prints.group(
        lambda i: text_of(fps[i], stories[i].body), lambda i: fps[i].profile.paragraph_keys
    )


def partition(stories: list[Story]) -> dict[str, set[str]]:
    """canonical doc id → the doc ids of its cluster."""
    return {
        stories[c.canonical].doc_id: {stories[m.index].doc_id for m in c.members}
        for c in cluster(stories)
    }


def relations(stories: list[Story]) -> dict[str, Relation | None]:
    return {stories[m.index].doc_id: m.relation for c in cluster(stories) for m in c.members}


FULL = paragraphs("harbor", 10)


def test_copies_of_one_story_cluster_around_the_most_complete() -> None:
    stories = [
        story("full", FULL, date="2025-05-02"),
        story("same", FULL, source="ledger.example", date="2025-05-02"),
        story("cut", FULL[:3], source="courier.example"),  # a paywall keeps 3 of 10
        story(
            "trimmed", [*FULL[:5], FULL[5].split(". ")[0] + ".", *FULL[6:]], date="2025-05-02"
        ),
    ]
    assert partition(stories) == {"full": {"full", "same", "cut", "trimmed"}}
    rel = relations(stories)
    assert rel["full"] is None
    assert rel["same"] is Relation.IDENTICAL
    assert rel["cut"] is Relation.TRUNCATED
    assert rel["trimmed"] is Relation.EDITED


def test_an_earlier_version_joins_the_updated_story() -> None:
    updated = [paragraph("new lede"), *FULL[1:], paragraph("update 1"), paragraph("update 2")]
    earlier = story("earlier", FULL, date="2025-05-01")
    later = story("later", updated, date="2025-05-02")
    assert partition([earlier, later]) == {"later": {"earlier", "later"}}
    assert relations([earlier, later])["earlier"] is Relation.EARLIER


def test_a_correction_makes_a_corrected_copy() -> None:
    fixed = "Correction: An earlier version of this story misspelled the harbor master's name."
    stories = [story("plain", FULL), story("fixed", FULL, corrections=[fixed])]
    # The copy carrying the correction is canonical; the other lacks it.
    assert relations(stories) == {"fixed": None, "plain": Relation.CORRECTED}


def test_a_follow_up_reusing_background_paragraphs_is_another_story() -> None:
    original = story("original", FULL)
    copy = story("copy", FULL[:8], source="ledger.example")
    # The next day's story: new reporting, then two background paragraphs of the first.
    follow = story("follow", [*paragraphs("cause", 5), FULL[6], FULL[7]], date="2025-05-02")
    follow_copy = story("follow-copy", [*paragraphs("cause", 5), FULL[6]], date="2025-05-02")
    assert partition([original, copy, follow, follow_copy]) == {
        "original": {"original", "copy"},
        "follow": {"follow", "follow-copy"},
    }


def test_briefs_sharing_a_dateline_and_a_sentence_are_different_stories() -> None:
    shared = (
        "Lisbon expects more than a million visitors for the festival week, the city "
        "tourism office said."
    )
    place = Dateline("LISBON, Portugal", "AP")
    strike = story(
        "strike",
        [
            "LISBON, Portugal (AP) — Ferry crews on the Tagus walked off the job on Friday "
            "over a pay dispute, stranding commuters on the south bank for most of the morning. "
            + shared,
            "The union said the strike would last two days.",
        ],
        dateline=place,
    )
    metro = story(
        "metro",
        [
            "LISBON, Portugal (AP) — The city metro will run all night during the June "
            "festivals for the first time, the operator announced on Thursday. " + shared,
            "Extra trains will run every twelve minutes after midnight.",
        ],
        dateline=place,
    )
    assert partition([strike, metro]) == {"strike": {"strike"}, "metro": {"metro"}}


def exact_share(copy: Story, centre: Story) -> float:
    """Share of the copy's shingles the centre holds word for word."""
    mine, theirs = fingerprints([copy, centre])
    return float(np.isin(mine.shingles, theirs.shingles).mean())


# OCR-level noise: one letter in 100 misread.
OCR = 0.01


def test_copies_with_misread_letters_join_their_cluster() -> None:
    """Every copy OCR-read, none clean: two of them share too few of their shingles word for
    word, but nearly all of them but for a letter."""
    copies = [
        story(f"ocr-{k}", [misread(p, OCR, f"{k}/{i}") for i, p in enumerate(FULL)])
        for k in range(3)
    ]
    cut = story("ocr-cut", [misread(p, OCR, f"cut/{i}") for i, p in enumerate(FULL[:4])])
    assert exact_share(copies[1], copies[0]) < CONTAINMENT
    got = partition([*copies, cut])
    assert list(got.values()) == [{"ocr-0", "ocr-1", "ocr-2", "ocr-cut"}]


def test_near_keys_are_made_only_for_a_copy_that_may_be_misread() -> None:
    """Another story sharing one paragraph of ten with the centre, and a cut copy asked
    whether it shares CORE_SHARE of its text, which it does word for word, need no near keys;
    a misread copy does, and more of it is found with them."""

    def unasked() -> np.ndarray:
        raise AssertionError("near keys made")

    whole = story("full", FULL)
    other = story("other", [FULL[0], *paragraphs("zebra", 9)])
    cut = story("cut", [*FULL[:3], *paragraphs("zebra", 3)])
    ocr = story("ocr", [misread(p, OCR, f"n/{i}") for i, p in enumerate(FULL)])
    full, *copies = fingerprints([whole, other, cut, ocr])
    centre = Centre(text_of(full, whole.body))
    share = exact_share(other, whole)
    assert share < NEAR_FLOOR
    assert centre.share(Text(copies[0].shingles, unasked)) == share
    assert centre.holds(Text(copies[1].shingles, unasked), CORE_SHARE)
    assert centre.share(text_of(copies[2], ocr.body)) > exact_share(ocr, whole)


def test_a_templated_story_about_other_names_and_numbers_is_another_story() -> None:
    """The same sentences around other names and figures (an earnings or sports story made
    from a template), after the same standard first paragraph (which makes them candidates):
    every shingle of the template but for one word, that word another one, not misread."""
    rng = random.Random(3)
    standard = paragraph("standard", 5)  # longer than the lede
    template = " ".join(paragraphs("template", 6)).split()

    def filled(names: list[str]) -> list[str]:
        # Every fifth word a name or a figure of this story's own.
        text = [
            w if i % 5 else (rng.choice(names) if i % 10 else str(rng.randrange(100, 10_000)))
            for i, w in enumerate(template)
        ]
        return [standard, *(" ".join(text[k : k + 40]) for k in range(0, len(text), 40))]

    first = story("first", filled(["Okonkwo", "Harrowgate", "Pemberley"]))
    second = story("second", filled(["Vasquez", "Lindqvist", "Muratova"]), source="o.example")
    assert partition([first, second]) == {"first": {"first"}, "second": {"second"}}


def test_a_misread_follow_up_reusing_background_paragraphs_is_another_story() -> None:
    original = story("original", [misread(p, OCR, f"o/{i}") for i, p in enumerate(FULL)])
    follow = story(
        "follow",
        [misread(p, OCR, f"f/{i}") for i, p in enumerate([*paragraphs("cause", 4), *FULL[5:8]])],
        date="2025-05-02",
    )
    assert partition([original, follow]) == {"original": {"original"}, "follow": {"follow"}}


def test_a_chain_does_not_glue_unrelated_stories() -> None:
    """Most of B is in A, most of C in B, little of C in A: single-link components would put
    A and C in one cluster although they share little."""
    a_text = paragraphs("alpha", 12)
    b_text = [*a_text[:8], *paragraphs("beta", 2)]  # 8 of its 10 paragraphs are A's
    c_text = [*a_text[:2], *b_text[8:], paragraph("gamma")]  # 4 of 5 are B's, 2 are A's
    a, b, c = story("A", a_text), story("B", b_text), story("C", c_text)
    na, nb, nc = (near_keys(s.body) for s in (a, b, c))
    assert near_containment(nb, near_set(na)) >= CONTAINMENT
    assert near_containment(nc, near_set(nb)) >= CONTAINMENT
    assert near_containment(nc, near_set(na)) < CONTAINMENT
    got = partition([a, b, c])
    assert got == {"A": {"A", "B"}, "C": {"C"}}


def test_a_page_holding_two_stories_does_not_glue_their_copies() -> None:
    """An aggregator page the segmenter left whole: one story, then another. It is the
    longest text of both, and holds every copy of each."""
    first, second = paragraphs("first", 8), paragraphs("second", 9)
    stories = [
        story("page", [*first, *second], source="hub.example"),
        story("first", first),
        story("first-cut", first[:5], source="courier.example"),
        story("second", second, source="ledger.example"),
        story("second-cut", second[:6], source="courier.example"),
    ]
    groups = list(partition(stories).values())
    firsts = {"first", "first-cut"}
    seconds = {"second", "second-cut"}
    assert any(firsts <= g for g in groups) and any(seconds <= g for g in groups)
    assert not any(g & firsts and g & seconds for g in groups)


def test_a_short_copy_inside_a_long_page_is_found() -> None:
    """The copy is a small part of the page that prints it below other text: too little of
    the page for the MinHash bands, not at its start for the lede."""
    copy = paragraphs("brief", 3)
    page = story("page", [*paragraphs("column", 14), *copy])
    assert partition([page, story("copy", copy)]) == {"page": {"page", "copy"}}


def test_a_copy_goes_to_the_centre_holding_more_of_it() -> None:
    """A short copy found in two stories' text stays with the one it is a copy of."""
    first = story("first", FULL)
    other = story("other", [*paragraphs("other", 12), *FULL[:2]])  # longer: a centre first
    lede = story("lede", FULL[:3])  # 2 of its 3 paragraphs are also in `other`
    got = partition([first, other, lede])
    assert got["first"] == {"first", "lede"}


def test_the_same_stories_in_any_order_give_the_same_clusters() -> None:
    stories = [
        story(f"{s}-{k}", paragraphs(s, 8)[: 8 - k], source=f"o{k}.example")
        for s in ("one", "two", "three", "four")
        for k in range(4)
    ]
    stories += [story("twin-a", FULL), story("twin-b", FULL)]  # a tie: the id decides
    # Misread copies: the same share of their text found, whichever is read first.
    stories += [story(f"ocr-{k}", [misread(p, OCR, f"{k}{p}") for p in FULL]) for k in range(3)]

    def described(order: list[Story]) -> list[tuple]:
        return sorted(
            (
                c.cluster_id,
                order[c.canonical].story_id,
                tuple(sorted((order[m.index].story_id, m.relation, m.similarity)
                             for m in c.members)),
            )
            for c in cluster(order)
        )

    expected = described(stories)
    assert len(expected) == 5
    rng = random.Random(7)
    for _ in range(5):
        shuffled = stories[:]
        rng.shuffle(shuffled)
        assert described(shuffled) == expected


def test_stories_without_words_stay_alone() -> None:
    got = partition([story("e1", []), story("e2", []), story("x", FULL)])
    assert got == {"x": {"x"}, "e1": {"e1"}, "e2": {"e2"}}


def test_band_keys_kept_on_disk_are_read_back_a_band_at_a_time(monkeypatch) -> None:
    """Ten stories' keys in blocks of three (the last block short): each band reads back as
    the column of the keys added."""
    monkeypatch.setattr(BandColumns, "BLOCK", 3)
    keys = np.random.default_rng(3).integers(0, 2**63, (10, BANDS), dtype=np.uint64)
    columns = BandColumns()
    for row in keys:
        columns.add(row)
    for k in (0, 1, BANDS - 1):
        assert np.array_equal(columns.band(k), keys[:, k])
    columns.close()


def test_a_storys_band_candidates_are_the_stories_sharing_a_key() -> None:
    """Keys drawn from 40 values, so buckets of many sizes and some stories sharing none:
    each live story's candidates are exactly the other live stories holding one of its keys
    in the same band."""
    keys = np.random.default_rng(4).integers(0, 40, (30, BANDS), dtype=np.uint64)
    live = np.ones(30, dtype=bool)
    live[[4, 11]] = False
    index = BandIndex(lambda k: keys[:, k], live)
    for s in range(30):
        expected = {
            t for t in range(30)
            if t != s and live[t] and live[s] and (keys[t] == keys[s]).any()
        }  # fmt: skip
        assert set(index.candidates(s).tolist()) == expected
