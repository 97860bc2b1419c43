import pickle
import textwrap

import numpy as np
import pytest

from copydesk.clean import outlet
from copydesk.clean.lines import MAX_PAGE_LINES
from copydesk.pipeline import process_page
from copydesk.records import Page

TEMPLATE = "Menu\nHome\nSubscribe to the Pinecrest Post\n"
FOOTER = "\n© 2026 Pinecrest Post"


def _page(doc_id: str, source: str | None, body: str) -> Page:
    return Page(doc_id, TEMPLATE + body + FOOTER, source=source)


def _h(text: str) -> int:
    return outlet.line_hash(text)


def test_template_lines_are_learned_per_outlet() -> None:
    topics = ("ferry", "school", "bridge", "harvest")
    pages = [
        _page(f"p{i}", "pinecrest.example", f"The {t} story is here.") for i, t in enumerate(topics)
    ]
    chrome = outlet.learn(pages)
    share, n, spread = chrome.lookup("pinecrest.example", _h("Subscribe to the Pinecrest Post"))
    assert (share, n, spread) == (1.0, 4, 1)
    # Numbers are masked: the copyright year does not make a new line.
    assert chrome.lookup("pinecrest.example", _h("© 2025 Pinecrest Post"))[0] == 1.0
    # A story line printed once has the share of one page.
    assert chrome.lookup("pinecrest.example", _h("The bridge story is here."))[0] == 0.25



def test_a_page_of_too_many_lines_teaches_nothing() -> None:
    # The path refuses it whole (TooManyLines, a reject); the outlet pass goes on without it.
    flood = Page("flood", TEMPLATE + "a\n" * MAX_PAGE_LINES, source="pinecrest.example")
    pages = [_page(f"p{i}", "pinecrest.example", f"Story {i}.") for i in range(3)]
    chrome = outlet.learn([pages[0], flood, *pages[1:]])
    assert chrome.lookup("pinecrest.example", _h("Subscribe to the Pinecrest Post"))[:2] == (1.0, 3)


WIRE = "Officials said the reservoir would reopen to boats next spring, the agency said."


# Stories of their own: no two share a phrase.
SENTENCES = {
    "ferry": "Ferry crossings to Gull Island resume next week after the pier was rebuilt.",
    "school": "Parents packed the school hall to argue over a later start to lessons.",
    "orchard": "Frost spared most apple blossom in the hill orchards, growers reported.",
    "harbor": "Dredging of the harbor mouth begins once the herring boats leave in May.",
    "bridge": "Engineers found rust under the rail bridge and slowed every train across.",
}


def _prose(*topics: str) -> str:
    return "\n".join(SENTENCES[t] for t in topics)


def test_two_versions_of_one_story_count_once() -> None:
    """An outlet running an earlier and a later version: their shared text is not chrome."""
    early = _page("a1", "a", _prose("ferry", "school") + "\n" + WIRE)
    late = _page("a2", "a", _prose("ferry", "school") + "\n" + WIRE + "\nA new last line.")
    other = _page("a3", "a", _prose("orchard", "harbor", "bridge"))
    chrome = outlet.learn([early, late, other])
    assert chrome.lookup("a", _h(WIRE)) == (0.5, 2, 1)  # one story of the outlet's two
    assert chrome.lookup("a", _h("Subscribe to the Pinecrest Post"))[0] == 1.0


def test_an_outlet_of_one_story_tells_nothing_of_its_chrome() -> None:
    """Two versions of one story are all an outlet printed: every line is on its one story,
    the story's own text as much as the menu, so the lines are looked up as a lone page's."""
    text = "Subscribe to the Pinecrest Post\n" + _prose("ferry", "school") + "\n" + WIRE
    chrome = outlet.learn([_page("a1", "a", text), _page("a2", "a", text + "\nA new last line.")])
    assert chrome.pages["a"] == 1
    lines = ("Subscribe to the Pinecrest Post", SENTENCES["school"], WIRE)
    assert [chrome.lookup("a", _h(line))[:2] for line in lines] == [(0.0, 0)] * 3
    keys = np.array([_h(line) for line in lines], dtype=np.uint64)
    assert not chrome.lookup_keys("a", keys)[:, :2].any()
    # With a second story the outlet's lines are counted again.
    chrome = outlet.learn([_page("a1", "a", text), _page("a3", "a", _prose("orchard", "harbor"))])
    assert chrome.lookup("a", _h(WIRE))[:2] == (0.5, 2)


