"""Directory exports: CSV (semicolon-separated, UTF-8 with BOM, so spreadsheets in French
open it right) and vCard 3.0 (vobject). The export is logged by operations.export_contacts
before the file is built; the CSV columns are those the import reads back."""

import csv
import io
import re
import uuid
from datetime import UTC

import vobject
from flask import Response

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
    for c in contacts:
        row = [
            c.institution.name,
            c.office.name if c.office else "",
            "guichet" if c.kind == DESK else "personne",
            c.name,
            c.role,
            c.phone,
            c.email,
            c.can_unblock,
            c.channel,
            c.reach_hours,
            c.last_checked_on.isoformat(),
        ]
        writer.writerow([_safe_cell(v, k) for k, v in zip(CSV_COLUMNS, row, strict=True)])
    return "\ufeff" + out.getvalue()


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
    else:
        body, mimetype, ext = to_csv(contacts), "text/csv", "csv"
    resp = Response(body, mimetype=mimetype)
    resp.headers["Content-Disposition"] = f'attachment; filename="{_filename(coalition, ext)}"'
    resp.headers["Cache-Control"] = "no-store"
    return resp
