from copydesk.clean.classify import clean_page
from copydesk.records import Fate, Page, Reason


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