def test_syndicated_text_spreads_across_outlets() -> None:
    """Outlet a reuses a wire paragraph in two different stories: it repeats within a, and
    its spread says three outlets print it."""
    pages = [
        _page("a1", "a", _prose("ferry", "school") + "\n" + WIRE),
        _page("a2", "a", _prose("orchard", "harbor") + "\n" + WIRE),
        *(_page(f"{o}1", o, WIRE) for o in "bc"),
        _page("d1", "d", "Other news."),
    ]
    chrome = outlet.learn(pages)
    assert chrome.lookup("a", _h(WIRE)) == (1.0, 2, 3)
    # Spread is kept only for lines some outlet repeats: that is where it decides anything.
    assert chrome.lookup("d", _h("Other news."))[2] == 1


def test_unknown_outlets_teach_nothing() -> None:
    chrome = outlet.learn([_page("x", None, "One."), _page("y", None, "Two.")])
    assert chrome.lookup(None, _h("Menu")) == (0.0, 0, 1)


def test_counts_merge_like_one_pass() -> None:
    pages = [_page(f"p{i}", "o" if i % 2 else "q", f"Body {i}.") for i in range(6)]
    whole = outlet.OutletCounts()
    left, right = outlet.OutletCounts(), outlet.OutletCounts()
    for i, p in enumerate(pages):
        whole.add(p.source, outlet.page_hashes(p))
        (left if i < 3 else right).add(p.source, outlet.page_hashes(p))
    assert outlet.finish(left.merge(right)) == outlet.finish(whole)


def test_a_wrapped_page_is_hashed_by_its_paragraphs() -> None:
    """The pass sees the lines the cleaner judges: a wrapped paragraph that an outlet prints
    on every page is recognised as that outlet's, as it is when printed on one line."""
    paragraphs = [
        f"The Pinecrest Post is read in {place} and is printed by its own staff, who write, edit "
        "and deliver it every week of the year, in snow and in summer heat, and have done so "
        "since the paper was founded by the town's first schoolteacher ninety years ago."
        for place in ("the valley", "the hills", "the river towns")
    ]
    wrapped = [textwrap.fill(p, 72) for p in paragraphs]
    assert all(w.count("\n") >= 2 for w in wrapped)
    flat_page = _page("f", "pinecrest.example", "\n" + "\n\n".join(paragraphs) + "\n")
    wrapped_page = _page("w", "pinecrest.example", "\n" + "\n\n".join(wrapped) + "\n")
    wrapped_lines, flat_lines = outlet.page_hashes(wrapped_page), outlet.page_hashes(flat_page)
    assert wrapped_lines.hashes.tolist() == flat_lines.hashes.tolist()
    assert wrapped_lines.shingles.tolist() == flat_lines.shingles.tolist()


