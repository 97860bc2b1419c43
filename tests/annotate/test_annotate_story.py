"""The page title and each story's headline, on small invented pages."""

import time

from copydesk.annotate.corrections import is_correction
from copydesk.annotate.dateline import parse_dateline
from copydesk.annotate.story import annotate_story, page_title
from copydesk.records import Fate, LineVerdict, Page, Reason, StorySpan

LEDE = (
    "KESTREL BAY, Maine (AP) — Harbor pilots in Kestrel Bay guided the last ferry of the "
    "season into port on Sunday as the bay began to freeze."
)


def _verdicts(spec: list[tuple[str, Fate, Reason | None]]) -> list[LineVerdict]:
    # With the parsers' flags, as the cleaner gives them.
    return [
        LineVerdict(i, t, f, r, 0.0, parse_dateline(t)[0] is not None, is_correction(t))
        for i, (t, f, r) in enumerate(spec)
    ]


def _headline(spec: list[tuple[str, Fate, Reason | None]], source: str | None = None) -> str:
    verdicts = _verdicts(spec)
    body = tuple(v.number for v in verdicts if v.fate is Fate.BODY)
    span = StorySpan(0, True, body, (), body[0], len(verdicts))
    page = Page("d1", "\n".join(t for t, _, _ in spec), source=source)
    story, _ = annotate_story(page, verdicts, span, 0, page_title(verdicts, source))
    assert story.headline is not None
    return story.headline


def test_title_suffix_is_cut_at_a_pipe_and_at_a_dash_that_names_the_outlet() -> None:
    rm = Fate.REMOVED
    assert page_title(_verdicts([("Last ferry of the season | bayherald.com", rm, None)])) == (
        "Last ferry of the season"
    )
    named = _verdicts([("Ice closes the harbor - The Bay Herald", rm, None)])
    assert page_title(named, "bayherald.example") == "Ice closes the harbor"
    # A dash inside a headline stays: it names no outlet.
    clause = _verdicts([("Ice closes the harbor – pilots say it is early", rm, None)])
    assert page_title(clause, "bayherald.example") == (
        "Ice closes the harbor – pilots say it is early"
    )


def test_a_dash_suffix_is_cut_where_it_names_the_outlet_by_its_hosts_name() -> None:
    rm = Fate.REMOVED

    def title(line: str, outlet: str) -> str:
        return page_title(_verdicts([(line, rm, None)]), outlet)

    assert title("Ice closes the harbor - by Mara Quill", "maraquill.example") == (
        "Ice closes the harbor"
    )
    assert title("Ice closes the harbor » Bay Herald", "bayherald.example") == (
        "Ice closes the harbor"
    )
    coastal = "Ice closes the harbor – Center for Coastal Learning (COLEARN)"
    assert title(coastal, "colearn.uni.example") == "Ice closes the harbor"
    # A host's section (news., blog.) names no outlet: the dash may part the headline.
    clause = "Ice closes the harbor - pilots fear news of more cold"
    assert title(clause, "news.bayherald.example") == clause


def test_menus_notices_and_bylines_are_not_titles() -> None:
    rm = Fate.REMOVED
    verdicts = _verdicts(
        [
            ("We use cookies to improve the site. Accept all | Reject all", rm, Reason.NOTICE),
            ("Home | News | Sports | Weather | Opinion", rm, None),
            ("By Mara Quill | AP", rm, None),
        ]
    )
    assert page_title(verdicts) == ""


def test_title_opening_with_a_number_is_the_headline() -> None:
    rm = Fate.REMOVED
    headline = _headline(
        [
            ("12 harbors that froze early this year | bayherald.com", rm, None),
            ("Weather Desk", rm, Reason.OFF_STORY),
            (LEDE, Fate.BODY, None),
        ],
        "bayherald.com",
    )
    assert headline == "12 harbors that froze early this year"


