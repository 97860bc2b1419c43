"""The seeds end to end, and the accounting property on any page."""

import textwrap

from hypothesis import given, settings
from hypothesis import strategies as st

from copydesk.clean import outlet
from copydesk.pipeline import process_page
from copydesk.records import Fate, Page

_CHROME = ("Skip to Content", "News", "More Images", "Recommended Articles", "Your support")


def test_seeds_give_three_stories(seed_pages: list[Page]) -> None:
    chrome = outlet.learn(seed_pages)
    results = {p.doc_id[:3]: process_page(p, chrome) for p in seed_pages}
    own = results["000"].stories
    aggregator = results["001"].stories
    assert len(own) == 1 and len(aggregator) == 2
    assert own[0].primary and aggregator[0].primary and not aggregator[1].primary
    assert own[0].body.startswith("Nearly two months after Mexican police")
    mesilla, tanker = aggregator
    assert mesilla.dateline is not None and mesilla.dateline.agency == "AP"
    assert mesilla.dateline.place.startswith("LA MESILLA")
    assert mesilla.headline == "Guatemalan town struggles to recover after border shootout"
    assert tanker.dateline is not None and tanker.dateline.place == "WASHINGTON"
    assert own[0].date == mesilla.date == "2025-07-31"
    # The appended story is dated by its own photos (Jan. 8, 2026), not by its page; the
    # "File" photo of Nov. 22, 2025 says nothing of its day.
    assert tanker.date == "2026-01-08"


_FERRY = [
    "LAKEVIEW, Ore. (AP) — The harbour ferry resumed its crossings on Friday after four months"
    " of repairs to its hull and engines, the town said.",
    "Riders lined up before dawn at the north dock, where the first crossing left on time with"
    " every seat taken.",
    "The town council paid for the repairs from its reserve fund after a storm damaged the"
    " ferry in the autumn.",
    "“We missed it more than we expected,” said Mara Olsen, who crosses twice a day to work at"
    " the cannery.",
]
_FROST = [
    "FRESNO, Calif. (AP) — Growers in the valley covered young trees overnight as the"
    " temperatures fell below freezing for a third night.",
    "Farm advisers said the blossoms on early almond trees were the most at risk from the"
    " cold, which came two weeks later than usual.",
    "“One more night like this and we lose the early crop,” said Luis Ortega, who farms 80"
    " acres east of the city.",
]


def test_an_appended_story_has_the_headline_byline_and_date_printed_above_it() -> None:
    """They stand after the page's own story, inside its region (up to the next story)."""
    head = ["Ferry back in service across Lakeview harbour | Lakeview Post", "Home", "News",
            "Ferry back in service across Lakeview harbour"]
    appended = ["Recommended Articles", "Orchard growers brace for a late frost", "By Dana Reyes",
                "March 4, 2026"]
    text = "\n\n".join(head + _FERRY + appended + _FROST)
    own, frost = process_page(Page("lakeview/ferry", text, source="lakeview.example")).stories
    assert own.primary and own.headline == "Ferry back in service across Lakeview harbour"
    assert not frost.primary and frost.body.startswith("FRESNO, Calif. (AP)")
    assert (frost.headline, frost.byline, frost.date) == (
        "Orchard growers brace for a late frost", "Dana Reyes", "2026-03-04"
    )


def test_seed_captions_once_each_with_credit(seed_pages: list[Page]) -> None:
    page = next(p for p in seed_pages if p.doc_id.startswith("001"))
    mesilla, tanker = process_page(page).stories
    assert len(mesilla.captions) == 5 and len(tanker.captions) == 2
    assert {c.credit for c in mesilla.captions} == {"AP Photo/Moises Castillo"}
    assert len({c.text for c in mesilla.captions}) == 5
    assert not any("AP Photo" in p for s in (mesilla, tanker) for p in s.body.split("\n"))


def test_seed_bodies_hold_no_chrome(seed_pages: list[Page]) -> None:
    for page in seed_pages:
        for story in process_page(page).stories:
            for paragraph in story.body.split("\n"):
                assert not paragraph.startswith(_CHROME), paragraph
                assert "This story has been corrected" not in paragraph


def test_seed_correction_is_metadata_of_its_story(seed_pages: list[Page]) -> None:
    page = next(p for p in seed_pages if p.doc_id.startswith("001"))
    result = process_page(page)
    tanker = result.stories[1]
    assert tanker.corrections == [
        "This story has been corrected to show the Veronica is the fourth, not the third, "
        "tanker seized by U.S. forces since Maduro's capture."
    ]
    assert not result.stories[0].corrections
    claimed = [f for f in result.fates if f.field == "correction"]
    assert [f.story_id for f in claimed] == [tanker.story_id]


