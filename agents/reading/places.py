"""Where a candidate or a job is: "City, Region" read with a small gazetteer.

A place is a city followed by a region or a country that this module knows (US states and
their codes, Canadian provinces, Australian states, UK nations and counties, countries), or a
city it knows on its own. Street addresses and postcodes are read through ("14 Lordswood
Grove, Harborne, Birmingham B17 9QT" is Birmingham). Patterns are bounded per word, so a scan
costs linear time.
"""

# ruff: noqa: RUF001, RUF003
# (en dashes, curly quotes and look-alikes are data here)

from __future__ import annotations

import itertools
import re
import unicodedata

from agents.reading.titles import ROLE_NOUNS

US_STATES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "FL": "Florida", "GA": "Georgia",
    "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois", "IN": "Indiana", "IA": "Iowa",
    "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana", "ME": "Maine", "MD": "Maryland",
    "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota", "MS": "Mississippi",
    "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada", "NH": "New Hampshire",
    "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York", "NC": "North Carolina",
    "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania",
    "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota", "TN": "Tennessee",
    "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia", "WA": "Washington",
    "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming", "DC": "District of Columbia",
}  # fmt: skip
PROVINCES = {
    "ON": "Ontario", "QC": "Quebec", "BC": "British Columbia", "AB": "Alberta", "MB": "Manitoba",
    "SK": "Saskatchewan", "NS": "Nova Scotia", "NB": "New Brunswick", "NL": "Newfoundland",
    "PE": "Prince Edward Island", "NSW": "New South Wales", "VIC": "Victoria",
    "QLD": "Queensland", "WA ": "Western Australia", "TAS": "Tasmania", "SA ": "South Australia",
    "NT": "Northern Territory", "ACT": "Australian Capital Territory", "YT": "Yukon",
    "KZN": "KwaZulu-Natal", "GP": "Gauteng",
}  # fmt: skip
UK_REGIONS = {
    "uk", "united kingdom", "england", "scotland", "wales", "northern ireland", "great britain",
    "gb", "greater london", "west yorkshire", "north yorkshire", "south yorkshire",
    "east yorkshire", "yorkshire", "greater manchester", "merseyside", "west midlands",
    "east midlands", "tyne and wear", "lancashire", "cheshire", "cumbria", "derbyshire",
    "nottinghamshire", "leicestershire", "lincolnshire", "staffordshire", "shropshire",
    "warwickshire", "worcestershire", "herefordshire", "gloucestershire", "oxfordshire",
    "buckinghamshire", "berkshire", "hampshire", "surrey", "kent", "essex", "sussex",
    "east sussex", "west sussex", "hertfordshire", "bedfordshire", "cambridgeshire", "norfolk",
    "suffolk", "northamptonshire", "wiltshire", "somerset", "dorset", "devon", "cornwall",
    "county durham", "northumberland", "midlothian", "lothian", "fife",
    "highlands", "gwynedd", "antrim", "county down", "western cape", "gauteng",
    "kwazulu-natal", "eastern cape", "south wales", "north wales", "mid wales", "west wales",
}  # fmt: skip
INDIAN_STATES = {
    "andhra pradesh", "arunachal pradesh", "assam", "bihar", "chhattisgarh", "goa", "gujarat",
    "haryana", "himachal pradesh", "jharkhand", "karnataka", "kerala", "madhya pradesh",
    "maharashtra", "manipur", "meghalaya", "mizoram", "nagaland", "odisha", "punjab",
    "rajasthan", "sikkim", "tamil nadu", "telangana", "tripura", "uttar pradesh", "uttarakhand",
    "west bengal", "delhi ncr", "ncr", "chandigarh", "puducherry", "jammu and kashmir",
}  # fmt: skip
COUNTRIES = {
    "united states", "usa", "us", "u.s.", "united states of america", "canada", "mexico",
    "brazil", "argentina", "chile", "colombia", "peru", "ireland", "france", "germany", "spain",
    "portugal", "italy", "netherlands", "belgium", "luxembourg", "switzerland", "austria",
    "poland", "czech republic", "czechia", "slovakia", "hungary", "romania", "bulgaria",
    "greece", "turkey", "ukraine", "russia", "sweden", "norway", "denmark", "finland",
    "iceland", "estonia", "latvia", "lithuania", "serbia", "croatia", "slovenia", "israel",
    "egypt", "morocco", "nigeria", "ghana", "kenya", "south africa", "ethiopia", "uganda",
    "tanzania", "zimbabwe", "zambia", "india", "pakistan", "bangladesh", "sri lanka", "nepal",
    "china", "hong kong", "taiwan", "japan", "south korea", "korea", "singapore", "malaysia",
    "indonesia", "philippines", "vietnam", "thailand", "australia", "new zealand",
    "united arab emirates", "uae", "saudi arabia", "qatar", "tonga", "fiji", "jamaica",
    "türkiye", "turkiye", "viet nam",
}  # fmt: skip
_CITIES_BY_COUNTRY = {
    "united kingdom": (
        "london", "manchester", "birmingham", "leeds", "liverpool", "sheffield", "bristol",
        "newcastle", "nottingham", "leicester", "coventry", "bradford", "glasgow", "edinburgh",
        "aberdeen", "dundee", "cardiff", "swansea", "belfast", "oxford", "cambridge", "york",
        "brighton", "reading", "southampton", "portsmouth", "plymouth", "exeter", "norwich",
        "derby", "stoke-on-trent", "wolverhampton", "sunderland", "hull", "preston", "swindon",
        "milton keynes", "luton", "bath", "harrogate", "huddersfield", "wigan", "bolton",
        "salford", "stockport", "warrington", "chester", "lancaster", "durham", "middlesbrough",
        "loughborough",
    ),
    "united states": (
        "new york", "los angeles", "chicago", "houston", "phoenix", "philadelphia",
        "san antonio", "san diego", "dallas", "austin", "san jose", "san francisco", "seattle",
        "denver", "boston", "atlanta", "miami", "detroit", "columbus", "charlotte", "raleigh",
        "nashville", "portland", "las vegas", "salt lake city", "minneapolis", "madison",
        "milwaukee", "pittsburgh", "cleveland", "cincinnati", "indianapolis", "kansas city",
        "st. louis", "baltimore", "washington", "tucson", "mesa", "albuquerque", "sacramento",
        "oakland",
    ),
    "canada": ("toronto", "vancouver", "montreal", "calgary", "ottawa", "edmonton", "mississauga"),
    "australia": ("sydney", "melbourne", "brisbane", "perth"),
    "new zealand": ("auckland",),
    "ireland": ("dublin", "cork"),
    "france": ("paris",),
    "germany": ("berlin", "munich", "hamburg", "frankfurt"),
    "netherlands": ("amsterdam", "rotterdam"),
    "belgium": ("brussels",),
    "spain": ("madrid", "barcelona"),
    "portugal": ("lisbon", "porto"),
    "italy": ("rome", "milan"),
    "austria": ("vienna",),
    "switzerland": ("zurich", "geneva"),
    "poland": ("warsaw", "kraków", "krakow"),
    "czech republic": ("prague",),
    "hungary": ("budapest",),
    "romania": ("bucharest",),
    "sweden": ("stockholm",),
    "norway": ("oslo",),
    "denmark": ("copenhagen",),
    "finland": ("helsinki",),
    "ukraine": ("kyiv", "kiev", "lviv"),
    "turkey": ("istanbul",),
    "united arab emirates": ("dubai",),
    "israel": ("tel aviv",),
    "egypt": ("cairo",),
    "nigeria": ("lagos",),
    "ghana": ("accra",),
    "kenya": ("nairobi",),
    "south africa": ("johannesburg", "cape town", "durban"),
    "india": ("mumbai", "delhi", "new delhi", "bangalore", "bengaluru", "pune", "hyderabad",
              "chennai", "kolkata"),
    "pakistan": ("karachi", "lahore"),
    "bangladesh": ("dhaka",),
    "singapore": ("singapore",),
    "hong kong": ("hong kong",),
    "japan": ("tokyo",),
    "south korea": ("seoul",),
    "china": ("shanghai", "beijing"),
    "philippines": ("manila", "quezon city"),
    "malaysia": ("kuala lumpur",),
    "indonesia": ("jakarta",),
    "thailand": ("bangkok",),
    "brazil": ("são paulo", "sao paulo", "rio de janeiro"),
    "mexico": ("mexico city",),
    "argentina": ("buenos aires",),
    "colombia": ("bogotá",),
    "peru": ("lima",),
    "chile": ("santiago",),
}  # fmt: skip
CITIES = {c for cities in _CITIES_BY_COUNTRY.values() for c in cities}
_COUNTRY_OF_CITY = {c: country for country, cities in _CITIES_BY_COUNTRY.items() for c in cities}
_ALIASES = {
    "uk": "united kingdom", "gb": "united kingdom", "great britain": "united kingdom",
    "england": "united kingdom", "scotland": "united kingdom", "wales": "united kingdom",
    "northern ireland": "united kingdom", "us": "united states", "usa": "united states",
    "u.s.": "united states", "united states of america": "united states", "uae":
    "united arab emirates", "czechia": "czech republic", "korea": "south korea",
    "türkiye": "turkey", "turkiye": "turkey", "viet nam": "vietnam",
    # countries as their own people write them
    "brasil": "brazil", "méxico": "mexico", "españa": "spain", "deutschland": "germany",
    "polska": "poland", "italia": "italy", "nederland": "netherlands", "österreich": "austria",
    "schweiz": "switzerland", "suisse": "switzerland", "perú": "peru", "россия": "russia",
    "україна": "ukraine", "éire": "ireland",
}  # fmt: skip
_REGION_NAMES = (
    ({v.lower() for v in US_STATES.values()} | {v.lower() for v in PROVINCES.values()})
    | UK_REGIONS
    | INDIAN_STATES
    | COUNTRIES
    | set(_ALIASES)
)
# Mexican states after a city ('Guadalajara, Jalisco'); Brazil's two-letter state codes are
# left out: 'RN', 'GO', 'PA' are words and titles too.
_OTHER_REGIONS = {
    "jalisco", "nuevo león", "nuevo leon", "ciudad de méxico", "cdmx", "puebla", "yucatán",
    "yucatan", "querétaro", "queretaro", "guanajuato", "baja california", "sonora", "chihuahua",
    "veracruz", "estado de méxico", "oaxaca", "quintana roo",
}  # fmt: skip
# 'Enugu State', 'Lagos State', 'Western Cape Province', 'Lviv Oblast': a region by its name.
_REGION_WORD = re.compile(
    r"^[A-Z][\w'. -]{1,30} (?:State|Province|Region|Oblast|Voivodeship|County)$"
)
_CODES = set(US_STATES) | {c.strip() for c in PROVINCES}
_WORD = r"[A-Z\u00C0-\u024F][\w'.\u00C0-\u024F-]{0,24}"
_PHRASE = rf"{_WORD}(?: {_WORD}){{0,3}}"
_PLACE = re.compile(
    rf"(?<![\w])({_PHRASE}),\s?({_PHRASE}|[A-Z]{{2,3}})(?:,\s?({_PHRASE}))?(?:,\s?({_PHRASE}))?"
)
# Australian and South African addresses: 'Suburb STATE 1234' with no comma.
_STATE_POSTCODE = re.compile(
    rf"(?<![\w])({_WORD}(?: {_WORD}){{0,2}}),? (NSW|VIC|QLD|SA|WA|TAS|NT|ACT|KZN|GP) \d{{4}}\b"
    # without the postcode only the codes that are no common word or other state, at the end
    rf"|(?<![\w])({_WORD}(?: {_WORD}){{0,2}}),? (NSW|VIC|QLD|TAS)\s*$"
)
_EXPLICIT = re.compile(
    r"\b(?:location|address|based in|lives in|city|residence|current location)\b"
    r"\s*[:\-]?\s*(.{3,120})",
    re.IGNORECASE,
)
_COMPANY = re.compile(
    r"\b(?:ltd|limited|inc|llc|plc|gmbh|corp|university|college|school|hospital|trust|"
    r"department|centre|center|institute|laboratory|lab|group)\b",
    re.IGNORECASE,
)
# A dash between two parts of a line splits it, unless a state code follows ('Curitiba – PR').
_PIECES = re.compile(r"[|•·;\t]|\s{2,}|\s[—–]\s(?![A-Z]{2}\b(?!-))")
# 'Curitiba – PR, Brasil', 'Belo Horizonte - MG': a state code after a dash is the city's.
_DASHED_CODE = re.compile(r"(?<=[a-z\u00C0-\u024F]) [–—-] (?=[A-Z]{2}\b(?!-))")
# 'Montréal (QC)', 'Pune (Maharashtra)': the region in brackets after the city.
_BRACKETED_CODE = re.compile(r"(?<=[a-z\u00C0-\u024F]) \(([A-Z][\w ]{1,25})\)")
_POSTCODE = re.compile(
    r"\b[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}\b|\b\d{5}(?:-\d{4})?\b|\b[A-Z]\d[A-Z] ?\d[A-Z]\d\b"
    r"|(?<=[a-z] )[A-Z]{1,2}\d{1,2}[A-Z]?(?=\s*(?:$|[|,(\n]))"
)