def test_without_a_title_the_headline_is_the_line_its_lede_supports() -> None:
    rm = Fate.REMOVED
    headline = _headline(
        [
            ("Bay Herald", rm, Reason.OUTLET_CHROME),
            # The outlet lists its headlines on other pages, so this one is "outlet chrome".
            ("Kestrel Bay pilots bring in the season's last ferry", rm, Reason.OUTLET_CHROME),
            ("Mara Quill", rm, Reason.OFF_STORY),
            ("Gift Article", rm, Reason.OUTLET_CHROME),
            (LEDE, Fate.BODY, None),
        ]
    )
    assert headline == "Kestrel Bay pilots bring in the season's last ferry"


def test_headline_repeated_atop_the_text_is_claimed_and_the_dateline_found_below_it() -> None:
    rm, b = Fate.REMOVED, Fate.BODY
    spec = [
        ("Pilots bring in the last ferry | bayherald.com", rm, None),
        ("Pilots bring in the last ferry", b, None),
        ("", Fate.BLANK, None),
        (LEDE, b, None),
    ]
    verdicts = _verdicts(spec)
    span = StorySpan(0, True, (1, 3), (), 1, len(verdicts))
    page = Page("d1", "\n".join(t for t, _, _ in spec), source="bayherald.com")
    story, claims = annotate_story(page, verdicts, span, 0, page_title(verdicts, page.source))
    assert story.headline == "Pilots bring in the last ferry"
    assert claims[1] == "headline"
    assert story.body == LEDE
    assert story.dateline is not None and story.dateline.place == "KESTREL BAY, Maine"


def test_a_title_whose_site_name_no_rule_cuts_yields_to_the_headline_printed_alone() -> None:
    """"Headline - Site" where the site's name is not the outlet's host spelled out, and
    "Site: Headline": the page prints the headline alone above the story (its <h1>)."""
    rm = Fate.REMOVED
    for title in (
        "Pilots bring in the last ferry - Coastal Notes by M. Quill",
        "Pilots bring in the last ferry • Coastal Notes",
        "Coastal Notes: Pilots bring in the last ferry",
    ):
        headline = _headline(
            [
                (title, rm, None),
                ("Coastal Notes", rm, Reason.OFF_STORY),
                ("Subscribe", rm, Reason.SHARE_SIGNUP),
                ("Pilots bring in the last ferry", rm, Reason.OFF_STORY),
                ("Mara Quill", rm, Reason.OFF_STORY),
                (LEDE, Fate.BODY, None),
            ],
            "mquill.example",
        )
        assert headline == "Pilots bring in the last ferry"
    # Without the headline printed alone, the title stands as it is.
    alone = _headline([(title, rm, None), (LEDE, Fate.BODY, None)], "mquill.example")
    assert alone == "Coastal Notes: Pilots bring in the last ferry"
    # Printed alone but kept by the cleaner as the story's first line: the headline still,
    # and out of the body.
    spec = [(title, rm, None), ("Pilots bring in the last ferry", Fate.BODY, None),
            (LEDE, Fate.BODY, None)]
    verdicts = _verdicts(spec)
    span = StorySpan(0, True, (1, 2), (), 1, len(verdicts))
    page = Page("d1", "\n".join(t for t, _, _ in spec), source="mquill.example")
    story, _ = annotate_story(page, verdicts, span, 0, page_title(verdicts, page.source))
    assert story.headline == "Pilots bring in the last ferry" and story.body == LEDE


def test_the_headline_printed_as_the_title_stands_keeps_its_case_and_full_stop() -> None:
    rm = Fate.REMOVED
    # A headline that ends with a full stop: the <title> line loses it, the printed one not.
    headline = _headline(
        [
            ("Ferries Stop. The Bay Does Not.", rm, None),
            ("Subscribe", rm, Reason.SHARE_SIGNUP),
            ("Ferries Stop. The Bay Does Not.", rm, Reason.OFF_STORY),
            (LEDE, Fate.BODY, None),
        ],
        "coastalnotes.example",
    )
    assert headline == "Ferries Stop. The Bay Does Not."
    # Printed twice, in the title's case and in another (a teaser's): the title's.
    headline = _headline(
        [
            ("Harbor pilots: The last ferry is in | coastalnotes.example", rm, None),
            ("Harbor pilots: The last ferry is in", rm, Reason.OFF_STORY),
            ("Mara Quill", rm, Reason.OFF_STORY),
            ("Harbor pilots: the last ferry is in", rm, Reason.OFF_STORY),
            (LEDE, Fate.BODY, None),
        ],
        "coastalnotes.example",
    )
    assert headline == "Harbor pilots: The last ferry is in"


