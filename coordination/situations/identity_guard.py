"""The identity guard: what a situation's free text must never hold (a pure module).

A situation describes a case, never a person. Before a text is saved, `problems(text)`
looks for what identifies someone and gives, for each kind found, a message saying why it
is refused and what to write instead. What it looks for:

- a French social-security number (NIR): sex digit, year, month, department (digits, or
  2A/2B for Corsica), commune, order number and the 2-digit key, spaces or dots allowed
  between the groups; refused when the key is right (97 − (number mod 97), with 2A read as
  19 and 2B as 18). Any unbroken run of 13 digits or more is refused as well (a number
  without its key, or mistyped, is still an identifier);
- a CAF allocataire number: 6 to 8 digits after "allocataire", "n° CAF", "numéro CAF",
  "matricule", "dossier"; and any standalone run of exactly 7 digits not followed by an
  amount's currency (a 7-digit run is how the number is written; amounts are written with
  spaces "1 234 567 €", years have 4 digits and postcodes 5);
- a phone number (French forms: 01 99 00 12 34, 0612345678, +33 6 12 34 56 78);
- an e-mail address;
- a date of birth: "né le", "née le", "né(e) en", "date de naissance", "DDN", "born on";
- a name after a title: "M. Dupont", "Mme Diallo", "Monsieur Martin", "Madame Koné"
  (a single initial, "Mme X.", and functions, "Madame la directrice", pass).

What must pass: dates of appointments ("rendez-vous le 12/03/2027"), amounts
("1 234,56 €", "1234 €"), years, postcodes, office names, counts of days.
"""

import re
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

NIR, LONG_NUMBER, CAF, PHONE, EMAIL, BIRTH, NAME = (
    "nir",
    "long_number",
    "caf",
    "phone",
    "email",
    "birth",
    "name",
)

RULE = _l(
    "Describe the situation, never the person: no name, no date of birth, no social-security "
    "or CAF number, no phone number or e-mail address. Write “a mother of two, no health "
    "coverage since March” rather than who she is."
)

MESSAGES = {
    NIR: _l(
        "This looks like a social-security number: it identifies a person and cannot be "
        "kept here. Remove it and describe the situation instead (e.g. “health coverage "
        "interrupted for 3 months”)."
    ),
    LONG_NUMBER: _l(
        "This long number looks like a file or social-security number: it identifies a "
        "person and cannot be kept here. Remove it; the situation is enough."
    ),
    CAF: _l(
        "This looks like a CAF allocataire number: it identifies a family and cannot be kept "
        "here. Remove it and write the kind of benefit instead (e.g. “housing benefit "
        "suspended”)."
    ),
    PHONE: _l(
        "This looks like a phone number. A person's number must not be kept here; an "
        "institution's line belongs in the directory. Remove it."
    ),
    EMAIL: _l(
        "This looks like an e-mail address. A person's address must not be kept here; an "
        "institution's belongs in the directory. Remove it."
    ),
    BIRTH: _l(
        "A date of birth identifies a person and cannot be kept here. Write an age range "
        "instead (e.g. “in her sixties”, “a minor”)."
    ),
    NAME: _l(
        "A name after “M.” or “Mme” identifies a person and cannot be kept here. Write a "
        "role instead (e.g. “the mother”, “the CAF adviser”)."
    ),
}

_SEP = r"[ .]?"
_NIR = re.compile(
    rf"(?<![\dA-Za-z])([1-478]){_SEP}(\d\d){_SEP}(\d\d){_SEP}(\d\d|2[AaBb]){_SEP}(\d\d\d)"
    rf"{_SEP}(\d\d\d){_SEP}(\d\d)(?![\d])"
)
_LONG = re.compile(r"(?<!\d)\d{13,}(?!\d)")
_CAF_CONTEXT = re.compile(
    r"(?i:allocataire|n°\s*caf|no\.?\s*caf|num[ée]ro\s+(?:de\s+|d')?(?:caf|allocataire)|"
    r"matricule|dossier(?:\s+caf)?)\s*(?:n°|no\.?|num[ée]ro)?\s*:?\s*\d(?:[ .]?\d){5,7}(?!\d)"
)
_SEVEN = re.compile(r"(?<![\d,.])\d{7}(?![\d,.])(?!\s*(?:€|euros?|EUR)\b|\s*€)")
_PHONE = re.compile(r"(?<![\d])(?:(?:\+|00)33[ .-]?|0)[1-9](?:[ .-]?\d\d){4}(?!\d)")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_BIRTH = re.compile(
    r"(?i)\bn[ée]e?(?:\(e\))?s?\s+(?:le|en|au|à)\b|\bdate\s+de\s+naissance\b|\bDDN\b|"
    r"\bborn\s+(?:on|in)\b|\bdate\s+of\s+birth\b"
)
_NAME = re.compile(
    r"(?<![\w])(?i:m\.|mr\.?|mme\.?|mlle\.?|mrs\.?|ms\.?|monsieur|madame|mademoiselle)"
    r"\s+[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿA-ZÀ-ÖØ-Þ'’-]+"
)


@dataclass(frozen=True, slots=True)
class Problem:
    kind: str
    found: str

    @property
    def message(self):
        return MESSAGES[self.kind]


def nir_key_valid(digits13: str, key: str) -> bool:
    """The NIR key rule: key = 97 − (number mod 97); 2A counts as 19, 2B as 18."""
    upper = digits13.upper()
    number = upper.replace("2A", "19", 1) if "2A" in upper[5:7] else upper
    number = number.replace("2B", "18", 1) if "2B" in upper[5:7] else number
    if not number.isdigit():
        return False
    return int(key) == 97 - int(number) % 97


def _nirs(text: str):
    for match in _NIR.finditer(text):
        digits = "".join(match.groups()[:6])
        if nir_key_valid(digits, match.group(7)):
            yield match.group(0)


def problems(text: str | None) -> list[Problem]:
    """What in `text` identifies a person, one `Problem` per kind found (in a fixed order)."""
    if not text:
        return []
    found: list[Problem] = []

    def first(kind: str, matches) -> None:
        for match in matches:
            found.append(Problem(kind, match if isinstance(match, str) else match.group(0)))
            return

    first(NIR, _nirs(text))
    if not found:
        first(LONG_NUMBER, _LONG.finditer(text))
    first(EMAIL, _EMAIL.finditer(text))
    first(PHONE, _PHONE.finditer(text))
    if not any(p.kind in (NIR, LONG_NUMBER, PHONE) for p in found):
        first(CAF, _CAF_CONTEXT.finditer(text))
        if not any(p.kind == CAF for p in found):
            first(CAF, _SEVEN.finditer(text))
    first(BIRTH, _BIRTH.finditer(text))
    first(NAME, _NAME.finditer(text))
    return found


def first_problem(text: str | None) -> Problem | None:
    found = problems(text)
    return found[0] if found else None
