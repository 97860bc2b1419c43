import textwrap

from copydesk.clean.unwrap import unwrap
from copydesk.records import Markup, Page

PARAGRAPHS = [
    "KESTREL BAY, Maine (AP) — Harbor pilots guided the last ferry of the season into port on "
    "Sunday as the bay began to freeze earlier than in any year the harbor office has on record, "
    "leaving the island's four hundred residents to the mail plane until spring.",
    "The ferry line said crossings would resume in April, once the ice has gone and the channel "
    "markers are back in place, and that it would add a second boat on weekends next summer to "
    "carry the visitors who now wait hours at the landing.",
    "Island families stocked up on fuel, flour and feed in the last week of crossings. The school "
    "will teach its eleven pupils over a radio link when the plane cannot land, as it did for "
    "three weeks of the hard winter the older islanders still talk about.",
    "The harbor master said the early freeze followed a dry, still autumn that left the water "
    "colder than usual by November, and that the pilots would keep a watch on the outer channel "
    "for fishing boats caught by the ice on their way home.",
]
MENU = ["Kestrel Bay Herald", "Home", "News", "Sports", "Weather", "Obituaries", "Contact"]
FOOTER = ["Share this story", "Subscribe to the Herald", "© 2026 Kestrel Bay Herald"]


def page_text(paragraphs: list[str], width: int | None) -> str:
    """A page: the site's menu, a headline, the paragraphs (wrapped at `width`, if given), each
    with a blank line after it, and the footer."""
    wrap = (lambda p: textwrap.fill(p, width)) if width else (lambda p: p)
    story = "\n\n".join(wrap(p) for p in paragraphs)
    return "\n".join([*MENU, "", "Harbor pilots guide the last ferry in", "", story, "", *FOOTER])


def lines_of(text: str) -> list[str]:
    return text.split("\n")


def test_a_wrapped_page_comes_out_as_the_unwrapped_one() -> None:
    wrapped = Page("w", page_text(PARAGRAPHS, 72))
    result = unwrap(wrapped)
    assert result.page.text == page_text(PARAGRAPHS, None)
    assert result.page.doc_id == "w"


def test_each_line_holds_its_input_lines_and_every_input_line_is_held() -> None:
    text = page_text(PARAGRAPHS, 72)
    inputs = lines_of(text)
    result = unwrap(Page("w", text))
    joined = lines_of(result.page.text)
    starts = result.starts
    assert len(starts) == len(joined) + 1
    assert starts[0] == 0 and starts[-1] == len(inputs)
    for k, line in enumerate(joined):
        held = inputs[starts[k] : starts[k + 1]]
        assert held, k
        assert " ".join(t.strip() for t in held) == line.strip()


def test_an_unwrapped_page_is_left_as_it_is() -> None:
    page = Page("u", page_text(PARAGRAPHS, None))
    result = unwrap(page)
    assert result.page is page
    assert list(result.starts) == list(range(len(lines_of(page.text)) + 1))


def test_chrome_lists_of_short_lines_are_not_glued() -> None:
    text = page_text(PARAGRAPHS, 72)
    joined = lines_of(unwrap(Page("w", text)).page.text)
    assert joined[: len(MENU)] == MENU
    assert joined[-len(FOOTER) :] == FOOTER


def test_verse_is_not_mistaken_for_wrapped_text() -> None:
    verse = "\n\n".join(
        [
            "The tide comes in along the stones and lifts the harbor boats,\n"
            "and gulls that circled all the morning settle on the quay,\n"
            "the ferry bell rings twice across the water and it floats\n"
            "out past the breakwater, the lighthouse and the bay.",
            "We stood upon the landing while the last of summer went,\n"
            "with coats against the wind and letters for the mainland post,\n"
            "and no one spoke of winter or of where the months were spent,\n"
            "but watched the wake go white behind the boat we loved the most.",
            "The island keeps its silence when the ice has closed the sound,\n"
            "the school bell and the radio the only voices near,\n"
            "and every evening lamplight shows the houses gathered round\n"
            "the harbor, waiting patiently for April and the pier.",
        ]
    )
    page = Page("v", verse)
    assert unwrap(page).page is page