def _accounted(page: Page, chrome: outlet.OutletChrome = outlet.EMPTY) -> None:
    result = process_page(page, chrome)
    lines = page.text.split("\n")
    by_line: dict[int, list[str]] = {}
    for f in result.fates:
        assert f.fate is not Fate.REMOVED or f.reason is not None
        by_line.setdefault(f.number, []).append(f.text)
    assert sorted(by_line) == list(range(len(lines)))
    # The pieces of each line put together are the line (the header splits the first one).
    for n, pieces in by_line.items():
        assert "".join(pieces) == lines[n], n
    ids = {s.story_id for s in result.stories}
    assert all(f.story_id in ids for f in result.fates if f.story_id)
    # Every body line's text is in its story's body.
    bodies = {s.story_id: s.body for s in result.stories}
    for f in result.fates:
        if f.fate is Fate.BODY:
            assert f.text.strip() in bodies[f.story_id]


def test_every_seed_line_is_accounted_for(seed_pages: list[Page]) -> None:
    for page in seed_pages:
        _accounted(page)


_LINE = st.one_of(
    st.text(max_size=120),
    st.sampled_from(
        [
            "",
            "Menu",
            "Share this",
            "date 2025-01-02 Support us today",
            "Recommended Articles",
            "PORTVILLE, Maine (AP) — The town voted on Tuesday to rebuild the pier, it said.",
            "A crowd gathers at the pier, Tuesday. (AP Photo/Lena Ortiz)",
            "Correction: An earlier version of this story misstated the vote count.",
        ]
    ),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(_LINE, max_size=30))
def test_any_page_is_fully_accounted_for(lines: list[str]) -> None:
    _accounted(Page("p", "\n".join(lines).replace("\r", " ")))


def test_lines_of_a_caption_are_audited_as_caption() -> None:
    text = "\n".join(
        [
            "Harbor pilots guide the last ferry in | Bay Herald",
            "",
            "KESTREL BAY, Maine (AP) — Harbor pilots guided the last ferry of the season into "
            "port on Sunday as the bay began to freeze earlier than in any year on record.",
            "",
            "Ice at the dock",
            "Crews clear the ice at the ferry dock, Monday. (AP Photo/Dana Reyes)",
            "",
            "The ferry line said crossings would resume in April, when the ice has gone and the "
            "channel markers are back in place for the spring season.",
        ]
    )
    result = process_page(Page("p1", text))
    (story,) = result.stories
    assert [c.text for c in story.captions] == [
        "Ice at the dock\nCrews clear the ice at the ferry dock, Monday. (AP Photo/Dana Reyes)"
    ]
    assert story.captions[0].credit == "AP Photo/Dana Reyes"
    fates = {f.number: f.fate for f in result.fates}
    assert fates[4] == fates[5] == Fate.CAPTION
    assert "Ice at the dock" not in story.body


_MILL = [
    "ALDER POINT, Maine (AP) — The town's last sawmill will close at the end of the month after "
    "ninety years on the river, its owners said on Thursday, citing the price of timber and a "
    "roof that the insurers would no longer cover without repairs the mill cannot pay for.",
    "About forty people work at the mill, most of them from families that have worked there for "
    "three generations. The owners said they would help them find work at the boatyard and at "
    "the paper plant upriver, which has said it is hiring for its night shift.",
    "The town manager said the council would meet next week to talk about the riverside land, "
    "which the owners have offered to sell to the town for a park and a landing for the canoe "
    "club, if the voters agree to the price at the town meeting in March.",
]


def _mill_page(width: int | None) -> Page:
    paragraphs = [textwrap.fill(p, width) if width else p for p in _MILL]
    lines = [
        "Alder Point Courier", "Home", "Town", "Schools", "Sports", "Letters", "",
        "Alder Point sawmill to close after ninety years", "",
        "\n\n".join(paragraphs), "",
        "Share this story", "Subscribe to the Courier", "© 2026 Alder Point Courier",
    ]
    return Page("mill", "date 2026-02-05\n" + "\n".join(lines), source="courier.example")


def test_a_wrapped_page_gives_the_stories_of_the_same_page_unwrapped() -> None:
    wrapped, flat = process_page(_mill_page(72)), process_page(_mill_page(None))
    assert len(wrapped.stories) == len(flat.stories) == 1
    for a, b in zip(wrapped.stories, flat.stories, strict=True):
        assert (a.body, a.headline, a.dateline, a.date) == (b.body, b.headline, b.dateline, b.date)
    # One paragraph a line, parted by blank lines: as the gold bodies are.
    assert wrapped.stories[0].body == "\n\n".join(_MILL)


def test_every_input_line_of_a_wrapped_page_has_its_paragraphs_fate() -> None:
    page = _mill_page(72)
    _accounted(page)
    result = process_page(page)
    (story,) = result.stories
    fates = {f.number: f for f in result.fates}
    for n, line in enumerate(page.text.split("\n")):
        if any(line and line in p for p in _MILL):
            assert fates[n].fate is Fate.BODY and fates[n].story_id == story.story_id, n
            assert fates[n].text == line