# An invented outlet: its template, three stories of its own, and one story it ran three times.
LEDGER = "larkfield.example"
LEDGER_TOP = "Larkfield Ledger\nHome\nTown\nSchools\nWeather\nSign in\n"
LEDGER_FOOT = (
    "\nMost read\nSupport local reporting: subscribe to the Larkfield Ledger for a dollar a week."
    "\nContact the newsroom\n© 2026 Larkfield Ledger Media"
)
LIBRARY = [
    "LARKFIELD (Ledger) — The town library on Mill Street will reopen its doors on Saturday "
    "after eleven months of repairs to its flooded basement and leaking roof.",
    "Head librarian Oona Petrakis said the children's room had been moved upstairs, away "
    "from the river, and that the reading garden would follow in the spring.",
    "The repairs cost the town about $1.4 million, most of it covered by a state grant.",
    "Volunteers will hand out free tote bags, and the local choir plans a short concert on "
    "the front steps at noon.",
]
UPDATE = (
    "Update: the mayor said on Friday evening that the opening would start an hour early, "
    "at nine, because of the expected crowds."
)
OTHERS = {
    "bakery": "A family bakery on the square celebrated fifty years of bread on Tuesday, "
    "giving away rye loaves to anyone who could name its first owner.",
    "bridge": "Crews closed the old footbridge over Willow Creek for inspection after "
    "residents reported loose planks near the western railing.",
    "chess": "Two pupils of Larkfield Middle School reached the county chess final, where "
    "they will face last year's champions from Dunmore next month.",
}


def _ledger(doc_id: str, paragraphs: list[str]) -> Page:
    return Page(doc_id, LEDGER_TOP + "\n\n".join(paragraphs) + LEDGER_FOOT, source=LEDGER)


def _typos(text: str) -> str:
    """OCR-level noise: one letter in a hundred swapped with its neighbour."""
    letters = list(text)
    for i in range(5, len(letters) - 1, 100):
        letters[i], letters[i + 1] = letters[i + 1], letters[i]
    return "".join(letters)


def _wrapped(text: str, width: int = 60) -> str:
    """The text hard-wrapped, as a plain-text feed prints it."""
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "\n".join([*lines, line])


def _ledger_pages(copies: list[list[str]], others: int = len(OTHERS)) -> list[Page]:
    """The copies of the library story, then `others` stories of the outlet's own."""
    own = list(OTHERS.items())[:others]
    return [_ledger(f"lib{v}", c) for v, c in enumerate(copies)] + [
        _ledger(f"own-{t}", [text]) for t, text in own
    ]


def test_three_copies_among_five_pages_are_one_story() -> None:
    """Issue #13: the same URL crawled three times (?v=0..2) among five pages of the outlet:
    its text is on most of the outlet's pages, and still one story's."""
    chrome = outlet.learn(_ledger_pages([LIBRARY] * 3, others=2))
    assert chrome.lookup(LEDGER, _h(LIBRARY[1])) == (1 / 3, 3, 1)
    assert chrome.lookup(LEDGER, _h("Contact the newsroom")) == (1.0, 3, 1)


def test_three_updates_among_five_pages_are_one_story() -> None:
    """Three versions at three URLs, each a paragraph longer than the last."""
    copies = [LIBRARY[:3], LIBRARY, [*LIBRARY, UPDATE]]
    chrome = outlet.learn(_ledger_pages(copies, others=2))
    assert chrome.pages[LEDGER] == 3


def test_pages_sharing_a_section_template_stay_apart() -> None:
    """Three stories whose pages share a long section box, on three of four pages: a page's
    own story keeps it apart from the others."""
    box = "\n".join(
        f"Section {t}: the weekly {t} notes, with times, places and who to call."
        for t in ("garden", "market", "council")
    )
    pages = [_ledger(f"own-{t}", [text, box]) for t, text in OTHERS.items()]
    chrome = outlet.learn([*pages, _ledger("lib0", LIBRARY)])
    assert chrome.pages[LEDGER] == 4


def test_versions_one_story_through_typos_wrapping_and_updates() -> None:
    """Three versions at three URLs among six pages: one with an update paragraph, one
    hard-wrapped with typos in every paragraph. Line for line they differ; their text is one
    story's."""
    copies = [
        LIBRARY,
        [*LIBRARY[:2], UPDATE, *LIBRARY[2:]],
        [_wrapped(_typos(p)) for p in LIBRARY],
    ]
    chrome = outlet.learn(_ledger_pages(copies))
    assert chrome.pages[LEDGER] == 4
    assert chrome.lookup(LEDGER, _h(LIBRARY[1]))[0] == 0.25


