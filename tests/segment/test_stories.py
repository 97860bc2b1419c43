import pytest

from copydesk.annotate.dateline import parse_dateline
from copydesk.records import Fate, LineVerdict, Reason
from copydesk.segment.stories import (
    cohesion,
    content_words,
    headline_like,
    split_stories,
    word_count,
)

PARA = "The committee met on Monday and agreed to publish its findings before the vote."
FERRY = [
    "The Lakeview council voted on Tuesday to add two evening ferry crossings to the schedule.",
    "Ferry riders had asked the council for later crossings since the bridge closed in spring.",
    "The council said the new ferry crossings would start in June and cost riders nothing extra.",
]
# The ferry story's headline, and a standfirst above it that shares none of its words.
FERRY_HEADLINE = "Lakeview adds evening ferry crossings"
STANDFIRST = "A quiet change of pace for commuters who have long waited on a dark pier."
FROST = "Growers in the valley covered young trees overnight as the temperatures fell."


def _verdicts(spec: list[tuple[str, Fate, Reason | None]]) -> list[LineVerdict]:
    # Body lines carry the classifier's confident score, and lines its dateline flag, as the
    # cleaner gives them.
    return [
        LineVerdict(
            i, t, f, r, 0.99 if f is Fate.BODY else 0.0, parse_dateline(t)[0] is not None
        )
        for i, (t, f, r) in enumerate(spec)
    ]


def test_related_marker_then_headline_starts_a_second_story() -> None:
    b, rm = Fate.BODY, Fate.REMOVED
    verdicts = _verdicts(
        [
            ("Lakeview council backs new ferry schedule", rm, Reason.OFF_STORY),
            (FERRY[0], b, None),
            (FERRY[1], b, None),
            ("Recommended Articles", rm, Reason.RELATED),
            ("Orchard growers brace for late frost", rm, Reason.OFF_STORY),
            (FROST, b, None),
        ]
    )
    spans = split_stories(verdicts, "Lakeview council backs new ferry schedule | Lakeview Post")
    assert [s.body_lines for s in spans] == [(1, 2), (5,)]
    assert [s.primary for s in spans] == [True, False]


def test_headline_kept_as_text_after_a_marker_is_left_for_the_headline() -> None:
    b, rm = Fate.BODY, Fate.REMOVED
    verdicts = _verdicts(
        [
            (FERRY[0], b, None),
            (FERRY[1], b, None),
            ("Read Next", rm, Reason.RELATED),
            ("Orchard growers brace for late frost", b, None),
            (FROST, b, None),
        ]
    )
    assert [s.body_lines for s in split_stories(verdicts)] == [(0, 1), (4,)]


def test_a_headline_like_dateline_opening_a_run_stays_the_storys_first_line() -> None:
    """The page's title kept as text, then the story, whose dateline line reads like a
    headline: it opens the story's first paragraph and is not left out for a headline."""
    b, rm = Fate.BODY, Fate.REMOVED
    dated = "LAKEVIEW (AP) — A Guide to the New Evening Ferry Crossings"
    verdicts = _verdicts(
        [
            ("Your Complete Guide for Every Season", b, None),
            ("By Jane Roe", rm, Reason.OFF_STORY),
            (dated, b, None),
            (FERRY[0], b, None),
            (FERRY[1], b, None),
            (FERRY[2], b, None),
        ]
    )
    spans = split_stories(verdicts, "Your Complete Guide for Every Season")
    assert verdicts[2].dateline
    assert any(2 in s.body_lines for s in spans)


def test_inline_related_link_inside_one_story_does_not_split_it() -> None:
    b, rm = Fate.BODY, Fate.REMOVED
    verdicts = _verdicts(
        [
            (FERRY[0], b, None),
            ("Related coverage", rm, Reason.RELATED),
            ("Council debates bridge repairs", rm, Reason.OFF_STORY),
            (FERRY[1], b, None),
            (FERRY[2], b, None),
        ]
    )
    assert [s.body_lines for s in split_stories(verdicts)] == [(0, 3, 4)]


def test_dateline_opens_a_new_story_across_a_gallery() -> None:
    verdicts = _verdicts(
        [
            ("CEDAR FALLS, Iowa (AP) — " + FERRY[0], Fate.BODY, None),
            ("Crews clear the road, Monday. (AP Photo/Dana Reyes)", Fate.CAPTION, None),
            ("OSLO, Norway (Reuters) - " + FROST, Fate.BODY, None),
        ]
    )
    spans = split_stories(verdicts)
    assert [s.body_lines for s in spans] == [(0,), (2,)]
    assert spans[0].captions == ((1,),)


