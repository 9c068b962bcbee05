"""Statement output: printable page, PDF, plain-text download, the public page."""

import re
import unicodedata

from flask import Response, abort, render_template
from flask_login import login_required

from coordination.extensions import db
from coordination.statements import bp, operations
from coordination.statements.views import _load
from coordination.web.pdf import render_pdf

# --- output -----------------------------------------------------------------------------------


def _document(statement):
    from coordination.coalitions.models import Coalition

    return {
        "coalition": db.session.get(Coalition, statement.coalition_id),
        "statement": statement,
        "rev": operations.current_revision(statement),
        "signatories": operations.signatories(statement) if statement.is_adopted else [],
    }


def _filename(statement, extension: str) -> str:
    ascii_title = unicodedata.normalize("NFKD", statement.title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")[:60] or "statement"
    return f"{slug}.{extension}"


@bp.route("/c/<int:coalition_id>/statements/<int:statement_id>/print")
@login_required
def print_view(coalition_id, statement_id):
    _coalition, statement = _load(coalition_id, statement_id)
    return render_template("statements/print.html", **_document(statement))


@bp.route("/c/<int:coalition_id>/statements/<int:statement_id>/pdf")
@login_required
def pdf(coalition_id, statement_id):
    _coalition, statement = _load(coalition_id, statement_id)
    return render_pdf("statements/pdf.html", _filename(statement, "pdf"), **_document(statement))


@bp.route("/c/<int:coalition_id>/statements/<int:statement_id>/markdown")
@login_required
def markdown(coalition_id, statement_id):
    _coalition, statement = _load(coalition_id, statement_id)
    # "Texte brut" for people: a .txt file any phone opens (its light formatting, ** and
    # "- ", reads as it is).
    text = render_template("statements/document.md", **_document(statement))
    response = Response(text, mimetype="text/plain")
    name = _filename(statement, "txt")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@bp.route("/public/statements/<token>")
def public(token):
    statement = operations.public_statement(token)
    if statement is None:
        abort(404)
    response = Response(render_template("statements/public.html", **_document(statement)))
    # The token is the key: never leak it through links in the text, nor to search engines.
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Robots-Tag"] = "noindex"
    return response
