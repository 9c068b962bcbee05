"""Directory pages: the overview, the contact list, institutions and offices with their
opening hours. Contacts' own pages are in contact_views.py, export and import in
exchange_views.py. Lists never show direct details (phone, e-mail): only a contact's own
page does, and each display there is logged."""

from functools import partial

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from coordination.db import utcnow
from coordination.directory import bp, hours, operations, reads
from coordination.directory.extras import extra
from coordination.directory.forms import (
    ExceptionForm,
    HoursForm,
    InstitutionForm,
    OfficeForm,
)
from coordination.directory.models import (
    Institution,
    Office,
    OpeningException,
)
from coordination.directory.pages import PAGE, directory_or_404, rows_of
from coordination.timezone import local_today
from coordination.web.paging import flag_arg, list_page, page_of
from coordination.web.scoping import scoped_or_404
from coordination.web.writes import form_values, perform, submit_then, submitted

# --- overview and lists -----------------------------------------------------------------


@bp.route("/c/<int:coalition_id>/directory")
@login_required
def index(coalition_id):
    coalition = directory_or_404(coalition_id)
    listing = page_of(
        partial(rows_of, reads.institutions_listing(coalition.id)), PAGE, "institutions"
    )
    counts = reads.contact_counts(coalition, [i.id for i in listing["institutions"]])
    return render_template(
        "directory/index.html",
        coalition=coalition,
        counts=counts,
        **listing,
        stale_total=reads.stale_counts([coalition]).get(coalition.id, 0),
    )


@bp.route("/c/<int:coalition_id>/directory/contacts")
@login_required
def contacts(coalition_id):
    coalition = directory_or_404(coalition_id)
    # The filters chosen, by the names the listing and the page both use.
    chosen = {
        "stale_only": flag_arg("stale"),
        "institution_id": request.args.get("institution", type=int),
    }
    stmt = reads.contacts_listing(coalition, **chosen)
    return list_page(
        "directory/contacts.html",
        partial(rows_of, stmt),
        PAGE,
        "contacts",
        coalition=coalition,
        institutions=reads.institution_choices(coalition.id),
        **chosen,
    )


# --- institutions -----------------------------------------------------------------------


def _institution_url(coalition, institution_id: int) -> str:
    return url_for(
        "directory.institution", coalition_id=coalition.id, institution_id=institution_id
    )


def _institution_to_change(coalition_id: int, institution_id: int):
    """The coalition (its members change the directory) and its institution."""
    coalition = directory_or_404(coalition_id, write=True)
    return coalition, scoped_or_404(Institution, institution_id, coalition)


@bp.route("/c/<int:coalition_id>/directory/institutions/new", methods=["GET", "POST"])
@login_required
def new_institution(coalition_id):
    coalition = directory_or_404(coalition_id, write=True)
    form = InstitutionForm()
    fields = form_values(form, "kind", "name", "territory", "notes")
    create = partial(operations.create_institution, coalition, by=current_user, **fields)
    done = _("Institution added. Add its offices and contacts.")
    if answer := submit_then(
        form, create, done=done, then=lambda added: _institution_url(coalition, added.id)
    ):
        return answer
    return render_template(
        "directory/institution_form.html", coalition=coalition, form=form, institution=None
    )


@bp.route("/c/<int:coalition_id>/directory/institutions/<int:institution_id>")
@login_required
def institution(coalition_id, institution_id):
    coalition = directory_or_404(coalition_id)
    inst = scoped_or_404(
        Institution, institution_id, coalition, sa.orm.selectinload(Institution.offices)
    )
    office_hours = reads.load_hours([o.id for o in inst.offices])
    now = utcnow()
    statuses = {oid: hours.status(now, *office_hours[oid]) for oid in office_hours}
    people = reads.institution_contacts(inst.id)
    promises = extra("institution_commitments", inst.id, inst.name, default=[])
    return render_template(
        "directory/institution.html",
        coalition=coalition,
        institution=inst,
        statuses=statuses,
        contacts=people,
        commitments=promises,
        campaigns=extra("institution_campaigns", inst.id, default=[]),
        today=local_today(),
    )


@bp.route(
    "/c/<int:coalition_id>/directory/institutions/<int:institution_id>/edit",
    methods=["GET", "POST"],
)
@login_required
def edit_institution(coalition_id, institution_id):
    coalition, inst = _institution_to_change(coalition_id, institution_id)
    form = InstitutionForm(obj=inst)
    fields = form_values(form, *operations.INSTITUTION_FIELDS)
    save = partial(operations.update_institution, inst, by=current_user, **fields)
    done = _("Institution saved.")
    if answer := submit_then(
        form, save, done=done, then=lambda _saved: _institution_url(coalition, institution_id)
    ):
        return answer
    return render_template(
        "directory/institution_form.html", coalition=coalition, form=form, institution=inst
    )


# --- offices ----------------------------------------------------------------------------


def _office_url(coalition, office_id: int) -> str:
    return url_for("directory.office", coalition_id=coalition.id, office_id=office_id)


def _office_hours_url(coalition, office) -> str:
    return url_for("directory.office_hours", coalition_id=coalition.id, office_id=office.id)