def test_the_headline_above_a_dateline_goes_with_its_story_across_blank_lines() -> None:
    """On a page that parts its paragraphs with blank lines, the headline kept as text right
    above a new story's dateline is that story's, not the last line of the story above."""
    b, blank = Fate.BODY, Fate.BLANK
    spec: list[tuple[str, Fate, Reason | None]] = []
    for text in [*FERRY, "Orchard growers brace for a late frost", "FRESNO, Calif. (AP) — " + FROST,
                 "Farm advisers said the early almond blossoms were the most at risk."]:
        spec += [(text, b, None), ("", blank, None)]
    spans = split_stories(_verdicts(spec))
    assert [s.body_lines for s in spans] == [(0, 2, 4), (8, 10)]


def test_dateline_quoted_inside_the_same_story_does_not_split_it() -> None:
    verdicts = _verdicts(
        [
            ("CEDAR FALLS, Iowa (AP) — " + FERRY[0], Fate.BODY, None),
            ("", Fate.BLANK, None),
            ("CEDAR FALLS, Iowa (AP) — " + FERRY[1], Fate.BODY, None),
        ]
    )
    assert [s.body_lines for s in split_stories(verdicts)] == [(0, 2)]


def test_short_inline_junk_does_not_split_a_story() -> None:
    b, rm = Fate.BODY, Fate.REMOVED
    verdicts = _verdicts(
        [
            (PARA, b, None),
            ("Advertisement", rm, Reason.ADVERT),
            ("Risk Of Flooding", rm, None),
            (PARA + " Again.", b, None),
        ]
    )
    assert [s.body_lines for s in split_stories(verdicts)] == [(0, 3)]


def test_the_outlets_own_chrome_inside_a_story_is_no_headline_of_another() -> None:
    """A story turns to another subject below a promotion the site prints on its other pages
    too: that line is no headline, so the story goes on. The same line not printed elsewhere
    heads a second story."""
    b, rm = Fate.BODY, Fate.REMOVED

    def page(reason: Reason) -> list[LineVerdict]:
        return _verdicts(
            [
                *[(line, b, None) for line in FERRY],
                ("Advertisement", rm, Reason.ADVERT),
                ("Shop Garden Supplies", rm, reason),
                (FROST, b, None),
                (FROST.replace("young trees", "seedlings"), b, None),
            ]
        )

    assert [s.body_lines for s in split_stories(page(Reason.OUTLET_CHROME))] == [(0, 1, 2, 5, 6)]
    assert [s.body_lines for s in split_stories(page(Reason.OFF_STORY))] == [(0, 1, 2), (5, 6)]


def test_a_headline_kept_as_text_may_end_with_a_question_mark() -> None:
    b, rm = Fate.BODY, Fate.REMOVED
    verdicts = _verdicts(
        [
            *[(line, b, None) for line in FERRY],
            ("Advertisement", rm, Reason.ADVERT),
            ("Sign up for our newsletter", rm, Reason.SHARE_SIGNUP),
            ("Will the Orchards Survive the Late Frost?", b, None),
            (FROST, b, None),
            (FROST.replace("young trees", "seedlings"), b, None),
        ]
    )
    # The headline is left out of the body: annotation claims it.
    assert [s.body_lines for s in split_stories(verdicts)] == [(0, 1, 2), (6, 7)]


@pytest.mark.parametrize("headline", ["eScooter rental ends on the pier", "x86 boards for schools"])
def test_a_headline_may_open_with_a_brand_in_lower_case(headline: str) -> None:
    b, rm = Fate.BODY, Fate.REMOVED
    verdicts = _verdicts(
        [
            *[(line, b, None) for line in FERRY],
            ("Recommended Articles", rm, Reason.RELATED),
            (headline, rm, Reason.OFF_STORY),
            (FROST, b, None),
        ]
    )
    assert [s.body_lines for s in split_stories(verdicts)] == [(0, 1, 2), (5,)]
    assert headline_like(headline)
    # A line opening lower-case is still no headline without a capital or digit in its word.
    assert not headline_like("scooter rental ends on the pier")


