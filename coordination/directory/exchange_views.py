"""Export of the directory (logged before the file leaves: privacy.py) and CSV import of
contacts (checked, previewed, then confirmed or cancelled: imports.py)."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from coordination.directory import bp, exports, imports, operations, reads
from coordination.directory.forms import (
    ExportForm,
    ImportForm,
)
from coordination.directory.models import (
    ContactImport,
)
from coordination.directory.pages import directory_or_404
from coordination.web.scoping import refuse, scoped_or_404
from coordination.web.writes import form_page, perform, submitted

# --- export and import ------------------------------------------------------------------


def _export_file(coalition, *, fmt: str, purpose: str, by):
    """Log the export and build the file, in one operation: the file is made from the
    contacts as loaded, before the commit expires them."""
    _export, people = operations.export_contacts(coalition, fmt=fmt, purpose=purpose, by=by)
    return exports.response(coalition, people, fmt)


def _export_values(form) -> dict:
    return {"fmt": form.format.data, "purpose": form.purpose.data}


@bp.route("/c/<int:coalition_id>/directory/export", methods=["GET", "POST"])
@login_required
def export(coalition_id):
    coalition = directory_or_404(coalition_id, write=True, details=True)
    form = ExportForm()
    outcome = submitted(
        form, _export_file, coalition, field="purpose", by=current_user, **_export_values(form)
    )
    if outcome:  # committed: logged before the file leaves the server
        return outcome.value
    return form_page("directory/export.html", form, coalition=coalition)


@bp.route("/c/<int:coalition_id>/directory/import", methods=["GET", "POST"])
@login_required
def import_contacts(coalition_id):
    coalition = directory_or_404(coalition_id, write=True, details=True)
    form = ImportForm()
    outcome = submitted(form, _prepare, coalition, form.file.data, field="file", by=current_user)
    if outcome:
        return redirect(_preview_url(coalition, outcome.value.id))
    return form_page("directory/import.html", form, coalition=coalition, columns=imports.COLUMNS)


def _prepare(coalition, upload, *, by):
    """The uploaded file checked and kept for its preview (imports.prepare)."""
    return imports.prepare(coalition, upload.read(), upload.filename, by=by)


def _preview_url(coalition, import_id: int) -> str:
    return url_for("directory.import_preview", coalition_id=coalition.id, import_id=import_id)


def _own_import(coalition, import_id) -> ContactImport:
    pending = scoped_or_404(ContactImport, import_id, coalition)
    if pending.user_id != current_user.id:
        refuse(f"import {import_id} of another delegate")
    return pending


@bp.route("/c/<int:coalition_id>/directory/import/<int:import_id>")
@login_required
def import_preview(coalition_id, import_id):
    coalition = directory_or_404(coalition_id, write=True, details=True)
    pending = _own_import(coalition, import_id)
    names = dict(reads.institution_choices(coalition.id))
    offices = dict(reads.office_choices(coalition.id))
    return render_template(
        "directory/import_preview.html",
        coalition=coalition,
        pending=pending,
        institution_names=names,
        office_names=offices,
        expired=imports.expired(pending),
    )


@bp.route("/c/<int:coalition_id>/directory/import/<int:import_id>/confirm", methods=["POST"])
@login_required
def import_confirm(coalition_id, import_id):
    coalition = directory_or_404(coalition_id, write=True, details=True)
    pending = _own_import(coalition, import_id)
    outcome = perform(imports.confirm, coalition, pending, by=current_user)
    if not outcome:
        return redirect(_preview_url(coalition, import_id))
    flash(
        ngettext("%(num)d contact imported.", "%(num)d contacts imported.", outcome.value),
        "success",
    )
    return redirect(url_for("directory.contacts", coalition_id=coalition.id))


@bp.route("/c/<int:coalition_id>/directory/import/<int:import_id>/cancel", methods=["POST"])
@login_required
def import_cancel(coalition_id, import_id):
    coalition = directory_or_404(coalition_id, write=True, details=True)
    pending = _own_import(coalition, import_id)
    if perform(imports.cancel, pending):
        flash(_("Import cancelled: nothing was written."), "info")
    return redirect(url_for("directory.index", coalition_id=coalition.id))
