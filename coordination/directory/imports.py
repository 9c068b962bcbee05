"""CSV import of contacts: upload → preview → confirm. Nothing is written to the directory
before the delegate confirms.

The choice made here:
- Every row is checked on upload; the preview lists the valid rows and, for each bad row,
  its line number and French messages. Bad rows are never imported: the delegate fixes
  the file and uploads it again, or confirms the import of the valid rows only.
- The checked rows wait on the server (`ContactImport`, visible only to the delegate who
  uploaded them, for IMPORT_HOURS), not in the browser, so nothing can be altered between
  preview and confirmation.
- Confirmation is all-or-nothing for the valid set: the rows are checked again (an
  institution may have gone, a duplicate may have appeared) and if any fails, nothing at
  all is imported. Then the waiting copy of the personal data is emptied (also on cancel
  and when the import has expired).
"""

import csv
import io
import unicodedata
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from coordination.coalitions import transparency
from coordination.db import utcnow
from coordination.directory import operations
from coordination.directory.models import (
    CHANNELS,
    DESK,
    PERSON,
    Contact,
    ContactImport,
    Institution,
    Office,
)
from coordination.errors import Refused
from coordination.extensions import db
from coordination.timezone import local_today

MAX_ROWS = 2000
IMPORT_HOURS = 24
PHONE_CHARS = set("0123456789 .-()+")

# Accepted headers (compared without accents, case or spaces) -> field.
ALIASES = {
    "institution": "institution",
    "antenne": "office",
    "office": "office",
    "type": "kind",
    "kind": "kind",
    "nom": "name",
    "name": "name",
    "fonction": "role",
    "role": "role",
    "telephone": "phone",
    "tel": "phone",
    "phone": "phone",
    "courriel": "email",
    "email": "email",
    "mail": "email",
    "peut_debloquer": "can_unblock",
    "can_unblock": "can_unblock",
    "canal": "channel",
    "channel": "channel",
    "joignable": "reach_hours",
    "reach_hours": "reach_hours",
    "verifie_le": "checked_on",
    "checked_on": "checked_on",
}
COLUMNS = (
    ("institution", _l("name of an institution already in the directory (required)")),
    ("antenne", _l("name of one of its offices (optional)")),
    ("type", _l("“personne” or “guichet” (default: personne)")),
    ("nom", _l("name of the person or of the desk (required)")),
    ("fonction", _l("role")),
    ("telephone", _l("direct phone")),
    ("courriel", _l("e-mail")),
    ("peut_debloquer", _l("what they can unblock")),
    ("canal", _l("telephone, courriel, sur place, courrier or autre")),
    ("joignable", _l("when to reach them")),
    ("verifie_le", _l("date last checked, YYYY-MM-DD or DD/MM/YYYY (default: today)")),
)
KINDS = {
    "personne": PERSON,
    "person": PERSON,
    "": PERSON,
    "guichet": DESK,
    "service": DESK,
    "desk": DESK,
}
CHANNEL_WORDS = {
    "": "phone",
    "telephone": "phone",
    "tel": "phone",
    "courriel": "email",
    "mail": "email",
    "sur place": "visit",
    "accueil": "visit",
    "courrier": "letter",
    "autre": "other",
    **{c: c for c in CHANNELS},
}
LIMITS = {
    "name": 200,
    "role": 200,
    "phone": 40,
    "email": 254,
    "can_unblock": 3000,
    "reach_hours": 300,
}


class ImportFileError(Refused):
    """The file cannot be read at all, or the import cannot go ahead."""


