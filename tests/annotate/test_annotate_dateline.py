"""parse_dateline on invented first paragraphs."""

from __future__ import annotations

import pytest

from copydesk.annotate.dateline import parse_dateline
from copydesk.records import Dateline


@pytest.mark.parametrize(
    ("paragraph", "place", "agency", "rest"),
    [
        ("PUERTO ALEGRE, Honduras (AP) — Fishermen in this village said", "PUERTO ALEGRE, Honduras",
         "AP", "Fishermen in this village said"),
        ("WASHINGTON (AP) - U.S. officials met on Friday.", "WASHINGTON", "AP",
         "U.S. officials met on Friday."),
        ("GENEVA (Reuters) - Delegates agreed on a text.", "GENEVA", "Reuters",
         "Delegates agreed on a text."),
        ("PARIS (AFP) – Le maire a parlé.", "PARIS", "AFP", "Le maire a parlé."),
        ("NEW YORK, March 3 (Reuters) - Oil rose early.", "NEW YORK", "Reuters", "Oil rose early."),
        ("OSLO, 12 May (AFP) - A ferry ran aground.", "OSLO", "AFP", "A ferry ran aground."),
        ("BRINDLEFORD, Vt. (AP) -- The town meeting ran late.", "BRINDLEFORD, Vt.", "AP",
         "The town meeting ran late."),
        ("ST. AUGUSTA, Minn.\u00a0 (AP) — Snow closed the schools.", "ST. AUGUSTA, Minn.", "AP",
         "Snow closed the schools."),
        ("PORT MARLOW, N.Y. (Reuters) — A bridge reopened.", "PORT MARLOW, N.Y.", "Reuters",
         "A bridge reopened."),
        ("Lisbon (AFP) - The strike went on for a week.", "Lisbon", "AFP",
         "The strike went on for a week."),
        ("KESTREL BAY, United Arab Emirates (AP) — Divers found a wreck.",
         "KESTREL BAY, United Arab Emirates", "AP", "Divers found a wreck."),
        ("WASHINGTON—Lawmakers left town without a deal.", "WASHINGTON", None,
         "Lawmakers left town without a deal."),
        ("LONDON — The council voted to close the library.", "LONDON", None,
         "The council voted to close the library."),
        ("ELM HOLLOW, Ore. -- A heads-up for hikers on the ridge trail.", "ELM HOLLOW, Ore.", None,
         "A heads-up for hikers on the ridge trail."),
        ("RIVERTON, Wyo. (KRTN) — A local station reported the closure.", "RIVERTON, Wyo.", "KRTN",
         "A local station reported the closure."),
        ("ROME (Associated Press) — The pope spoke.", "ROME", "AP", "The pope spoke."),
        ("BOGOTÁ (AP) — Rain fell all day.", "BOGOTÁ", "AP", "Rain fell all day."),
    ],
)
def test_datelines(paragraph: str, place: str, agency: str | None, rest: str) -> None:
    found, offset = parse_dateline(paragraph)
    assert found == Dateline(place=place, agency=agency)
    assert paragraph[offset:] == rest


def test_only_the_first_of_two_datelines() -> None:
    found, offset = parse_dateline("TORINO (AP) — CADIZ (AP) — Ships were late.")
    assert found == Dateline("TORINO", "AP")
    assert offset == len("TORINO (AP) — ")


@pytest.mark.parametrize(
    "paragraph",
    [
        "NASA said on Tuesday that the probe was healthy.",
        "U.S. forces seized a boat near the coast.",
        "U.S. — the country with the most medals — won again.",
        "BREAKING — A fire broke out downtown.",
        "UPDATE - The road has reopened.",
        "HOW TO PRUNE ROSES — A STEP BY STEP GUIDE",
        "NASA — the space agency — delayed the launch.",
        "Meanwhile — the rain kept falling.",
        "Senator Jane Roe (D-Ore.) — who chairs the panel — objected.",
        "ZORBLAX - Deluxe Trail Shoe. Color Black. $89.",
        "BASIL - Repels flies and mosquitoes, so plant it near tomatoes.",
        "FIZZCO — Bottled Water Company",
        "CM3 - Maddox/Lindqvist",
        "PS7 – Every rumour about the next console",
        "HRX (Human Resources Extra): $25/employee/month",
        "The mayor spoke (AP) — then left.",
        "",
        "   ",
        "In other news, the market rose.",
        "WASHINGTON AND LEE — a university in Virginia.",
    ],
)
def test_not_datelines(paragraph: str) -> None:
    assert parse_dateline(paragraph) == (None, 0)


@pytest.mark.parametrize(
    ("paragraph", "place", "agency"),
    [
        ("MIAMi (Reuters) — Garbled copy.", "MIAMI", "Reuters"),
        ("NEq YORK (AP) - Garbled copy.", "NEW YORK", "AP"),
        ("TULSA, Okla. (Reutrs) -- Garbled copy.", "TULSA, Okla.", "Reuters"),
        # the agency repaired before it is weighed: "oeuters" alone is no outlet's name
        ("AUSTIN, Texas (oeuters) — Garbled copy.", "AUSTIN, Texas", "Reuters"),
        # initials with one stray lowercase letter, where one agency agrees with the rest
        ("BRUSSELS (AFc) -- Garbled copy.", "BRUSSELS", "AFP"),
        ("HAVANA (Aa) - Garbled copy.", "HAVANA", "AP"),
        # a stand-alone city garbled in its first letter reads as all caps once repaired
        ("lOS ANGELES (AP) — Garbled copy.", "LOS ANGELES", "AP"),
    ],
)
def test_garbled_copies_are_repaired(paragraph: str, place: str, agency: str) -> None:
    # syndication garbles a letter now and then; a stray lowercase letter in an all-caps
    # city one letter away from a stand-alone city, or a near-miss agency, is repaired
    assert parse_dateline(paragraph)[0] == Dateline(place, agency)


def test_garbled_initials_that_two_agencies_fit_are_left_alone() -> None:
    # "(iP)" is AP or CP garbled: neither is chosen, and a lowercase name is no outlet's
    assert parse_dateline("TORONTO (iP) — The council met on Tuesday.")[0] is None


def test_unknown_town_with_stray_lowercase_is_kept_as_printed() -> None:
    assert parse_dateline("McFARLAND, Calif. (AP) — The harvest began.")[0] == Dateline(
        "McFARLAND, Calif.", "AP"
    )
