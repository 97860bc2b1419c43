import textwrap

from copydesk.clean import outlet
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


WIRE = "Officials said the reservoir would reopen to boats next spring, the agency said."


def _prose(*topics: str) -> str:
    return "\n".join(
        f"The {t} committee met on Monday and agreed to publish its report." for t in topics
    )


def test_two_versions_of_one_story_count_once() -> None:
    """An outlet running an earlier and a later version: their shared text is not chrome."""
    early = _page("a1", "a", _prose("ferry", "school") + "\n" + WIRE)
    late = _page("a2", "a", _prose("ferry", "school") + "\n" + WIRE + "\nA new last line.")
    other = _page("a3", "a", _prose("orchard", "harbor", "bridge"))
    chrome = outlet.learn([early, late, other])
    assert chrome.lookup("a", _h(WIRE)) == (0.5, 2, 1)  # one story of the outlet's two
    assert chrome.lookup("a", _h("Subscribe to the Pinecrest Post"))[0] == 1.0


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
    assert outlet.page_hashes(wrapped_page) == outlet.page_hashes(flat_page)