def fold(text: str) -> str:
    """Lower case, no accents, single spaces: how names are compared."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.lower().split())


def _header_key(header: str) -> str:
    return fold(header).replace(" ", "_").replace("-", "_").replace("'", "")


def decode(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError(_l("The file is not a text file (CSV)."))


def read_rows(text: str) -> list[tuple[int, dict]]:
    """(line number, {field: value}) for each data row; headers mapped through ALIASES."""
    sample = text[:4096]
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=";,\t").delimiter
    except csv.Error:
        delimiter = ";" if sample.count(";") >= sample.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise ImportFileError(_l("The file is empty.")) from None
    fields = [ALIASES.get(_header_key(h)) for h in header]
    missing = [f for f in ("institution", "name") if f not in fields]
    if missing:
        raise ImportFileError(
            _l(
                "The first line must name the columns; “institution” and “nom” are required. "
                "See the expected columns below."
            )
        )
    rows = []
    for values in reader:
        if not any(v.strip() for v in values):
            continue
        if len(rows) >= MAX_ROWS:
            raise ImportFileError(_l("At most %(n)d contacts per file.", n=MAX_ROWS))
        row = {f: (v or "").strip() for f, v in zip(fields, values, strict=False) if f}
        rows.append((reader.line_num, row))
    if not rows:
        raise ImportFileError(_l("The file has no contact under its first line."))
    return rows


def _parse_date(value: str) -> date | None:
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None


class Checker:
    """Checks rows against the coalition's directory; remembers e-mails already seen."""

    def __init__(self, coalition_id: int):
        self.coalition_id = coalition_id
        self.institutions = {
            fold(name): iid
            for iid, name in db.session.execute(
                sa.select(Institution.id, Institution.name).where(
                    Institution.coalition_id == coalition_id
                )
            )
        }
        self.offices = {
            (iid, fold(name)): oid
            for oid, iid, name in db.session.execute(
                sa.select(Office.id, Office.institution_id, Office.name).where(
                    Office.coalition_id == coalition_id
                )
            )
        }
        self.emails = {
            e.lower()
            for e in db.session.scalars(
                sa.select(Contact.email).where(
                    Contact.coalition_id == coalition_id,
                    Contact.erased_at.is_(None),
                    Contact.email != "",
                )
            )
        }

    def check(self, row: dict) -> tuple[dict | None, list[str]]:
        """(clean values, []) for a good row, (None, messages) for a bad one."""
        problems: list[str] = []
        clean: dict = {}
        institution = row.get("institution", "")
        if not institution:
            problems.append(_("The institution is missing."))
        else:
            clean["institution_id"] = self.institutions.get(fold(institution))
            if clean["institution_id"] is None:
                problems.append(
                    _(
                        "Unknown institution “%(name)s”: add it to the directory first.",
                        name=institution,
                    )
                )
        office = row.get("office", "")
        clean["office_id"] = None
        if office and clean.get("institution_id"):
            clean["office_id"] = self.offices.get((clean["institution_id"], fold(office)))
            if clean["office_id"] is None:
                problems.append(_("Unknown office “%(name)s” for this institution.", name=office))
        kind = fold(row.get("kind", ""))
        if kind not in KINDS:
            problems.append(_("Type must be “personne” or “guichet”."))
        clean["kind"] = KINDS.get(kind, PERSON)
        clean["name"] = row.get("name", "")
        if not clean["name"]:
            problems.append(_("The name is missing."))
        for key in ("role", "can_unblock", "reach_hours"):
            clean[key] = row.get(key, "")
        phone = row.get("phone", "")
        digits = [ch for ch in phone if ch.isdigit()]
        if phone and (set(phone) - PHONE_CHARS or not 6 <= len(digits) <= 15):
            problems.append(_("Phone number “%(phone)s” is not valid.", phone=phone))
        clean["phone"] = phone
        email = row.get("email", "")
        if email:
            try:
                email = validate_email(email, check_deliverability=False).normalized
            except EmailNotValidError:
                problems.append(_("E-mail address “%(email)s” is not valid.", email=email))
            else:
                if email.lower() in self.emails:
                    problems.append(
                        _("E-mail address “%(email)s” is already in the directory.", email=email)
                    )
                self.emails.add(email.lower())
        clean["email"] = email
        channel = fold(row.get("channel", ""))
        if channel not in CHANNEL_WORDS:
            problems.append(_("Unknown channel “%(channel)s”.", channel=row.get("channel")))
        clean["channel"] = CHANNEL_WORDS.get(channel, "phone")
        checked = row.get("checked_on", "")
        clean["checked_on"] = None
        if checked:
            day = _parse_date(checked)
            if day is None or day > local_today():
                problems.append(
                    _("Date checked “%(date)s” is not a valid past date.", date=checked)
                )
            else:
                clean["checked_on"] = day.isoformat()
        for key, limit in LIMITS.items():
            if len(clean.get(key) or "") > limit:
                problems.append(
                    _("Too long: %(field)s (at most %(n)d characters).", field=key, n=limit)
                )
        return (None, problems) if problems else (clean, [])


