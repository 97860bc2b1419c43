import time

import pytest

from copydesk.clean.shape import chrome_shape, is_appeal, is_comments_heading
from copydesk.records import Reason


def test_button_sized_chrome_is_named() -> None:
    assert chrome_shape("Share on Facebook") is Reason.SHARE_SIGNUP
    assert chrome_shape("Skip to content") is Reason.NAVIGATION
    assert chrome_shape("Recommended Articles") is Reason.RELATED
    assert chrome_shape("Updated 10:30 a.m.") is Reason.TIMESTAMP
    assert chrome_shape("© 2026 Riverbend Gazette. All rights reserved.") is Reason.NOTICE
    assert chrome_shape("ADVERTISEMENT") is Reason.ADVERT


def test_more_of_the_same_kind_is_a_related_marker_and_more_alone_a_menu() -> None:
    for marker in ("More from this section", "More stories", "MORE IN SPORTS", "More like this"):
        assert chrome_shape(marker) is Reason.RELATED, marker
    for item in ("More", "Read more", "Show more", "More »"):
        assert chrome_shape(item) is Reason.NAVIGATION, item


def test_story_sentences_are_not_chrome() -> None:
    line = (
        "The council voted to share the cost of the new bridge with the county, "
        "the mayor said on Tuesday after a long debate."
    )
    assert chrome_shape(line) is None
    assert chrome_shape("Harbor dredging resumes") is None


def test_appeal_needs_two_cues() -> None:
    assert is_appeal("Your support keeps us going. Donate now and read more about our mission.")
    # One cue inside a story sentence is just a story about giving.
    assert not is_appeal("The shelter thanked residents for your support during the flood.")
    assert not is_appeal("Donations to the food bank rose 20% this winter, its director said.")


def test_unfilled_templates_and_script_text_are_code() -> None:
    assert chrome_shape("{{ menuItem.label }}") is Reason.CODE
    assert chrome_shape("{* #signInForm *} {* signIn_emailAddress *} {* signInButton *}") is (
        Reason.CODE
    )
    assert chrome_shape("Hello {* readerFirstName *}") is Reason.CODE
    assert chrome_shape('document.write("<span class=\'ad\'></span>");') is Reason.CODE
    assert chrome_shape("var pageSlot = 'top';") is Reason.CODE
    # Prose that names a placeholder or opens with a capitalised "Document." is prose.
    assert chrome_shape(
        "The newsletter tool printed {{ name }} in place of each reader's name, its maker said."
    ) is None
    assert chrome_shape("Document. The ruling is printed in full below (PDF)") is None


def test_form_steps_archive_banners_and_quote_terms_are_chrome() -> None:
    assert chrome_shape("Almost Done!") is Reason.SHARE_SIGNUP
    assert chrome_shape("Thank you for subscribing!") is Reason.SHARE_SIGNUP
    assert chrome_shape("Forgot your password?") is Reason.SHARE_SIGNUP
    banner = (
        "The Tidewater Archive keeps copies of pages: these crawls are part of its effort to "
        "keep what the web printed."
    )
    assert chrome_shape(banner) is Reason.NOTICE
    assert chrome_shape("Quotes delayed at least 20 minutes.") is Reason.NOTICE
    # A long sentence that opens like a form step is left to the classifier.
    assert chrome_shape(
        "Please confirm your attendance by Friday, the school board told parents in a letter "
        "sent home on Monday."
    ) is None


# A word that opens or holds each kind of shape, for lines built to make a pattern backtrack.
_TRIGGERS = (
    "cookies", "© 2026", "(c) 2026", "privacy policy", "donate", "support us", "Share",
    "Newsletter", "Skip to", "Related", "Advertisement", "Published", "Updated:",
    "Jun 10, 2025", "2025-07-31 10:16", "function", "{{",
)


@pytest.mark.parametrize("trigger", _TRIGGERS)
@pytest.mark.parametrize("flood", [" ", "\t", "\u00a0", " ."])
def test_a_whitespace_flood_after_a_shape_word_is_judged_at_once(trigger: str, flood: str) -> None:
    # With `\s*` around the shapes' `.{0,200}`, a 12 KB line like these took 53 s; judged
    # now in milliseconds, so the generous bound cannot flake.
    run = flood * (50_000 // len(flood))
    for line in (f"{trigger}{run}x", f"{run}{trigger}{run}x", f"{trigger}{run}"):
        start = time.process_time()
        chrome_shape(line)
        is_appeal(line)
        assert time.process_time() - start < 1.0


@pytest.mark.parametrize("word", ["cookie ", "donate ", "share ", "copyright ", "1.1.1111 "])
def test_a_50_kb_line_of_one_repeated_word_is_judged_at_once(word: str) -> None:
    line = word * (50_000 // len(word))
    start = time.process_time()
    chrome_shape(line)
    is_appeal(line)
    assert time.process_time() - start < 1.0


def test_whitespace_and_closing_marks_around_a_shape_are_still_its_own() -> None:
    assert chrome_shape("  Share \u00a0›  ") is Reason.SHARE_SIGNUP
    assert chrome_shape("\tUpdated 10:30 a.m. :  ") is Reason.TIMESTAMP
    assert chrome_shape("Published:   Jun 10, 2025,   9:50 a.m.   ET") is Reason.TIMESTAMP
    assert chrome_shape("   var slot = 'top';   ") is Reason.CODE
    # A closing mark makes no sentence of a shape, and prose after one is not a shape.
    assert chrome_shape("5 min read.") is Reason.TIMESTAMP
    assert chrome_shape("Updated 10:30 a.m. The council met on Tuesday to vote.") is None


def test_comments_headings() -> None:
    for line in ("59 Comments on “The Winter Watches, Day Eight”", "6 thoughts on “Ten Apps”",
                 "34 responses to “ Coach: “We needed this” ”", "1,204 replies to \"Open Files\"",
                 "One thought on “Quarry Lane”"):
        assert is_comments_heading(line), line
    for line in ("36 comments", "Comments (4)", "Leave a Reply",
                 "3 thoughts on the budget were aired at the meeting, the mayor said."):
        assert not is_comments_heading(line), line