def test_a_teaser_the_classifier_doubts_is_not_a_second_story() -> None:
    b, rm = Fate.BODY, Fate.REMOVED
    verdicts = [
        *_verdicts([(FERRY[0], b, None), (FERRY[1], b, None)]),
        LineVerdict(2, "Read this next", rm, Reason.RELATED),
        LineVerdict(3, "Orchard growers brace for late frost", rm, Reason.OFF_STORY),
        LineVerdict(4, FROST, b, None, 0.55),
    ]
    assert [s.body_lines for s in split_stories(verdicts)] == [(0, 1)]


def test_fragments_without_a_sentence_are_not_stories() -> None:
    verdicts = _verdicts([("Skip to Content Home Page", Fate.BODY, None), ("", Fate.BLANK, None)])
    assert split_stories(verdicts) == []


def test_cohesion_is_high_within_a_subject_and_low_across_subjects() -> None:
    ferry, frost = [content_words(t) for t in FERRY], [content_words(FROST)]
    assert cohesion(ferry[:1], ferry[1:]) > 0.3
    assert cohesion(ferry, frost) < 0.1
    assert cohesion([], ferry) == 0.0


def test_a_plural_and_its_singular_are_one_subject_word() -> None:
    """The same subject in the singular and the plural coheres as one word would; four-letter
    words and endings in -ss and -us are no plurals."""
    assert content_words("Galleries opened exhibitions") == ["gallery", "opened", "exhibition"]
    assert content_words("Batches of boxes for classes on campus") == [
        "batch", "box", "class", "campus"
    ]
    assert content_words("News plus lens") == ["news", "plus", "lens"]
    before = [content_words("Galleries opened their exhibitions.")]
    after = [content_words("A gallery opened an exhibition.")]
    assert cohesion(before, after) > 0.99


def test_a_short_undated_block_above_the_story_the_title_names_is_not_a_story() -> None:
    b, rm = Fate.BODY, Fate.REMOVED
    teaser = FROST + " Growers said the orchards would recover."
    verdicts = _verdicts(
        [
            ("Most read", rm, Reason.NAVIGATION),
            (teaser, b, None),
            ("More from this section", rm, Reason.RELATED),
            ("Ferry crossings added", rm, Reason.OFF_STORY),
            *((t, b, None) for t in FERRY),
        ]
    )
    title = "Lakeview council adds evening ferry crossings"
    spans = split_stories(verdicts, title)
    assert [(s.body_lines, s.primary) for s in spans] == [((4, 5, 6), True)]
    # Dated, the block above is a story of its own; and the title chooses the page's own.
    verdicts[1] = verdicts[1]._replace(text="DENVER (AP) — " + teaser, dateline=True)
    spans = split_stories(verdicts, title)
    assert [(s.body_lines, s.primary) for s in spans] == [((1,), False), ((4, 5, 6), True)]


def test_a_short_standfirst_goes_on_into_the_article_below_its_subheading() -> None:
    """A standfirst too short for the cohesion test, then sign-up chrome and the article's
    first subheading: one story, unless the classifier doubts the text below."""
    b, rm = Fate.BODY, Fate.REMOVED
    spec = [
        (FERRY_HEADLINE, rm, Reason.OFF_STORY),
        (STANDFIRST, b, None),
        ("Subscribe", rm, Reason.SHARE_SIGNUP),
        ("Sign up for our newsletter", rm, Reason.OFF_STORY),
        ("What changes in June", b, None),
        *((t, b, None) for t in FERRY),
    ]
    verdicts = _verdicts(spec)
    assert cohesion([content_words(STANDFIRST)], [content_words(t) for t in FERRY]) == 0.0
    spans = split_stories(verdicts, FERRY_HEADLINE)
    assert [(s.body_lines, s.primary) for s in spans] == [((1, 4, 5, 6, 7), True)]
    doubted = [v._replace(score=0.6) if v.number >= 4 else v for v in verdicts]
    spans = split_stories(doubted, FERRY_HEADLINE)
    assert [s.body_lines for s in spans] == [(1,)]


def test_a_short_opening_goes_on_past_a_stray_line_into_the_text_below() -> None:
    """Between a short opening and the article, a sign-up box whose small print the cleaner
    kept: the text a new story would hold is the article below, not the stray line alone."""
    b, rm = Fate.BODY, Fate.REMOVED
    spec = [
        (FERRY_HEADLINE, rm, Reason.OFF_STORY),
        (STANDFIRST, b, None),
        ("Text alerts", rm, Reason.OFF_STORY),
        ("Sign Me Up Today", rm, Reason.OFF_STORY),
        ("Message rates may apply to every alert.", b, None),
        ("Thanks for signing up!", rm, Reason.SHARE_SIGNUP),
        *((t, b, None) for t in FERRY),
    ]
    spans = split_stories(_verdicts(spec), FERRY_HEADLINE)
    assert [(s.body_lines, s.primary) for s in spans] == [((1, 4, 6, 7, 8), True)]


