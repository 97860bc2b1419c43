from copydesk.clean.shape import chrome_shape, is_appeal
from copydesk.records import Reason


def test_button_sized_chrome_is_named() -> None:
    assert chrome_shape("Share on Facebook", 3) is Reason.SHARE_SIGNUP
    assert chrome_shape("Skip to content", 3) is Reason.NAVIGATION
    assert chrome_shape("Recommended Articles", 2) is Reason.RELATED
    assert chrome_shape("Updated 10:30 a.m.", 4) is Reason.TIMESTAMP
    assert chrome_shape("© 2026 Riverbend Gazette. All rights reserved.", 6) is Reason.NOTICE
    assert chrome_shape("ADVERTISEMENT", 1) is Reason.ADVERT


def test_story_sentences_are_not_chrome() -> None:
    line = (
        "The council voted to share the cost of the new bridge with the county, "
        "the mayor said on Tuesday after a long debate."
    )
    assert chrome_shape(line, len(line.split())) is None
    assert chrome_shape("Harbor dredging resumes", 3) is None


def test_appeal_needs_two_cues() -> None:
    assert is_appeal("Your support keeps us going. Donate now and read more about our mission.")
    # One cue inside a story sentence is just a story about giving.
    assert not is_appeal("The shelter thanked residents for your support during the flood.")
    assert not is_appeal("Donations to the food bank rose 20% this winter, its director said.")