def test_a_list_of_long_headlines_is_not_glued() -> None:
    teasers = [
        "Council votes to rebuild the town pier before the summer season",
        "School board names a new principal for the island school",
        "Lobster prices fall for a third week as the catch grows",
        "Storm closes the coastal road between Kestrel Bay and Alder Point",
        "Library opens a reading room in the old harbor office",
        "Volunteers count seabirds on the outer islands for the survey",
    ]
    text = "\n\n".join(["\n".join(teasers), "\n".join(reversed(teasers)), "\n".join(teasers)])
    page = Page("t", text)
    assert unwrap(page).page is page


def test_the_date_header_line_stays_a_line_of_its_own() -> None:
    # The reader's header, right above a wrapped paragraph: the paragraph is re-joined below it.
    text = "date 2025-12-07\n" + "\n\n".join(textwrap.fill(p, 72) for p in PARAGRAPHS)
    joined = lines_of(unwrap(Page("d", text)).page.text)
    assert joined == ["date 2025-12-07", *"\n\n".join(PARAGRAPHS).split("\n")]


def test_an_extractors_text_is_not_unwrapped() -> None:
    page = Page("h", page_text(PARAGRAPHS, 72), markup=Markup(headline="Harbor pilots"))
    assert unwrap(page).page is page


def test_an_indented_line_is_not_joined_to_the_line_above() -> None:
    # The third paragraph opens with an indent, right below a line of the second so full that
    # no word would have fitted after it.
    above = textwrap.wrap(PARAGRAPHS[1], 72)
    above = above[: next(k for k, line in enumerate(above) if len(line) >= 70) + 1]
    indented = textwrap.wrap(PARAGRAPHS[2], 72, initial_indent="    ")
    others = [textwrap.fill(p, 72) for p in (PARAGRAPHS[0], PARAGRAPHS[3])]
    text = "\n".join([*MENU, "", others[0], "", *above, *indented, "", others[1], "", *FOOTER])
    joined = lines_of(unwrap(Page("i", text)).page.text)
    assert not any("The ferry line" in line and "Island families" in line for line in joined)
    assert PARAGRAPHS[3] in joined


def test_a_list_of_links_is_not_glued() -> None:
    # A long word (a URL) fits on no line with much else: after a short line as after a full one.
    links = [
        "https://harbor.example/ferry/timetable/winter-2026/kestrel-bay-to-alder-point",
        "https://harbor.example/notices/ice/outer-channel-closed",
        "https://courier.example/2026/01/12/island-school-radio-lessons-resume-after-storm",
        "https://courier.example/2026/01/14/mail-plane-schedule",
        "https://weather.example/forecast/coastal/kestrel-bay?days=10&units=metric&lang=en",
        "https://harbor.example/pilots/contact?office=kestrel-bay",
        "https://courier.example/2026/01/20/town-meeting-warrant-articles-posted-for-march-vote",
    ]
    page = Page("l", "\n".join(["Links", "", *links, "", *PARAGRAPHS]))
    assert unwrap(page).page is page


def test_a_brief_of_one_wrapped_paragraph_is_re_joined() -> None:
    # Broken three times, and its last line short, as a paragraph's end is.
    wrapped = textwrap.wrap(PARAGRAPHS[1], 72)
    assert len(wrapped) == 4 and len(wrapped[-1]) < 36
    joined = lines_of(unwrap(Page("b", page_text(PARAGRAPHS[1:2], 72))).page.text)
    assert joined == lines_of(page_text(PARAGRAPHS[1:2], None))


def test_a_list_of_items_of_one_length_is_not_a_brief() -> None:
    timetable = [
        "Wednesday: the ferry leaves the landing at seven, back by noon",
        "Thursday: the ferry leaves the landing at nine, back by three",
        "Saturday: the mail plane lands at ten if the wind allows it",
        "Christmas: no crossings, the harbor office is closed all day",
    ]
    page = Page("t", "\n".join(["Winter timetable", "", *timetable, "", PARAGRAPHS[0]]))
    assert unwrap(page).page is page
