"""Directory exports: CSV (semicolon-separated, UTF-8 with BOM, so spreadsheets in French
open it right) and vCard 3.0 (vobject). The export is logged by operations.export_contacts
before the file is built; the CSV columns are those the import reads back."""

import csv
import io
import re

import vobject
from flask import Response

from coordination.directory.models import DESK

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


def to_vcard(contacts) -> str:
    cards = []
    for c in contacts:
        card = vobject.vCard()
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
        cards.append(card.serialize())
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
