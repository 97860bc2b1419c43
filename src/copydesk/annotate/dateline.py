"""Wire datelines: `LA MESILLA, Guatemala (AP) —` at the start of a story's first paragraph.

The regex finds the shape (place, optional region, optional date, optional agency, dash);
the checks after it decide whether the words really are a dateline, because an all-caps
label or product line ("BREAKING —", "SKECHERS - Go Run ...") has the same shape.

Evidence required, by shape:
- `PLACE (Agency) —`: an all-caps place, or a title-case one with a known agency
  ("Paris (AFP) -"); an unknown outlet in the parentheses ("(WABC)") needs a dash.
- `PLACE, Region —` (no agency): the region must read like a state or country.
- `PLACE —` alone: only the cities wire style lets stand alone (AP's list, capitals and a
  few metropolises); other towns always carry a region, so a bare all-caps word is a label.
"""

from __future__ import annotations

import re
import unicodedata

from copydesk.records import Dateline

_SP = r"[ \t\u00a0\u2009\u202f]"  # wire copy often carries a no-break space before "(AP)"
_WORD = r"[^\W\d_][\w.'’-]*"  # starts with a letter: "ST.", "N.Y.", "WINSTON-SALEM", "D'ALENE"
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DASH = r"(?:—|–|―|‒|−|--)"

_DATELINE = re.compile(
    rf"^\s*"
    rf"(?P<place>{_WORD}(?:{_SP}+{_WORD}){{0,5}}?)"
    rf"(?:{_SP}*,{_SP}*(?P<region>{_WORD}(?:{_SP}+{_WORD}){{0,4}}?))?"
    # Reuters prints the date in the dateline: "NEW YORK, March 3 (Reuters) -"
    rf"(?:{_SP}*,{_SP}*(?:{_MONTH}{_SP}*\d{{1,2}}|\d{{1,2}}{_SP}*{_MONTH})(?:,{_SP}*\d{{4}})?)?"
    rf"(?:{_SP}*\((?P<agency>[^()\n\d]{{1,40}})\))?"
    rf"(?P<sep>{_SP}*{_DASH}{_SP}*|{_SP}+-{_SP}+|(?<=\))(?:{_SP}*-{_SP}*|:{_SP}+))"
)

# Every separator the dateline pattern accepts contains one of these; looking for them first
# (plain substring tests, the cheapest there are) spares most lines the full pattern. A dateline
# (place, region, date, agency) is shorter than _DATELINE_CHARS.
_SEPARATOR_MARKS = (
    "—", "–", "―", "‒", "−", "--", " -", "\t-", "\u00a0-", "\u2009-", "\u202f-", ")"
)
_DATELINE_CHARS = 200

# Agencies whose datelines are printed in title case too ("Paris (AFP) -"), so a
# title-case place is trusted only with one of these.
_KNOWN_AGENCIES = {
    a.casefold()
    for a in (
        "AP", "Reuters", "AFP", "UPI", "CNN", "dpa", "Xinhua", "Bloomberg", "AAP", "PA",
        "ANI", "IANS", "PTI", "Kyodo", "Yonhap", "EFE", "ANSA", "TASS", "Interfax", "CP",
        "Anadolu", "IRNA", "MENA", "KUNA", "WAFA", "SPA", "Reuters Breakingviews",
        "Associated Press", "The Associated Press", "Agence France-Presse", "The Canadian Press",
        "Canadian Press", "Press Association", "Kyodo News", "Yonhap News", "RIA Novosti",
    )
}
# Spelled-out names mapped to the form the wire (and the scorer) uses.
_CANONICAL_AGENCY = {
    "associated press": "AP",
    "the associated press": "AP",
    "agence france-presse": "AFP",
    "agence france presse": "AFP",
}

