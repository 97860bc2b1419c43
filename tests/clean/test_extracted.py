"""trust_extractor: on an extractor's text, what the cleaner still removes."""

from copydesk.clean.extracted import trust_extractor
from copydesk.records import Caption, Fate, LineVerdict, Markup, Reason


def test_extracted_text_keeps_what_the_extractor_chose_but_metadata_and_boilerplate() -> None:
    prose = "Ferries will berth at the fish quay from Monday while the old pier is repaired."
    lines = [
        (prose, Reason.OFF_STORY),  # the classifier's doubt: the extractor's choice stands
        ("By Ines Marrow", Reason.OFF_STORY),  # a byline: left for annotation to claim
        (prose.replace("Monday", "Tuesday"), Reason.OUTLET_CHROME),  # prose on other pages
        ("Sharing is caring!", Reason.OUTLET_CHROME),  # the outlet's boilerplate
        ("Share on Facebook", Reason.SHARE_SIGNUP),  # chrome by shape
        ("The old ferry pier at low tide.", Reason.OFF_STORY),  # a <figcaption>
    ]
    verdicts = [LineVerdict(i, t, Fate.REMOVED, r) for i, (t, r) in enumerate(lines)]
    markup = Markup(captions=(Caption("The old ferry pier at low tide.", "Photo: Tomas Bell"),))
    fates = [v.fate for v in trust_extractor(verdicts, markup)]
    assert fates == [Fate.BODY, Fate.REMOVED, Fate.BODY, Fate.REMOVED, Fate.REMOVED, Fate.CAPTION]