def test_a_dated_lede_goes_on_past_the_byline_block_unless_the_text_below_is_another_story(
) -> None:
    """A page that prints its byline, date and contents after the story's first paragraph:
    the dated lede shares a few words with the story below its subheading (too few for the
    cohesion test alone), and is one story with it. A dated brief over a story about something
    else stays apart from it."""
    b, rm = Fate.BODY, Fate.REMOVED
    rest = [
        *FERRY,
        "Harbour staff expect the last boat of the night to carry about sixty people on weekdays.",
        "Some riders said they would still drive the long way round until the bridge reopens.",
    ]

    def page(opening: str) -> list[LineVerdict]:
        return _verdicts([
            (FERRY_HEADLINE, rm, Reason.OFF_STORY),
            (opening, b, None),
            ("By Dana Reyes | June 3, 2025 | 4 comments", rm, Reason.OFF_STORY),
            ("Table of Contents", rm, Reason.NAVIGATION),
            ("What changes for riders", b, None),
            *((t, b, None) for t in rest),
        ])

    lede = (
        "LAKEVIEW (AP) — Night workers who live on Gull Island will soon have a way home after "
        "their shifts end."
    )
    words = [content_words(t) for t in rest]
    assert 0.05 <= cohesion([content_words(lede)], words) < 0.15
    spans = split_stories(page(lede), FERRY_HEADLINE)
    assert [s.body_lines for s in spans] == [(1, 4, 5, 6, 7, 8, 9)]
    brief = "LAKEVIEW (AP) — Growers in the valley covered young trees overnight as frost set in."
    assert cohesion([content_words(brief)], words) < 0.05
    spans = split_stories(page(brief), FERRY_HEADLINE)
    assert [s.body_lines for s in spans] == [(1,), (5, 6, 7, 8, 9)]


def test_the_title_printed_as_text_above_its_story_is_no_story_of_its_own() -> None:
    """A breadcrumb ending with the headline, kept by the classifier, above the story its
    title names: not a second story, nor the page's own. A brief whose lede holds the title's
    words (ledes do) stays the page's story beside a longer one."""
    b, rm = Fate.BODY, Fate.REMOVED
    # A headline that ends as a sentence does: the breadcrumb passes for a sentence.
    title = "Will orchard growers beat the late frost?"
    rest = [
        FROST,
        "Valley farmers lit smudge pots between the rows and ran fans until sunrise.",
        "The weather service expects two more cold nights before warmer air arrives.",
        "Apple and cherry blossoms are most at risk this week, extension agents said.",
    ]
    crumb = "Home » Farm News » Will orchard growers beat the late frost?"
    assert cohesion([content_words(crumb)], [content_words(t) for t in rest]) < 0.15
    spec = [
        (crumb, b, None),
        ("By Dana Reyes | June 3, 2025", rm, Reason.OFF_STORY),
        (title, rm, Reason.OFF_STORY),
        *((t, b, None) for t in rest),
    ]
    spans = split_stories(_verdicts(spec), title)
    assert [(s.body_lines, s.primary) for s in spans] == [((3, 4, 5, 6), True)]
    lede = (
        "Will orchard growers beat the late frost? The valley's blossoms opened weeks before "
        "the last cold nights usually pass, the county's farm office said on Monday."
    )
    spec = [
        (lede, b, None),
        ("Recommended Articles", rm, Reason.RELATED),
        ("Lakeview council backs new ferry schedule", rm, Reason.OFF_STORY),
        *((t, b, None) for t in FERRY * 2),
    ]
    spans = split_stories(_verdicts(spec), title)
    assert [(s.body_lines, s.primary) for s in spans] == [((0,), True), ((3, 4, 5, 6, 7, 8), False)]


def test_the_title_line_with_a_sites_long_tagline_is_no_story_of_its_own() -> None:
    """A page that opens with its <title> line (Common Crawl's text does): the headline, then
    the site's tagline, which reads as a sentence and keeps the line. Not a story, and not the
    page's own (its title names it)."""
    b, rm = Fate.BODY, Fate.REMOVED
    title = "Night workers get a way home"
    tagline = (
        "I am trying to live slowly and kindly, to cook simple vegan meals, travel by train and "
        "write about what that teaches me."
    )
    spec = [
        (f"{title} | {tagline}", b, None),
        ("Subscribe", rm, Reason.SHARE_SIGNUP),
        (title, rm, Reason.OFF_STORY),
        *((t, b, None) for t in FERRY * 2),
    ]
    assert cohesion([content_words(spec[0][0])], [content_words(t) for t in FERRY]) < 0.15
    spans = split_stories(_verdicts(spec), title)
    assert [(s.body_lines, s.primary) for s in spans] == [((3, 4, 5, 6, 7, 8), True)]