# All-caps words that open labels and headings, never a place.
_NOT_PLACE = {
    "BREAKING", "UPDATE", "UPDATED", "UPDATES", "EXCLUSIVE", "WATCH", "LIVE", "VIDEO",
    "VIDEOS", "PHOTO", "PHOTOS", "GALLERY", "OPINION", "ANALYSIS", "EDITORIAL", "COMMENTARY",
    "REVIEW", "NEWS", "ALERT", "CORRECTION", "CLARIFICATION", "DEVELOPING", "LATEST",
    "FLASH", "URGENT", "SPONSORED", "ADVERTISEMENT", "PODCAST", "LISTEN", "READ", "MORE",
    "EDITOR'S", "EDITOR’S", "NOTE", "FACT", "CHECK", "EXPLAINER", "FILE", "WARNING",
    "SPOILER", "SPOILERS", "FREE", "SALE", "DEAL", "DEALS", "TOP", "BEST", "STEP", "PART",
    "CHAPTER", "SECTION", "NOTICE", "DISCLAIMER", "IMPORTANT", "OK", "YES", "NO", "FAQ",
    "PS", "P.S.", "NB",
    # function words: a run of capitals containing these is a heading, not a place
    # ("THE" and "OF" are kept out: THE HAGUE, PORT OF SPAIN)
    "A", "AN", "AND", "OR", "TO", "FOR", "IN", "ON", "WITH", "HOW", "WHY", "WHAT", "WHEN",
    "WHO", "IS", "ARE", "WAS", "WERE", "YOUR", "MY", "OUR", "NOT", "BY", "AT", "IT", "THIS",
    "THAT", "WE", "I", "YOU", "VS", "VS.", "BUT", "IF", "FROM", "ALL", "WILL",
    # countries and organisations abbreviated, which open ordinary sentences
    "U.S.", "US", "USA", "U.S.A.", "UK", "U.K.", "EU", "E.U.", "UN", "U.N.", "NASA", "FBI",
    "CIA", "NATO", "OPEC", "FIFA", "UEFA", "NBA", "NFL", "MLB", "NHL", "CEO", "CFO", "AI",
    "GOP", "IRS", "SEC", "FDA", "CDC", "IMF", "ECB", "GDP", "IPO", "ETF", "BBC", "CNN",
    "AP", "AFP", "NPR", "DIY", "PDF", "HTML", "API", "SEO", "USB", "LED", "TV",
}

# Cities that stand alone in a dateline (AP Stylebook's domestic and international lists,
# national capitals, and metropolises the wires treat the same way). Everywhere else the
# wire adds a state or country ("LA MESILLA, Guatemala"), so a bare all-caps word before a
# dash without an agency is trusted only if it is one of these. Accents are stripped.
_STANDALONE_NAMES = """
    ATLANTA BALTIMORE BOSTON CHICAGO CINCINNATI CLEVELAND DALLAS DENVER DETROIT HONOLULU
    HOUSTON INDIANAPOLIS LAS_VEGAS LOS_ANGELES MIAMI MILWAUKEE MINNEAPOLIS NEW_ORLEANS
    NEW_YORK OKLAHOMA_CITY PHILADELPHIA PHOENIX PITTSBURGH ST._LOUIS SALT_LAKE_CITY
    SAN_ANTONIO SAN_DIEGO SAN_FRANCISCO SEATTLE WASHINGTON UNITED_NATIONS
    AMSTERDAM BAGHDAD BANGKOK BEIJING BEIRUT BERLIN BRUSSELS CAIRO DJIBOUTI DUBLIN GENEVA
    GIBRALTAR GUATEMALA_CITY HAVANA HELSINKI HONG_KONG ISLAMABAD ISTANBUL JERUSALEM
    JOHANNESBURG KABUL KUWAIT_CITY LONDON LUXEMBOURG MACAU MADRID MEXICO_CITY MILAN MONACO
    MONTREAL MOSCOW MUNICH NEW_DELHI OTTAWA PANAMA_CITY PARIS QUEBEC_CITY RIO_DE_JANEIRO ROME
    SAN_MARINO SAO_PAULO SHANGHAI SINGAPORE STOCKHOLM SYDNEY TOKYO TORONTO VATICAN_CITY
    VIENNA ZURICH
    ABU_DHABI ABUJA ACCRA ADDIS_ABABA ALGIERS AMMAN ANKARA ANTANANARIVO ASTANA ASUNCION
    ATHENS BAKU BAMAKO BANGUI BANJUL BELGRADE BELMOPAN BERN BISHKEK BISSAU BOGOTA BRASILIA
    BRATISLAVA BRAZZAVILLE BRIDGETOWN BUCHAREST BUDAPEST BUENOS_AIRES BUJUMBURA CANBERRA
    CARACAS CASTRIES CHISINAU COLOMBO CONAKRY COPENHAGEN DAKAR DAMASCUS DHAKA DILI DODOMA
    DOHA DUSHANBE FREETOWN GABORONE GAZA_CITY GEORGETOWN HANOI HARARE JAKARTA JUBA KAMPALA
    KATHMANDU KHARTOUM KIEV KIGALI KINGSTON KINSHASA KYIV LA_PAZ LAGOS LIBREVILLE LILONGWE
    LIMA LISBON LJUBLJANA LOME LUANDA LUSAKA MALABO MALE MANAGUA MANAMA MANILA MAPUTO MASERU
    MBABANE MINSK MOGADISHU MONROVIA MONTEVIDEO MUSCAT NAIROBI NASSAU NAYPYITAW NDJAMENA
    NIAMEY NICOSIA NOUAKCHOTT NUKU'ALOFA OSLO OUAGADOUGOU PHNOM_PENH PODGORICA PORT-AU-PRINCE
    PORT_LOUIS PORT_MORESBY PORT_OF_SPAIN PORTO-NOVO PRAGUE PRAIA PRETORIA PRISTINA PYONGYANG
    QUITO RABAT RAMALLAH REYKJAVIK RIGA RIYADH ROSEAU SANA SANAA SAN_JOSE SAN_JUAN SAN_SALVADOR
    SANTIAGO SANTO_DOMINGO SARAJEVO SEOUL SKOPJE SOFIA SUVA TAIPEI TALLINN TASHKENT TBILISI
    TEGUCIGALPA TEHRAN TEL_AVIV THE_HAGUE THIMPHU TIRANA TRIPOLI TUNIS ULAANBAATAR VADUZ
    VALLETTA VIENTIANE VILNIUS WARSAW WELLINGTON WINDHOEK YANGON YAOUNDE YEREVAN ZAGREB
    ALEXANDRIA AUCKLAND BANGALORE BARCELONA BASRA BENGALURU CAPE_TOWN CASABLANCA CHENNAI
    DUBAI DURBAN FRANKFURT GAZA GUANGZHOU HAMBURG HEBRON HO_CHI_MINH_CITY KARACHI KOLKATA
    LAHORE LYON MARSEILLE MECCA MELBOURNE MOSUL MUMBAI NAPLES OSAKA SHENZHEN ST._PETERSBURG
    TEL_AVIV VANCOUVER
    """