def _key(text: str) -> str:
    """Lower case without combining marks: 'İstanbul' and 'Istanbul' are one city."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_CITY_KEYS = {_key(c) for c in CITIES}  # 'bogotá' and 'bogota', 'kraków' and 'krakow'
_REGION_KEYS = {_key(r) for r in _REGION_NAMES | _OTHER_REGIONS}


def is_region(text: str) -> bool:
    t = text.strip().rstrip(".")
    return t.upper() in _CODES or _key(t) in _REGION_KEYS or bool(_REGION_WORD.match(t))


def _city_of(text: str) -> str | None:
    """The city a phrase ends with ('RN Columbus' → 'Columbus'), when the phrase is short;
    a name in capitals or a job title run into it ('JORDAN TSANG Halifax', 'Nurse Mount
    Gambier') is not part of it."""
    words = _POSTCODE.sub("", text).split()
    shouted = next((k for k, w in enumerate(words) if not (w.isupper() and len(w) > 1)), 0)
    words = words[shouted:]
    while len(words) > 1 and ROLE_NOUNS.fullmatch(words[0]):
        words = words[1:]
    for n in range(min(3, len(words)), 0, -1):
        tail = " ".join(words[-n:])
        if _key(tail) in _CITY_KEYS:
            return tail
    # a longer name only when it says it is a city ('Ho Chi Minh City', 'Quezon City')
    longest = 4 if words and words[-1] == "City" else 3
    if len(words) == 1 and words[0].isupper() and len(words[0]) <= 3:
        return None  # 'PR', 'MG': a state's code, not a city
    if 1 <= len(words) <= longest and all(w[:1].isupper() for w in words):
        return " ".join(words)
    return None


_STREET = re.compile(
    r"\b(?:road|rd|street|st|avenue|ave|lane|ln|drive|dr|unit|flat|apt|apartment|residences|"
    r"block|floor|suite|house|building|homes|estate|close|way|court|crescent|plaza|po box)\b",
    re.IGNORECASE,
)


def _locality(part: str) -> bool:
    """A place's own name before the city it is in ('Makati City', 'Lekki'), not a street or
    a company."""
    return (
        _city_of(part) == part.strip()
        and not re.search(r"\d", part)
        and not _STREET.search(part)
        and not _COMPANY.search(part)
    )


def find_place(text: str) -> str | None:
    """The first 'City, Region' (or known city) in a short text, normalised; None if none."""
    postal = _STATE_POSTCODE.search(text.strip())
    if postal:
        suburb, state = postal.group(1, 2) if postal.group(1) else postal.group(3, 4)
        if _city_of(suburb):
            return f"{_city_of(suburb)}, {state}"  # 'Mawson Lakes SA 5095', 'Geelong VIC'
    text = _DASHED_CODE.sub(", ", text)
    text = _BRACKETED_CODE.sub(
        lambda m: f", {m.group(1)}" if is_region(m.group(1)) else m.group(0), text
    )
    text = re.sub(r"(?<=\w)/(?=[A-Z\u00C0-\u024F])", ", ", text)  # 'İstanbul/Türkiye'
    text = ",".join(p.rstrip() for p in _POSTCODE.sub(" ", text).split(","))
    for m in _PLACE.finditer(text):
        parts = [p for p in m.groups() if p]
        for i in range(len(parts) - 1, 0, -1):
            if is_region(parts[i]):
                j = i - 1
                while j >= 1 and (
                    is_region(parts[j]) or (parts[j].isupper() and len(parts[j]) <= 3)
                ):
                    j -= 1  # 'Curitiba, PR, Brasil', 'Salford, Greater Manchester, UK'
                if j >= 1 and _key(parts[j]) not in _CITY_KEYS and _key(parts[j - 1]) in _CITY_KEYS:
                    j -= 1  # 'Kraków, Małopolskie, Poland': a region this list does not know

                city = _city_of(parts[j])
                # a city named like a region only before a code ('Victoria, BC')
                like_region = (
                    bool(city)
                    and is_region(city)
                    and not _REGION_WORD.match(city)
                    and parts[i].upper() not in _CODES
                )
                if city and not like_region and not _COMPANY.search(parts[j]):
                    return ", ".join([city, *parts[j + 1 :]])
        for k, part in enumerate(parts):
            known = _city_of(part) if part.lower() not in CITIES else part
            if known and known.lower() in CITIES:
                rest = list(itertools.takewhile(is_region, parts[k + 1 :]))  # not 'Mar 2022'
                if known != part and k >= 1 and _locality(parts[k - 1]):
                    return ", ".join([parts[k - 1], part, *rest])  # 'Makati City, Metro Manila'
                return ", ".join([known, *rest])
    for word in re.findall(r"[A-Z][\w'-]+(?: [A-Z][\w'-]+){0,2}", text[:500]):
        if word.lower() in CITIES:
            return word
    return None


def find_location(lines: list[str], *, strict: bool = False) -> str | None:
    """The candidate's place from the lines at the top of a resume (and its personal
    details): an explicit 'Location:' or 'Address:' first, then any 'City, Region'. An
    address broken over two lines ('London E5 0LH, United' / 'Kingdom') is read whole.
    `strict`: only a 'City, Region' whose region is known (for lines further down, where a
    bare city may be an employer's)."""
    lines = _rejoined(lines)
    for line in lines:
        m = _EXPLICIT.search(line[:300])
        if m:
            found = find_place(m.group(1))
            if found:
                return found
    for line in lines:
        for piece in _PIECES.split(line[:400]):
            if "@" in piece:
                piece = re.sub(r"\S+@\S+", " ", piece)
            found = find_place(piece)
            if found and (not strict or "," in found):
                return found
    return None


def _rejoined(lines: list[str]) -> list[str]:
    """Each line, and a line ending in a comma or in the first word of a region ('United')
    joined with the short line after it."""
    out: list[str] = []
    for i, line in enumerate(lines):
        nxt = lines[i + 1].strip() if i + 1 < len(lines) else ""
        words = line.split()
        if (
            nxt
            and len(nxt) <= 40
            and words
            and (line.rstrip().endswith(",") or is_region(f"{words[-1]} {nxt.split(',')[0]}"))
        ):
            out.append(f"{line.rstrip()} {nxt}")
        out.append(line)
    return out


def place_parts(place: str) -> tuple[set[str], set[str]]:
    """(city parts, region parts) of a place, lower case: 'Makati City, Metro Manila' →
    ({'makati city', 'metro manila', 'manila'}, set()); 'İstanbul/Türkiye' and 'Curitiba -
    PR, Brasil' split at the slash and the dash too. Two places are one city when their city
    parts meet."""
    items = {p.strip().lower() for p in re.split(r",|/|\s[–—-]\s", place) if p.strip()}
    regions = {p for p in items if is_region(p)}
    cities = items - regions
    tails = {_city_of(c.title()) for c in cities}
    return cities | {t.lower() for t in tails if t and _key(t) in _CITY_KEYS}, regions


def country_of(place: str | None) -> str | None:
    """The country a place is in ('Houston, TX' → 'united states', 'Leeds' → 'united
    kingdom'), or None when it cannot be told."""
    if not place:
        return None
    parts = [p.strip() for p in place.split(",") if p.strip()]
    for part in reversed(parts):
        low = part.lower().rstrip(".")
        if low in _ALIASES:
            return _ALIASES[low]
        if low in COUNTRIES:
            return low
        if part.upper() in US_STATES or low in {v.lower() for v in US_STATES.values()}:
            return "united states"
        if part.upper() in {c.strip() for c in PROVINCES} or low in {
            v.lower() for v in PROVINCES.values()
        }:
            return (
                "canada"
                if part.upper() in ("ON", "QC", "BC", "AB", "MB", "SK", "NS", "NB", "NL", "PE")
                or low
                in (
                    "ontario",
                    "quebec",
                    "british columbia",
                    "alberta",
                    "manitoba",
                    "saskatchewan",
                    "nova scotia",
                    "new brunswick",
                    "newfoundland",
                    "prince edward island",
                )
                else "australia"
            )
        if low in UK_REGIONS:
            return "united kingdom"
        if low in {"western cape", "gauteng", "kwazulu-natal", "eastern cape"}:
            return "south africa"
        if low in INDIAN_STATES:
            return "india"
        if low in _COUNTRY_OF_CITY:
            return _COUNTRY_OF_CITY[low]
    return None
