"""The figures as a spreadsheet: CSV (semicolon-separated, UTF-8 with a BOM, as French
spreadsheets expect) and Excel .xlsx (openpyxl). The same table as the page, with the same
small-number rule: every count goes through `stats.protect`, delays and shares computed
from fewer than 3 situations are left empty."""

import csv
import io

from flask import Response
from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from coordination.situations import stats
from coordination.situations.figures import Delays, Figures

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _delays(d: Delays) -> list:
    if not d.shown:
        return ["", ""]
    return [round(d.median, 1), d.p90]


def table(figures: Figures, themes: dict, obstacles: dict, institutions: dict) -> list[list]:
    """Header and rows: section, label, situations, median delay, 90th percentile, share."""
    header = [
        _("Section"),
        _("Label"),
        _("Situations"),
        _("Median days to resolution"),
        _("9 in 10 resolved within (days)"),
        _("Share (%)"),
    ]
    rows = [header]
    overall = figures.overall
    total = stats.protect(figures.total)
    rows.append([_("All"), _("All situations"), total, *_delays(overall), ""])
    for code, count in figures.by_theme:
        rows.append([_("Theme"), str(themes.get(code, code)), stats.protect(count), "", "", ""])
    for d in figures.by_institution:
        name = institutions.get(d.key, "?")
        rows.append([_("Institution"), name, stats.protect(d.count), *_delays(d), ""])
    for quarter, count in figures.by_quarter:
        rows.append([_("Quarter"), quarter, stats.protect(count), "", "", ""])
    for code, count in figures.obstacles:
        label = str(obstacles.get(code, code))
        rows.append([_("Obstacle"), label, stats.protect(count), "", "", ""])
    for days, (part, whole) in ((30, figures.unresolved_30), (90, figures.unresolved_90)):
        percent = stats.share(part, whole)
        rows.append(
            [
                _("Still unresolved"),
                _("after %(days)d days", days=days),
                stats.protect(part),
                "",
                "",
                "" if percent is None else percent,
            ]
        )
    return rows


def csv_response(rows: list[list], filename: str) -> Response:
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerows(rows)
    return Response(
        out.getvalue().encode("utf-8"),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}.csv"'},
    )


def xlsx_response(rows: list[list], filename: str) -> Response:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Figures")[:31]
    for row in rows:
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    out = io.BytesIO()
    book.save(out)
    return Response(
        out.getvalue(),
        mimetype=XLSX_MIMETYPE,
        headers={"Content-Disposition": f'attachment; filename="{filename}.xlsx"'},
    )