_STANDALONE = frozenset(name.replace("_", " ") for name in _STANDALONE_NAMES.split())
_REGION_CONNECTIVES = {"and", "of", "de", "del", "da", "do", "d'", "la", "le", "the", "du", "al"}
_PLACE_CONNECTIVES = {"de", "del", "da", "do", "la", "le", "du", "al", "of", "the"}
_MONTH_WORD = re.compile(rf"^{_MONTH}$")
_OUTLET_NAME = re.compile(r"^[A-Z][\w.&'’-]*(?: [A-Z][\w.&'’-]*){0,3}$")  # "WABC", "The Union"
_PROSE_WORDS = 6


def _fold(text: str) -> str:
    """Upper-case without accents, for the city list ("BOGOTÁ" -> "BOGOTA")."""
    decomposed = unicodedata.normalize("NFKD", text.upper())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("’", "'")


def _is_caps(words: list[str]) -> bool:
    return all(not any(c.islower() for c in w) for w in words)


def _is_title(words: list[str]) -> bool:
    """'Paris', 'Rio de Janeiro', 'Port-au-Prince': capitalised words, connectives inside."""
    if not words[0][0].isupper():
        return False
    return all(w[0].isupper() or w.casefold() in _PLACE_CONNECTIVES for w in words[1:])


def _region_ok(region: str) -> bool:
    """'Guatemala', 'N.Y.', 'Calif.', 'United Arab Emirates', 'Bosnia and Herzegovina'."""
    words = region.split()
    if not words[0][0].isupper() or not words[-1][0].isupper():
        return False
    if _MONTH_WORD.match(words[0]) or any(any(c.isdigit() for c in w) for w in words):
        return False
    return all(w[0].isupper() or w.casefold() in _REGION_CONNECTIVES for w in words)


def _within_one_edit(a: str, b: str) -> bool:
    """Levenshtein distance <= 1 (one letter changed, dropped or added)."""
    if abs(len(a) - len(b)) > 1:
        return False
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    return a[i + 1 :] == b[i + 1 :] or a[i + 1 :] == b[i:] or a[i:] == b[i + 1 :]


# Agency names as the wire prints them, for repairing a garbled copy ("Rauters").
_AGENCY_SPELLINGS = ("Reuters", "Bloomberg", "Xinhua", "Interfax", "Kyodo", "Yonhap")
# Agencies known by their initials ("AP", "AFP", "UPI"), as printed.
_INITIALS = frozenset(a.upper() for a in _KNOWN_AGENCIES if a.isalpha() and len(a) <= 4)