def test_a_short_block_stays_apart_from_the_story_the_title_names_below_it() -> None:
    b, rm = Fate.BODY, Fate.REMOVED
    credit = "Growers covered young trees overnight in the valley, the photographer said."
    spec = [
        (credit, b, None),
        ("Image 1 of 5", rm, Reason.OFF_STORY),
        ("Back to gallery", rm, Reason.OFF_STORY),
        (FERRY_HEADLINE, rm, Reason.OFF_STORY),
        *((t, b, None) for t in FERRY),
    ]
    spans = split_stories(_verdicts(spec), FERRY_HEADLINE)
    assert [(s.body_lines, s.primary) for s in spans] == [((4, 5, 6), True)]


def test_a_block_the_outlet_prints_beside_other_stories_is_not_a_second_story() -> None:
    b, rm = Fate.BODY, Fate.REMOVED
    box = [
        "Dana Reyes has written about gardens, recipes and travel for the Weekly since 2009.",
        "She lives in Millbrook with two dogs and a rowing boat that she takes out before dawn.",
    ]
    spec = [
        *((t, b, None) for t in FERRY),
        ("About the author", rm, Reason.OFF_STORY),
        ("Dana Reyes", rm, Reason.OFF_STORY),
        *((t, b, None) for t in box),
    ]
    verdicts = _verdicts(spec)
    assert len(split_stories(verdicts)) == 2
    verdicts = [v._replace(house=v.text in box) for v in verdicts]
    assert [s.body_lines for s in split_stories(verdicts)] == [(0, 1, 2)]


def test_a_list_of_other_headlines_after_the_story_is_not_a_second_story() -> None:
    b, rm = Fate.BODY, Fate.REMOVED
    headlines = [
        "Orchard growers brace for late frost",
        "Library opens on Sundays from March",
        "Museum adds a wing for maritime paintings",
        "Schools close early as snow arrives",
        FROST,
    ]
    verdicts = _verdicts(
        [
            *((t, b, None) for t in FERRY),
            ("Read more", rm, Reason.RELATED),
            ("Most popular", rm, Reason.NAVIGATION),
            *((t, b, None) for t in headlines),
        ]
    )
    assert [s.body_lines for s in split_stories(verdicts)] == [(0, 1, 2)]
    # The same marker before a story of sentences opens a second story.
    story = [FROST, "Growers said the orchards would recover if the frost lifted by Friday."]
    verdicts = _verdicts(
        [
            *((t, b, None) for t in FERRY),
            ("Read more", rm, Reason.RELATED),
            ("Orchard growers brace for late frost", rm, Reason.OFF_STORY),
            *((t, b, None) for t in story),
        ]
    )
    assert [s.body_lines for s in split_stories(verdicts)] == [(0, 1, 2), (5, 6)]
    # A story's own list, led in by a sentence ending in a colon, is still a story.
    listed = [
        "Growers in the valley said they would need three things before the frost arrives:",
        "- blankets", "- wind machines", "- smudge pots", "- more hands at night",
        "They hoped the frost would pass by Friday night.",
    ]
    verdicts = _verdicts(
        [
            *((t, b, None) for t in FERRY),
            ("Read more", rm, Reason.RELATED),
            ("Orchard growers brace for late frost", rm, Reason.OFF_STORY),
            *((t, b, None) for t in listed),
        ]
    )
    assert [s.body_lines for s in split_stories(verdicts)] == [(0, 1, 2), (5, 6, 7, 8, 9, 10)]


def test_unspaced_scripts_are_sized_and_compared_by_characters() -> None:
    japanese = "港の新しいフェリーは来月から夜の便を二本増やすと市議会が火曜日に発表した。"
    assert word_count(japanese) >= 15
    assert cohesion([content_words(japanese)], [content_words(japanese[:20])]) > 0.3
    verdicts = _verdicts([(japanese, Fate.BODY, None)])
    assert [s.body_lines for s in split_stories(verdicts)] == [(0,)]


