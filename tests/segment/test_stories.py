from copydesk.records import Fate, LineVerdict, Reason
from copydesk.segment.stories import split_stories

PARA = "The committee met on Monday and agreed to publish its findings before the vote."


def _verdicts(spec: list[tuple[str, Fate, Reason | None]]) -> list[LineVerdict]:
    return [LineVerdict(i, t, f, r) for i, (t, f, r) in enumerate(spec)]


def test_related_marker_then_headline_starts_a_second_story() -> None:
    b, rm = Fate.BODY, Fate.REMOVED
    verdicts = _verdicts(
        [
            ("Lakeview council backs new ferry schedule", rm, Reason.OFF_STORY),
            (PARA, b, None),
            (PARA.replace("Monday", "Tuesday"), b, None),
            ("Recommended Articles", rm, Reason.RELATED),
            ("Orchard growers brace for late frost", rm, Reason.OFF_STORY),
            (
                "Growers in the valley covered young trees overnight as the temperatures fell.",
                b,
                None,
            ),
        ]
    )
    spans = split_stories(verdicts, "Lakeview council backs new ferry schedule | Lakeview Post")
    assert [s.body_lines for s in spans] == [(1, 2), (5,)]
    assert [s.primary for s in spans] == [True, False]


def test_dateline_opens_a_new_story_across_a_gallery() -> None:
    verdicts = _verdicts(
        [
            ("CEDAR FALLS, Iowa (AP) — " + PARA, Fate.BODY, None),
            ("Crews clear the road, Monday. (AP Photo/Dana Reyes)", Fate.CAPTION, None),
            ("OSLO, Norway (Reuters) - " + PARA, Fate.BODY, None),
        ]
    )
    spans = split_stories(verdicts)
    assert [s.body_lines for s in spans] == [(0,), (2,)]
    assert spans[0].caption_lines == (1,)


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


def test_fragments_without_a_sentence_are_not_stories() -> None:
    verdicts = _verdicts([("Skip to Content Home Page", Fate.BODY, None), ("", Fate.BLANK, None)])
    assert split_stories(verdicts) == []