def _canonical_agency(agency: str) -> str:
    agency = " ".join(agency.split())
    if agency.casefold() in _CANONICAL_AGENCY:
        return _CANONICAL_AGENCY[agency.casefold()]
    if agency.casefold() not in _KNOWN_AGENCIES:
        # syndication garbles a letter now and then
        for known in _AGENCY_SPELLINGS:
            if _within_one_edit(agency.casefold(), known.casefold()):
                return known
        return _repaired_initials(agency) or agency
    return agency


def _repaired_initials(agency: str) -> str | None:
    """'AFc', 'Aa' -> the agency's initials, where the one stray lowercase letter among
    capitals is the garbled one and a single known agency agrees with the others ('iP' could
    be AP or CP: left as printed). Initials are too close to other outlets' to repair
    without that sign."""
    lower = [i for i, c in enumerate(agency) if c.islower()]
    if len(lower) != 1 or not agency.isalpha() or len(agency) < 2:
        return None
    i = lower[0]
    rest = agency[:i] + agency[i + 1 :]
    agree = [k for k in _INITIALS if len(k) == len(agency) and k[:i] + k[i + 1 :] == rest]
    return agree[0] if len(agree) == 1 else None


def _repair_place(words: list[str]) -> str:
    """'MIAMo' / 'NEl YORK' -> the stand-alone city one letter away, if there is one.

    A stray lowercase letter inside an all-caps dateline is a sign of a garbled copy;
    without that sign the place is kept as printed (it may be a town not on the list).
    """
    place = " ".join(words)
    letters = [c for c in place if c.isalpha()]
    lower = sum(c.islower() for c in letters)
    if not 1 <= lower <= 2 or lower * 3 >= len(letters):
        return place
    folded = _fold(place)
    if folded in _STANDALONE:
        return folded
    matches = [city for city in _STANDALONE if _within_one_edit(folded, city)]
    return matches[0] if len(matches) == 1 else place


def _continues_as_prose(rest: str) -> bool:
    """A story sentence follows, not a product name or a menu entry: some lowercase words."""
    words = rest.split()[:_PROSE_WORDS]
    return sum(1 for w in words if w[:1].islower()) >= 2


def _with_agency_ok(words: list[str], agency: str, sep: str) -> bool:
    """`PLACE (Agency) —`: the agency in parentheses is most of the evidence."""
    caps = _is_caps(words)
    if agency.casefold() in _KNOWN_AGENCIES:
        return caps or _is_title(words)
    # an unknown outlet ("WABC", "HawaiiNewsNow") only after an all-caps place and with a
    # dash: "EOR (Employer of Record): $599" is a price list
    return caps and sep != ":" and bool(_OUTLET_NAME.match(agency)) and "Photo" not in agency


def _without_agency_ok(words: list[str], region: str | None, sep: str, rest: str) -> bool:
    """`PLACE, Region —` or a stand-alone city, all caps, a dash, then prose."""
    if sep == ":" or not _is_caps(words) or not _continues_as_prose(rest):
        return False
    return bool(region) or _fold(" ".join(words)) in _STANDALONE


def parse_dateline(paragraph: str) -> tuple[Dateline | None, int]:
    """Return (Dateline, offset of the story text after it), or (None, 0) when there is none."""
    head = paragraph[:_DATELINE_CHARS]
    if not any(mark in head for mark in _SEPARATOR_MARKS):
        return None, 0  # most lines: no dateline's dash near the start
    m = _DATELINE.match(paragraph)
    if m is None:
        return None, 0
    # A garbled place or agency is repaired before it is weighed as evidence ("lOS ANGELES",
    # "(oeuters)").
    words = _repair_place(m["place"].split()).split()
    region, sep = m["region"], m["sep"].strip()
    agency = _canonical_agency(m["agency"]) if m["agency"] else None
    if any(w.upper() in _NOT_PLACE for w in words) or len("".join(words)) < 3:
        return None, 0
    if any(c.isdigit() for c in m["place"]):  # "CM1 -", "PS5 –": codes, not places
        return None, 0
    if region and not _region_ok(region):
        return None, 0
    if agency is not None:
        if not _with_agency_ok(words, agency, sep):
            return None, 0
    elif not _without_agency_ok(words, region, sep, paragraph[m.end() :]):
        return None, 0
    place = " ".join(words)
    if region:
        place = f"{place}, {' '.join(region.split())}"
    return Dateline(place=place, agency=agency), m.end()