def test_the_first_line_is_the_title_before_a_templates_title_lower_down() -> None:
    rm = Fate.REMOVED
    headline = "Ice closes Kestrel Bay harbor early"
    spec = [
        (headline, rm, Reason.OFF_STORY),
        # The template's own title, shaped as titles are.
        ("Ten gardening tips for spring | Shore Supply Co", rm, Reason.OFF_STORY),
        ("Shop", rm, Reason.NAVIGATION),
        (headline, rm, Reason.REPEATED),
        (LEDE, Fate.BODY, None),
    ]
    assert page_title(_verdicts(spec), "shoresupply.example") == headline
    assert _headline(spec, "shoresupply.example") == headline
    # Under the date a crawler printed over it, too.
    dated = _verdicts([("date 2025-03-01", rm, None), *spec])
    assert page_title(dated, "shoresupply.example") == headline


def test_a_title_opening_with_a_menus_word_is_read_when_it_names_the_story() -> None:
    rm, nav = Fate.REMOVED, Reason.NAVIGATION
    # The cleaner took each first line for navigation by its first word.
    latest = "Latest ferry of the season guided into Kestrel Bay | valleypost.example"
    title = _verdicts([(latest, rm, nav), (LEDE, Fate.BODY, None)])
    assert page_title(title, "valleypost.example") == (
        "Latest ferry of the season guided into Kestrel Bay"
    )
    # One whose words its lede does not use: printed again over the text.
    home = "Home is where our hearts should stay, says one mayor"
    printed = [(home, rm, nav), ("Menu", rm, nav), (home, rm, nav), (LEDE, Fate.BODY, None)]
    assert page_title(_verdicts(printed)) == home
    assert page_title(_verdicts([printed[0], printed[3]])) == ""
    for menu in ("Home News Sports Opinion Weather", "Skip to Content Facebook Feature Image"):
        assert page_title(_verdicts([(menu, rm, nav), (LEDE, Fate.BODY, None)])) == ""


def test_a_dated_first_line_that_repeats_the_headline_is_the_storys_first_paragraph() -> None:
    rm, b = Fate.REMOVED, Fate.BODY
    # Nearly all its words are the headline's: the test of a headline printed again passes.
    first = "SEATTLE (AP) — Harbor Pilots Bring In The Last Ferry Of The Season"
    spec = [
        ("Harbor pilots bring in the last ferry of the season | bayherald.com", rm, None),
        (first, b, None),
        ("", Fate.BLANK, None),
        (LEDE.split(" — ", 1)[1], b, None),
    ]
    verdicts = _verdicts(spec)
    span = StorySpan(0, True, (1, 3), (), 1, len(verdicts))
    page = Page("d1", "\n".join(t for t, _, _ in spec), source="bayherald.com")
    story, claims = annotate_story(page, verdicts, span, 0, page_title(verdicts, page.source))
    assert story.headline == "Harbor pilots bring in the last ferry of the season"
    assert 1 not in claims and story.body.startswith(first)
    assert story.dateline is not None and story.dateline.place == "SEATTLE"


def test_a_whitespace_flood_in_a_title_line_is_read_at_once() -> None:
    # `\s+` before a separator, tried from each space of a 12,000-space run, took 2 s a line.
    rm = Fate.REMOVED
    for line in (
        "Ice closes the harbor" + " " * 50_000 + "x",
        "Ice closes the harbor" + " " * 50_000 + "| bayherald.com",
    ):
        start = time.process_time()
        title = page_title(_verdicts([(line, rm, None)]), "bayherald.example")
        assert time.process_time() - start < 1.0
    assert title == "Ice closes the harbor"
