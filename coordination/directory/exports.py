"""Directory exports: CSV (semicolon-separated, UTF-8 with BOM, so spreadsheets in French
open it right), Excel .xlsx (openpyxl, every cell typed as text) and vCard 3.0 (vobject).
Phone numbers are written in the French written form (06 12 34 56 78), which no
spreadsheet reads as a number (a bare 0612345678 loses its leading zero). The export is
logged by operations.export_contacts before the file is built; the CSV columns are those
the import reads back."""

import csv
import io
import re
import uuid
from datetime import UTC

import vobject
from flask import Response
from openpyxl import Workbook
from openpyxl.styles import Font

from coordination.directory.models import DESK
from coordination.web.outbox import sender_domain

# vCard lines are folded at 75 octets (RFC 6350 3.2, RFC 2425 5.8.1), CRLF excluded.
VCARD_LINE_OCTETS = 75

CSV_COLUMNS = (
    "institution",
    "antenne",
    "type",
    "nom",
    "fonction",
    "telephone",
    "courriel",
    "peut_debloquer",
    "canal",
    "joignable",
    "verifie_le",
)


# The channel column in the words the import reads back (imports.CHANNEL_WORDS).
CHANNEL_WORDS = {
    "phone": "téléphone",
    "email": "courriel",
    "visit": "sur place",
    "letter": "courrier",
    "other": "autre",
}
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def written_phone(phone: str) -> str:
    """A French number in its written form: 06 12 34 56 78, +33 1 99 00 12 34; any other
    number as it was typed."""
    compact = re.sub(r"[\s.()-]", "", phone or "")
    if compact.startswith("0033"):
        compact = "+33" + compact[4:]
    if re.fullmatch(r"0[1-9]\d{8}", compact):
        return " ".join(compact[i : i + 2] for i in range(0, 10, 2))
    if re.fullmatch(r"\+33[1-9]\d{8}", compact):
        rest = compact[4:]
        return f"+33 {compact[3]} " + " ".join(rest[i : i + 2] for i in range(0, 8, 2))
    return (phone or "").strip()


def _rows(contacts):
    for c in contacts:
        yield [
            c.institution.name,
            c.office.name if c.office else "",
            "guichet" if c.kind == DESK else "personne",
            c.name,
            c.role,
            written_phone(c.phone),
            c.email,
            c.can_unblock,
            CHANNEL_WORDS.get(c.channel, c.channel),
            c.reach_hours,
            c.last_checked_on.isoformat(),
        ]


def _safe_cell(value: str, column: str) -> str:
    """Spreadsheets run cells starting with = + - @ as formulas: neutralise them (an
    international phone number such as +33 1 99 00 12 34 stays as it is)."""
    if column == "telephone" and re.fullmatch(r"\+[0-9 .()-]+", value):
        return value
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def to_csv(contacts) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in _rows(contacts):
        writer.writerow([_safe_cell(v, k) for k, v in zip(CSV_COLUMNS, row, strict=True)])
    return "\ufeff" + out.getvalue()


def to_xlsx(contacts) -> bytes:
    """One sheet, the CSV's columns; every cell is a text cell (type "s", format "@"), so
    nothing is read as a number, a date or a formula."""
    book = Workbook()
    sheet = book.active
    sheet.title = "annuaire"
    for row_number, row in enumerate([list(CSV_COLUMNS), *_rows(contacts)], start=1):
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(row=row_number, column=column)
            cell.value = str(value)
            cell.data_type = "s"  # even "=…": text, never a formula
            cell.number_format = "@"
            if row_number == 1:
                cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    widths = (28, 24, 10, 24, 24, 18, 30, 30, 12, 24, 12)
    for letter, width in zip("ABCDEFGHIJK", widths, strict=True):
        sheet.column_dimensions[letter].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def contact_uid(contact) -> str:
    """The same contact always gets the same UID (an address book re-importing the file
    updates its cards instead of duplicating them); distinct per installation."""
    name = f"concertation:{sender_domain()}:contact:{contact.id}"
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}"


def _revision(contact) -> str:
    changed = contact.updated_at or contact.created_at
    if changed.tzinfo is None:  # SQLite returns naive UTC
        changed = changed.replace(tzinfo=UTC)
    return changed.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def fold_line(line: str, limit: int = VCARD_LINE_OCTETS) -> list[str]:
    """One content line as physical lines of at most `limit` octets in UTF-8, never
    cutting a character; continuation lines start with one space (counted)."""
    pieces, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            pieces.append(current)
            current, size = " ", 1
        current += char
        size += width
    pieces.append(current)
    return pieces


def fold_vcard(text: str) -> str:
    """Unfold what vobject wrote (it counts characters, not octets), fold again by octets."""
    unfolded = re.sub(r"\r\n[ \t]", "", text)
    lines = [line for line in unfolded.split("\r\n") if line]
    return "".join(piece + "\r\n" for line in lines for piece in fold_line(line))


def to_vcard(contacts) -> str:
    cards = []
    for c in contacts:
        card = vobject.vCard()
        card.add("uid").value = contact_uid(c)
        card.add("rev").value = _revision(c)
        card.add("fn").value = c.name or c.role or c.institution.name
        if c.kind == DESK:
            card.add("n").value = vobject.vcard.Name(family=c.name)
        else:
            given, _sep, family = c.name.rpartition(" ")
            card.add("n").value = vobject.vcard.Name(family=family or c.name, given=given)
        card.add("org").value = [c.institution.name] + ([c.office.name] if c.office else [])
        if c.role:
            card.add("title").value = c.role
        if c.phone:
            tel = card.add("tel")
            tel.value = c.phone
            tel.type_param = "WORK"
        if c.email:
            mail = card.add("email")
            mail.value = c.email
            mail.type_param = "INTERNET"
        note = "\n".join(v for v in (c.can_unblock, c.reach_hours) if v)
        if note:
            card.add("note").value = note
        cards.append(fold_vcard(card.serialize()))
    return "".join(cards)


def _filename(coalition, extension: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", coalition.name.lower()).strip("-")[:40] or "annuaire"
    return f"annuaire-{slug}.{extension}"


def response(coalition, contacts, fmt: str) -> Response:
    if fmt == "vcf":
        body, mimetype, ext = to_vcard(contacts), "text/vcard", "vcf"
    elif fmt == "xlsx":
        body, mimetype, ext = to_xlsx(contacts), XLSX_MIMETYPE, "xlsx"
    else:
        body, mimetype, ext = to_csv(contacts), "text/csv", "csv"
    resp = Response(body, mimetype=mimetype)
    resp.headers["Content-Disposition"] = f'attachment; filename="{_filename(coalition, ext)}"'
    resp.headers["Cache-Control"] = "no-store"
    return resp