def _office_again(coalition, office_id: int) -> Office:
    """The office and its institution, loaded again after a refusal: `perform` rolled the
    session back, which expired what the page had loaded."""
    return scoped_or_404(Office, office_id, coalition, sa.orm.joinedload(Office.institution))


def _office_to_change(coalition_id: int, office_id: int):
    """The coalition (its members change the directory) and its office, with the office's
    institution."""
    coalition = directory_or_404(coalition_id, write=True)
    return coalition, _office_again(coalition, office_id)


@bp.route(
    "/c/<int:coalition_id>/directory/institutions/<int:institution_id>/offices/new",
    methods=["GET", "POST"],
)
@login_required
def new_office(coalition_id, institution_id):
    coalition, inst = _institution_to_change(coalition_id, institution_id)
    form = OfficeForm()
    fields = form_values(form, *operations.OFFICE_FIELDS)
    create = partial(operations.create_office, coalition, inst, by=current_user, **fields)
    done = _("Office added. Now give its opening hours.")
    if answer := submit_then(form, create, done=done, then=partial(_office_hours_url, coalition)):
        return answer
    return render_template(
        "directory/office_form.html", coalition=coalition, form=form, institution=inst, office=None
    )


@bp.route("/c/<int:coalition_id>/directory/offices/<int:office_id>")
@login_required
def office(coalition_id, office_id):
    coalition = directory_or_404(coalition_id)
    off = scoped_or_404(Office, office_id, coalition, sa.orm.joinedload(Office.institution))
    slots, closures = reads.load_hours([off.id])[off.id]
    today = local_today()
    people = reads.office_contacts(off.id)
    exceptions = reads.coming_exceptions(off.id, today)
    return render_template(
        "directory/office.html",
        coalition=coalition,
        office=off,
        status=hours.status(utcnow(), slots, closures),
        week=hours.weekly_table(slots),
        exceptions=exceptions,
        contacts=people,
        situations=extra("office_situations", coalition, off, default=""),
        exception_form=ExceptionForm(formdata=None),
    )


@bp.route("/c/<int:coalition_id>/directory/offices/<int:office_id>/edit", methods=["GET", "POST"])
@login_required
def edit_office(coalition_id, office_id):
    coalition, off = _office_to_change(coalition_id, office_id)
    form = OfficeForm(obj=off)
    fields = form_values(form, *operations.OFFICE_FIELDS)
    outcome = submitted(form, operations.update_office, off, by=current_user, **fields)
    if outcome:
        flash(_("Office saved."), "success")
        return redirect(_office_url(coalition, office_id))
    if outcome.error is not None:
        off = _office_again(coalition, office_id)
    return render_template(
        "directory/office_form.html",
        coalition=coalition,
        form=form,
        institution=off.institution,
        office=off,
    )


@bp.route("/c/<int:coalition_id>/directory/offices/<int:office_id>/hours", methods=["GET", "POST"])
@login_required
def office_hours(coalition_id, office_id):
    coalition, off = _office_to_change(coalition_id, office_id)
    if request.method == "POST":
        form = HoursForm()
    else:
        slots, _closures = reads.load_hours([off.id])[off.id]
        data = [{"weekday": str(s.weekday), "opens": s.start, "closes": s.end} for s in slots]
        form = HoursForm(data={"slots": data + [{}] * 4})
    if form.validate_on_submit():
        slots = [
            hours.Slot(int(row.weekday.data), row.opens.data, row.closes.data)
            for row in form.slots
            if row.weekday.data and row.opens.data and row.closes.data
        ]
        if perform(operations.set_weekly_hours, off, slots, form=form, by=current_user):
            flash(_("Opening hours saved."), "success")
            return redirect(_office_url(coalition, office_id))
        off = _office_again(coalition, office_id)
    return render_template(
        "directory/office_hours.html", coalition=coalition, office=off, form=form
    )


@bp.route("/c/<int:coalition_id>/directory/offices/<int:office_id>/exceptions", methods=["POST"])
@login_required
def add_exception(coalition_id, office_id):
    coalition, off = _office_to_change(coalition_id, office_id)
    form = ExceptionForm()
    if form.validate_on_submit():
        if perform(
            operations.add_exception,
            off,
            form=form,
            field="closed",
            **form_values(form, "first_day", "last_day", "opens", "closes"),
            closed=form.closed.data == "1",
            label=form.label.data or "",
            by=current_user,
        ):
            flash(_("Exception to the opening hours saved."), "success")
            return redirect(_office_url(coalition, office_id))
        off = _office_again(coalition, office_id)
    return (
        render_template(
            "directory/exception_form.html", coalition=coalition, office=off, form=form
        ),
        400,
    )


@bp.route(
    "/c/<int:coalition_id>/directory/offices/<int:office_id>/exceptions/<int:exception_id>/delete",
    methods=["POST"],
)
@login_required
def remove_exception(coalition_id, office_id, exception_id):
    coalition = directory_or_404(coalition_id, write=True)
    off = scoped_or_404(Office, office_id, coalition)
    exception = scoped_or_404(OpeningException, exception_id, coalition)
    if exception.office_id != off.id:
        abort(404)
    if perform(operations.remove_exception, off, exception, by=current_user):
        flash(_("Exception removed."), "success")
    return redirect(_office_url(coalition, office_id))