GALLERY_CREDIT = "Crews clear the ice at the ferry dock, Monday. (AP Photo/Dana Reyes)"


def test_a_caption_takes_its_title_lines_on_a_page_that_parts_paragraphs() -> None:
    b, rm, cap, blank = Fate.BODY, Fate.REMOVED, Fate.CAPTION, Fate.BLANK
    verdicts = _verdicts(
        [
            (FERRY[0], b, None),
            ("", blank, None),
            ("Ice at the dock", rm, Reason.OFF_STORY),
            ("The last crossing of the season", b, None),
            (GALLERY_CREDIT, cap, None),
            ("", blank, None),
            (FERRY[1], b, None),
            ("", blank, None),
        ]
    )
    (span,) = split_stories(verdicts)
    assert span.body_lines == (0, 6)
    assert span.captions == ((2, 3, 4),)


def test_without_blank_lines_between_paragraphs_a_caption_stands_alone() -> None:
    b, cap = Fate.BODY, Fate.CAPTION
    verdicts = _verdicts([(FERRY[0], b, None), ("Ice at the dock", b, None),
                          (GALLERY_CREDIT, cap, None), (FERRY[1], b, None)])
    (span,) = split_stories(verdicts)
    assert span.captions == ((2,),)
    assert span.body_lines == (0, 1, 3)


def test_a_dated_one_line_brief_without_a_full_stop_is_a_story() -> None:
    b, rm = Fate.BODY, Fate.REMOVED
    brief = "MILLBROOK (AP) — Harbor pilots in Millbrook agree to a new winter schedule for barges"
    verdicts = _verdicts(
        [("Menu", rm, Reason.NAVIGATION), (brief, b, None), ("Subscribe", rm, Reason.SHARE_SIGNUP)]
    )
    assert [s.body_lines for s in split_stories(verdicts)] == [(1,)]
    # The same words without their dateline are a fragment, not a story.
    undated = brief.split("— ", 1)[1]
    verdicts = _verdicts([("Menu", rm, Reason.NAVIGATION), (undated, b, None)])
    assert split_stories(verdicts) == []


def test_a_one_sentence_brief_the_classifier_is_sure_of_is_the_pages_story() -> None:
    b, rm = Fate.BODY, Fate.REMOVED
    brief = "Harbor pilots in Millbrook agreed to a winter schedule."  # 9 words, no dateline
    page = [
        ("Menu", rm, Reason.NAVIGATION),
        ("Millbrook pilots agree winter schedule", rm, Reason.OFF_STORY),
        (brief, b, None),
        ("Subscribe", rm, Reason.SHARE_SIGNUP),
    ]
    assert [s.body_lines for s in split_stories(_verdicts(page))] == [(2,)]
    # Kept at a score the classifier doubts, it is not a story.
    doubted = [v._replace(score=0.6) if v.fate is b else v for v in _verdicts(page)]
    assert split_stories(doubted) == []
    # Hard-wrapped, its sentence ends on its second line.
    wrapped = [*page[:2], ("Harbor pilots in Millbrook agreed to a", b, None),
               ("winter schedule.", b, None), page[3]]
    assert [s.body_lines for s in split_stories(_verdicts(wrapped))] == [(2, 3)]


def test_a_dateline_fragment_beside_a_story_is_not_a_second_story() -> None:
    b, rm = Fate.BODY, Fate.REMOVED
    verdicts = _verdicts(
        [
            (FERRY[0], b, None),
            (FERRY[1], b, None),
            (FERRY[2], b, None),
            ("Most read", rm, Reason.NAVIGATION),
            ("Most read", rm, Reason.NAVIGATION),
            ("DENVER (AP) — Orchard growers brace for a late frost in the valley this", b, None),
        ]
    )
    assert [s.body_lines for s in split_stories(verdicts)] == [(0, 1, 2)]


def test_function_words_do_not_make_two_subjects_cohere() -> None:
    # Two texts on different subjects, written with the same function words.
    ferry = ["They said that with your help this ferry would have been faster than they were."]
    frost = ["They said that with your help this orchard would have been warmer than they were."]
    assert content_words(ferry[0]) == ["said", "help", "ferry", "faster"]
    assert cohesion([content_words(t) for t in ferry], [content_words(t) for t in frost]) <= 0.5
    # Every word of four letters or more would have made them near twins.
    every = [[w for w in t.lower().split() if len(w) >= 4] for t in (*ferry, *frost)]
    assert cohesion(every[:1], every[1:]) > 0.8