def prepare(coalition, raw: bytes, filename: str, *, by) -> ContactImport:
    """Read and check a file; keep the valid rows waiting for confirmation."""
    purge_expired(coalition.id)
    rows = read_rows(decode(raw))
    checker = Checker(coalition.id)
    good, bad = [], []
    for line, row in rows:
        clean, problems = checker.check(row)
        if clean is not None:
            good.append({"line": line, **clean})
        else:
            label = row.get("name") or row.get("institution") or ""
            bad.append({"line": line, "label": label, "messages": problems})
    pending = ContactImport(
        coalition_id=coalition.id,
        user_id=by.id,
        filename=(filename or "")[:200],
        rows=good,
        problems=bad,
        total=len(rows),
    )
    db.session.add(pending)
    db.session.flush()
    return pending


def expired(pending: ContactImport) -> bool:
    return pending.created_at < utcnow() - timedelta(hours=IMPORT_HOURS)


def confirm(coalition, pending: ContactImport, *, by) -> int:
    """Create every valid contact, or none (the caller rolls back on ImportFileError)."""
    if pending.status != "pending":
        raise ImportFileError(_l("This import was already confirmed or cancelled."))
    if expired(pending):
        raise ImportFileError(_l("This import has expired: upload the file again."))
    if not pending.rows:
        raise ImportFileError(_l("There is no valid contact to import."))
    checker = Checker(coalition.id)
    institutions = {
        i.id: i
        for i in db.session.scalars(
            sa.select(Institution).where(Institution.coalition_id == coalition.id)
        )
    }
    names = {iid: fold(i.name) for iid, i in institutions.items()}
    offices = {oid: name for (_iid, name), oid in checker.offices.items()}
    for row in pending.rows:
        recheck = {
            "institution": names.get(row["institution_id"], ""),
            "office": offices.get(row["office_id"], "") if row["office_id"] else "",
            "kind": "guichet" if row["kind"] == DESK else "personne",
            "name": row["name"],
            "phone": row["phone"],
            "email": row["email"],
            "channel": row["channel"],
            "checked_on": row["checked_on"] or "",
        }
        _clean, problems = checker.check(recheck)
        if problems:
            raise ImportFileError(
                _l(
                    "Nothing was imported: line %(line)d no longer fits the directory"
                    " (%(problem)s). Upload the file again.",
                    line=row["line"],
                    problem=problems[0],
                )
            )
    for row in pending.rows:
        operations.create_contact(
            coalition,
            institutions[row["institution_id"]],
            by=by,
            log=False,
            name=row["name"],
            office_id=row["office_id"],
            kind=row["kind"],
            role=row["role"],
            phone=row["phone"],
            email=row["email"],
            can_unblock=row["can_unblock"],
            channel=row["channel"],
            reach_hours=row["reach_hours"],
            checked_on=date.fromisoformat(row["checked_on"]) if row["checked_on"] else None,
        )
    count = len(pending.rows)
    pending.status = "imported"
    pending.imported = count
    pending.rows = []
    db.session.flush()
    transparency.record(
        coalition.id,
        "directory.imported",
        ngettext("%(num)d contact from a CSV file", "%(num)d contacts from a CSV file", count),
        user=by,
        obj=pending,
    )
    return count


def cancel(pending: ContactImport) -> None:
    pending.status = "cancelled"
    pending.rows = []
    pending.problems = []
    db.session.flush()


def purge_expired(coalition_id: int) -> None:
    """Empty the personal data of imports left waiting past their expiry."""
    db.session.execute(
        sa.update(ContactImport)
        .where(
            ContactImport.coalition_id == coalition_id,
            ContactImport.status == "pending",
            ContactImport.created_at < utcnow() - timedelta(hours=IMPORT_HOURS),
        )
        .values(status="expired", rows=[], problems=[])
    )
