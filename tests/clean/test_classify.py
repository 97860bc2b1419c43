import json
from collections import Counter

from tests.conftest import shared_path

from copydesk.clean import outlet
from copydesk.clean.classify import (
    THRESHOLD,
    certain_rows,
    clean_page,
    content_scores,
    first_look,
    open_rows,
)
from copydesk.clean.features import page_features
from copydesk.clean.lines import page_lines
from copydesk.readers import read_inputs
from copydesk.records import Fate, Page, Reason
from copydesk.words import WORD


def test_every_line_gets_one_verdict(seed_pages: list[Page]) -> None:
    for page in seed_pages:
        verdicts = clean_page(page)
        assert [v.number for v in verdicts] == list(range(len(page.text.split("\n"))))
        assert all(v.fate is not Fate.REMOVED or v.reason is not None for v in verdicts)


def test_glued_donation_appeal_is_removed_as_appeal(seed_pages: list[Page]) -> None:
    page = next(p for p in seed_pages if p.doc_id.startswith("000"))
    first = clean_page(page)[0]
    assert first.fate is Fate.REMOVED and first.reason is Reason.APPEAL
    assert first.text.startswith("Your support helps us")  # the date header is cut off


def test_gallery_printed_twice_keeps_each_caption_once(seed_pages: list[Page]) -> None:
    page = next(p for p in seed_pages if p.doc_id.startswith("001"))
    verdicts = clean_page(page)
    captions = [v.text for v in verdicts if v.fate is Fate.CAPTION]
    assert len(captions) == len(set(captions)) == 7
    repeats = [v for v in verdicts if v.reason is Reason.REPEATED]
    assert len(repeats) >= 14


def test_story_paragraphs_are_kept(seed_pages: list[Page]) -> None:
    page = next(p for p in seed_pages if p.doc_id.startswith("001"))
    body = [v.text for v in clean_page(page) if v.fate is Fate.BODY]
    assert any(t.startswith("LA MESILLA, Guatemala (AP)") for t in body)
    assert any(t.startswith("WASHINGTON (AP)") for t in body)
    assert not any(t in ("News", "Recommended Articles", "More Images") for t in body)


def _outlet_pages(n: int) -> list[Page]:
    stories = [
        "The Lakeview council voted on Tuesday to add two evening ferry crossings to the schedule.",
        "Growers in the valley covered young trees overnight as the temperatures fell below zero.",
        "The county library will open on Sundays from March, its board said in a statement.",
    ]
    lines = [["Harbor Weekly Digest", "", story, "", story + " More."] for story in stories]
    return [Page(f"d{k}", "\n".join(lines[k]), source="harbor.example") for k in range(n)]


def test_a_line_is_the_outlets_chrome_only_on_three_stories_or_more() -> None:
    for n, expected in ((2, False), (3, True)):
        pages = _outlet_pages(n)
        chrome = outlet.learn(pages)
        first = clean_page(pages[0], chrome)[0]
        assert first.fate is Fate.REMOVED
        assert (first.reason is Reason.OUTLET_CHROME) is expected


def test_a_line_on_other_stories_pages_of_the_outlet_is_its_house_text() -> None:
    box = "Dana Reyes has covered the harbour and its council for the Weekly since 2009."
    pages = [
        Page(p.doc_id, p.text + "\n\n" + box, source=p.source) for p in _outlet_pages(2)
    ]
    verdicts = clean_page(pages[0], outlet.learn(pages))
    assert [v.house for v in verdicts if v.text == box] == [True]
    assert not any(v.house for v in verdicts if "ferry crossings" in v.text)
    # Without the outlet's other pages nothing is known of it.
    assert not any(v.house for v in clean_page(pages[0]))


def _word_f1(kept: list[str], gold: str) -> float:
    got, want = Counter(WORD.findall(" ".join(kept).lower())), Counter(WORD.findall(gold.lower()))
    hits = sum((got & want).values())
    return 2 * hits / max(1, sum(got.values()) + sum(want.values()))


def test_second_look_keeps_more_story_on_sites_never_trained_on() -> None:
    """scrapinghub's pages are from sites no model was trained on: the story words kept by
    the two looks against the first look alone, on the lines left to the classifier."""
    gold = json.loads(shared_path("bench", "scrapinghub", "ground-truth.json").read_text())
    path = shared_path("bench", "scrapinghub", "pages.jsonl.gz")
    pages = [p for p in read_inputs([str(path)]) if isinstance(p, Page) and p.doc_id in gold]
    chrome = outlet.learn(pages)
    first_alone, both = [], []
    for page in pages:
        lines = page_lines(page)
        f = page_features(lines, page.source, chrome)
        rows = open_rows(f, certain_rows(f))
        truth = gold[page.doc_id]["articleBody"]
        looks = ((first_look(f.x[rows]), first_alone), (content_scores(f.x, rows, True), both))
        for scores, found in looks:
            kept = [
                lines[f.rows[r]]
                for r, s in zip(rows, scores.tolist(), strict=True)
                if s >= THRESHOLD
            ]
            found.append(_word_f1(kept, truth))
    assert len(pages) == 181
    assert sum(both) / len(both) >= sum(first_alone) / len(first_alone) + 0.01
