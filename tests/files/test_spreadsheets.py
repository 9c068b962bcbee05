"""Directory exports as spreadsheets read them: Python's csv (as LibreOffice's import
with ';'), and openpyxl reading the .xlsx back: phones stay text with their leading zero."""

import csv
import io

import openpyxl

from coordination.directory import exports, operations


def _export(client, d, fmt):
    url = f"/c/{d.coalition.id}/directory/export"
    response = client.post(url, {"format": fmt, "purpose": "Permanence du jeudi"}, token_from=url)
    assert response.status_code == 200, response.status_code
    return response


def _more_contacts(d):
    operations.create_contact(
        d.coalition,
        d.institution,
        by=d.member,
        name="Marc Lefèvre",
        phone="0612345678",
        email="marc.lefevre@cpam.example",
        channel="email",
    )
    operations.create_contact(
        d.coalition, d.institution, by=d.member, name="=HYPERLINK(1)", phone="+33199001234"
    )


def test_written_phone_forms():
    assert exports.written_phone("0612345678") == "06 12 34 56 78"
    assert exports.written_phone("06.12.34.56.78") == "06 12 34 56 78"
    assert exports.written_phone("+33199001234") == "+33 1 99 00 12 34"
    assert exports.written_phone("0033 1 99 00 12 34") == "+33 1 99 00 12 34"
    assert exports.written_phone("+32 2 555 12 12") == "+32 2 555 12 12"  # not French: as typed
    assert exports.written_phone("") == ""


def test_csv_phones_in_written_form_and_channels_in_french(db, directory, login_as):
    _more_contacts(directory)
    body = _export(login_as(directory.member), directory, "csv").get_data()
    assert body.startswith("\ufeff".encode())  # BOM: French Excel reads UTF-8
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    by_name = {r["nom"]: r for r in rows}
    assert by_name["Marc Lefèvre"]["telephone"] == "06 12 34 56 78"
    assert by_name["Marc Lefèvre"]["canal"] == "courriel"
    assert by_name["Isabelle Fontaine"]["canal"] == "téléphone"
    assert by_name["'=HYPERLINK(1)"]["telephone"] == "+33 1 99 00 12 34"
    assert {r["canal"] for r in rows} <= set(exports.CHANNEL_WORDS.values())


def test_xlsx_export_has_text_cells_only(db, directory, login_as):
    _more_contacts(directory)
    response = _export(login_as(directory.member), directory, "xlsx")
    assert response.mimetype == exports.XLSX_MIMETYPE
    assert response.headers["Content-Disposition"].endswith('.xlsx"')
    book = openpyxl.load_workbook(io.BytesIO(response.get_data()))
    sheet = book.active
    rows = [[cell for cell in row] for row in sheet.iter_rows()]
    header = [cell.value for cell in rows[0]]
    assert header == list(exports.CSV_COLUMNS)
    for row in rows:
        for cell in row:
            # Text: a shared string, or an empty inline string (never "n", "d" or "f").
            assert cell.data_type in {"s", "inlineStr"}, (cell.coordinate, cell.data_type)
            assert cell.value is None or isinstance(cell.value, str)
            assert cell.number_format == "@"
    records = [dict(zip(header, [c.value for c in row], strict=True)) for row in rows[1:]]
    by_name = {r["nom"]: r for r in records}
    assert by_name["Marc Lefèvre"]["telephone"] == "06 12 34 56 78"
    assert by_name["Isabelle Fontaine"]["telephone"] == "01 99 00 21 01"
    assert by_name["Marc Lefèvre"]["canal"] == "courriel"
    assert by_name["=HYPERLINK(1)"]["telephone"] == "+33 1 99 00 12 34"  # a text, not a formula
    assert (
        by_name["Isabelle Fontaine"]["verifie_le"] == directory.contact.last_checked_on.isoformat()
    )