def test_an_outlet_of_two_pages() -> None:
    """Of two pages nothing tells the template from a story run twice but how much of the
    smaller one's text the other holds: a page whose story is all on the other (an
    aggregator's) is one story with it; two stories sharing the template's appeal stay two."""
    aggregator = _ledger("agg", [*LIBRARY, OTHERS["chess"]])
    assert outlet.learn([_ledger("lib0", LIBRARY), aggregator]).pages[LEDGER] == 1
    own = [_ledger(f"own-{t}", [text]) for t, text in OTHERS.items()]
    assert outlet.learn(own[:2]).pages[LEDGER] == 2


@pytest.mark.parametrize(
    "copies",
    [[LIBRARY] * 3, [LIBRARY[:3], LIBRARY, [*LIBRARY, UPDATE]]],
    ids=["three-crawls", "three-updates"],
)
def test_each_of_three_copies_keeps_its_body(copies: list[list[str]]) -> None:
    """Issue #13 end to end: each of three copies among five pages gives its story, the
    outlet's template removed."""
    pages = _ledger_pages(copies, others=2)
    chrome = outlet.learn(pages)
    for page, paragraphs in zip(pages[: len(copies)], copies, strict=True):
        (story,) = process_page(page, chrome).stories
        assert story.body == "\n\n".join(paragraphs)


def test_a_page_is_kept_as_sorted_unique_arrays() -> None:
    page = _page("p", "o", "Same line.\nSame line.\n---\nOther line.\n" + _prose("ferry", "school"))
    lines = outlet.page_hashes(page)
    for values in (lines.hashes, lines.shingles):
        assert values.dtype == np.uint64
        assert np.array_equal(values, np.unique(values))  # sorted, unique
    # A line without words (hash 0) is nobody's; a repeated line is one hash.
    assert 0 not in lines.hashes.tolist()
    assert lines.hashes.tolist().count(_h("Same line.")) == 1


def test_an_outlets_pages_end_to_end() -> None:
    """Pages added one by one and in parts (one of them with no shingles) come back each
    with its page number, in the order added; and so from a pickled copy."""
    pages = [
        outlet.PageLines(np.array(h, dtype=np.uint64), np.array(s, dtype=np.uint64))
        for h, s in (([1, 5], [7]), ([2], []), ([3, 4, 9], [8, 11]))
    ]
    first, second = outlet.OutletPages(), outlet.OutletPages()
    first.add(pages[0])
    for p in pages[1:]:
        second.add(p)
    first.extend(second)
    for kept in (first, pickle.loads(pickle.dumps(first))):
        hashes, page, shingles, holder = kept.parts()
        assert len(kept) == 3
        assert (hashes.tolist(), page.tolist()) == ([1, 5, 2, 3, 4, 9], [0, 0, 1, 2, 2, 2])
        assert (shingles.tolist(), holder.tolist()) == ([7, 8, 11], [0, 2, 2])
    copy = pickle.loads(pickle.dumps(first))
    copy.add(pages[1])  # and it grows on
    assert copy.parts()[0].tolist() == [1, 5, 2, 3, 4, 9, 2]


def test_counts_merged_in_three_parts_like_one_pass() -> None:
    """The copies of one story learnt in different parts are still one story."""
    copies = [LIBRARY, [*LIBRARY[:2], UPDATE, *LIBRARY[2:]], [_wrapped(_typos(p)) for p in LIBRARY]]
    pages = _ledger_pages(copies) + [_page(f"p{i}", "o", f"Body {i}.") for i in range(4)]
    whole = outlet.OutletCounts()
    parts = [outlet.OutletCounts() for _ in range(3)]
    for i, p in enumerate(pages):
        whole.add(p.source, outlet.page_hashes(p))
        parts[i % 3].add(p.source, outlet.page_hashes(p))
    merged = parts[0].merge(parts[1].merge(parts[2]))
    assert outlet.finish(merged) == outlet.finish(whole)
    assert outlet.finish(merged).pages == {LEDGER: 4, "o": 4}
