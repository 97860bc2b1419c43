from copydesk.clean.shape import chrome_shape, is_appeal
from copydesk.records import Reason


def test_button_sized_chrome_is_named() -> None:
    assert chrome_shape("Share on Facebook") is Reason.SHARE_SIGNUP
    assert chrome_shape("Skip to content") is Reason.NAVIGATION
    assert chrome_shape("Recommended Articles") is Reason.RELATED
    assert chrome_shape("Updated 10:30 a.m.") is Reason.TIMESTAMP
    assert chrome_shape("© 2026 Riverbend Gazette. All rights reserved.") is Reason.NOTICE
    assert chrome_shape("ADVERTISEMENT") is Reason.ADVERT


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
