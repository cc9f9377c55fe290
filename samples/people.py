"""Made-up personal details: names (many scripts), contact data on reserved domains/ranges."""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass

# Names are invented combinations; several carry accents or non-Latin scripts on purpose.
NAMES: list[tuple[str, str]] = [
    ("José", "Ñúñez"),
    ("Zoë", "Fairbanks"),
    ("Åsa", "Ødegård"),
    ("Emily", "Walsh"),
    ("Lakisha", "Washington"),
    ("Jamal", "Robinson"),
    ("Greg", "Baker"),
    ("Siobhán", "O'Connor"),
    ("Chloé", "Dubois"),
    ("Łukasz", "Wójcik"),
    ("Priya", "Raghunathan"),
    ("Oluwaseun", "Adeyemi"),
    ("Ahmed", "Al-Farsi"),
    ("Mariana", "Gonçalves"),
    ("Björn", "Lindqvist"),
    ("Aiko", "Tanaka"),
    ("Dmitri", "Volkov"),
    ("Fatima", "Zahra"),
    ("Liam", "Gallagher-Reed"),
    ("Noémie", "Lefèvre"),
    ("Kwame", "Mensah"),
    ("Sofía", "Hernández"),
    ("Tomás", "Ruiz"),
    ("Ingrid", "Solberg"),
    ("Hannah", "Kowalski"),
    ("Mateo", "Rossi"),
    ("Yusuf", "Demir"),
    ("Grace", "Okafor"),
    ("Anika", "Sharma"),
    ("Daniel", "Cohen"),
    ("Elena", "Popescu"),
    ("Marcus", "Lindgren"),
]
# Names with characters outside common PDF fonts go only into DOCX and TXT files.
CJK_NAMES: list[tuple[str, str]] = [
    ("李华", "li.hua"),
    ("王芳", "wang.fang"),
    ("김민준", "kim.minjun"),
]

PLACES: list[tuple[str, str, str]] = [
    # (city line, phone region, phone template: digits replace '#')
    ("San Francisco, CA", "US", "(415) 555-01##"),
    ("New York, NY", "US", "212.555.01##"),
    ("Austin, TX", "US", "+1 512 555 01##"),
    ("London, UK", "GB", "+44 20 7946 0###"),
    ("Manchester, UK", "GB", "0161 496 0###"),
    ("Berlin, Germany", "DE", "+49 30 901820##"),
    ("Toronto, Canada", "CA", "+1 416 555 01##"),
    ("Sydney, Australia", "AU", "+61 2 5550 1###"),
]
DOMAINS = ["example.com", "example.org", "example.net"]


@dataclass(frozen=True)
class Person:
    """One invented candidate's personal data (never used in scoring)."""

    name: str
    email: str
    phone: str
    phone_e164: str
    location: str
    region: str


def ascii_fold(text: str) -> str:
    """'José Ñúñez' → 'Jose Nunez' (for e-mail local parts)."""
    special = {"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "å": "a", "Å": "A"}
    text = "".join(special.get(c, c) for c in text)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def make_person(rng: random.Random, *, allow_cjk: bool, place: int | None = None) -> Person:
    """A random person; CJK names only when the file format can carry them."""
    if allow_cjk and rng.random() < len(CJK_NAMES) / (len(NAMES) + len(CJK_NAMES)):
        name, local = rng.choice(CJK_NAMES)
    else:
        first, last = rng.choice(NAMES)
        name = f"{first} {last}"
        local = ascii_fold(f"{first}.{last}").lower().replace("'", "")
    email = f"{local}{rng.randint(1, 99)}@{rng.choice(DOMAINS)}"
    city, region, template = PLACES[place if place is not None else rng.randrange(len(PLACES))]
    phone = "".join(str(rng.randint(0, 9)) if c == "#" else c for c in template)
    return Person(name, email, phone, e164(phone, region), city, region)


def e164(phone: str, region: str) -> str:
    """The phone number in E.164, as the reader is expected to normalise it."""
    import phonenumbers

    return phonenumbers.format_number(
        phonenumbers.parse(phone, region), phonenumbers.PhoneNumberFormat.E164
    )
