"""Directory pages. Lists never show direct details (phone, e-mail): only a contact's own
page does, and each display there is logged."""

import sqlalchemy as sa
from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from coordination.db import utcnow, write_transaction
from coordination.directory import bp, exports, hours, imports, operations, reads
from coordination.directory.extras import extra
from coordination.directory.forms import (
    EraseForm,
    ExceptionForm,
    ExportForm,
    HoursForm,
    ImportForm,
    InstitutionForm,
    InteractionForm,
    OfficeForm,
)
from coordination.directory.freshness import stale_since
from coordination.directory.models import (
    Contact,
    ContactImport,
    Institution,
    Office,
    OpeningException,
)
from coordination.directory.operations import DirectoryError
from coordination.directory.pages import PAGE, directory_or_404, page_number, paged
from coordination.extensions import db
from coordination.timezone import local_today
from coordination.web.scoping import refuse, scoped_or_404

# --- overview and lists -----------------------------------------------------------------


@bp.route("/c/<int:coalition_id>/directory")
@login_required
def index(coalition_id):
    coalition = directory_or_404(coalition_id)
    page = page_number()
    institutions, has_next = paged(
        sa.select(Institution)
        .where(Institution.coalition_id == coalition.id)
        .options(sa.orm.selectinload(Institution.offices))
        .order_by(Institution.name, Institution.id),
        page,
    )
    ids = [i.id for i in institutions]
    counts = {
        iid: (total, stale)
        for iid, total, stale in db.session.execute(
            sa.select(
                Contact.institution_id,
                sa.func.count(Contact.id),
                sa.func.count(Contact.id).filter(operations.stale_condition(coalition)),
            )
            .where(Contact.institution_id.in_(ids), Contact.erased_at.is_(None))
            .group_by(Contact.institution_id)
        )
    }
    return render_template(
        "directory/index.html",
        coalition=coalition,
        institutions=institutions,
        counts=counts,
        page=page,
        has_next=has_next,
        stale_total=operations.stale_counts([coalition]).get(coalition.id, 0),
    )


@bp.route("/c/<int:coalition_id>/directory/contacts")
@login_required
def contacts(coalition_id):
    coalition = directory_or_404(coalition_id)
    page = page_number()
    stale_only = request.args.get("stale") == "1"
    institution_id = request.args.get("institution", type=int)
    stmt = (
        sa.select(Contact)
        .where(Contact.coalition_id == coalition.id, Contact.erased_at.is_(None))
        .options(sa.orm.joinedload(Contact.institution), sa.orm.joinedload(Contact.office))
        .order_by(Contact.last_checked_on if stale_only else Contact.name, Contact.id)
    )
    if stale_only:
        stmt = stmt.where(operations.stale_condition(coalition))
    if institution_id:
        stmt = stmt.where(Contact.institution_id == institution_id)
    rows, has_next = paged(stmt, page)
    return render_template(
        "directory/contacts.html",
        coalition=coalition,
        contacts=rows,
        page=page,
        has_next=has_next,
        stale_only=stale_only,
        institution_id=institution_id,
        institutions=reads.institution_choices(coalition.id),
    )


# --- institutions -----------------------------------------------------------------------


@bp.route("/c/<int:coalition_id>/directory/institutions/new", methods=["GET", "POST"])
@login_required
def new_institution(coalition_id):
    coalition = directory_or_404(coalition_id, write=True)
    form = InstitutionForm()
    if form.validate_on_submit():
        institution = operations.create_institution(
            coalition,
            kind=form.kind.data,
            name=form.name.data,
            territory=form.territory.data,
            notes=form.notes.data,
            by=current_user,
        )
        db.session.commit()
        flash(_("Institution added. Add its offices and contacts."), "success")
        return redirect(
            url_for(
                "directory.institution", coalition_id=coalition.id, institution_id=institution.id
            )
        )
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
    office_hours = operations.load_hours([o.id for o in inst.offices])
    now = utcnow()
    statuses = {oid: hours.status(now, *office_hours[oid]) for oid in office_hours}
    people = db.session.scalars(
        sa.select(Contact)
        .where(Contact.institution_id == inst.id, Contact.erased_at.is_(None))
        .options(sa.orm.joinedload(Contact.office))
        .order_by(Contact.name)
        .limit(200)
    ).all()
    promises = extra("institution_commitments", inst.id, inst.name, default=[])
    return render_template(
        "directory/institution.html",
        coalition=coalition,
        institution=inst,
        statuses=statuses,
        contacts=people,
        commitments=promises,
        today=local_today(),
    )


@bp.route(
    "/c/<int:coalition_id>/directory/institutions/<int:institution_id>/edit",
    methods=["GET", "POST"],
)
@login_required
def edit_institution(coalition_id, institution_id):
    coalition = directory_or_404(coalition_id, write=True)
    inst = scoped_or_404(Institution, institution_id, coalition)
    form = InstitutionForm(obj=inst)
    if form.validate_on_submit():
        operations.update_institution(
            inst,
            by=current_user,
            **{f: getattr(form, f).data for f in operations.INSTITUTION_FIELDS},
        )
        db.session.commit()
        flash(_("Institution saved."), "success")
        return redirect(
            url_for("directory.institution", coalition_id=coalition.id, institution_id=inst.id)
        )
    return render_template(
        "directory/institution_form.html", coalition=coalition, form=form, institution=inst
    )


# --- offices ----------------------------------------------------------------------------


@bp.route(
    "/c/<int:coalition_id>/directory/institutions/<int:institution_id>/offices/new",
    methods=["GET", "POST"],
)
@login_required
def new_office(coalition_id, institution_id):
    coalition = directory_or_404(coalition_id, write=True)
    inst = scoped_or_404(Institution, institution_id, coalition)
    form = OfficeForm()
    if form.validate_on_submit():
        office = operations.create_office(
            coalition,
            inst,
            by=current_user,
            **{f: getattr(form, f).data for f in operations.OFFICE_FIELDS},
        )
        db.session.commit()
        flash(_("Office added. Now give its opening hours."), "success")
        return redirect(
            url_for("directory.office_hours", coalition_id=coalition.id, office_id=office.id)
        )
    return render_template(
        "directory/office_form.html", coalition=coalition, form=form, institution=inst, office=None
    )


@bp.route("/c/<int:coalition_id>/directory/offices/<int:office_id>")
@login_required
def office(coalition_id, office_id):
    coalition = directory_or_404(coalition_id)
    off = scoped_or_404(Office, office_id, coalition, sa.orm.joinedload(Office.institution))
    slots, closures = operations.load_hours([off.id])[off.id]
    today = local_today()
    people = db.session.scalars(
        sa.select(Contact)
        .where(Contact.office_id == off.id, Contact.erased_at.is_(None))
        .order_by(Contact.name)
        .limit(200)
    ).all()
    exceptions = db.session.scalars(
        sa.select(OpeningException)
        .where(OpeningException.office_id == off.id, OpeningException.last_day >= today)
        .order_by(OpeningException.first_day)
    ).all()
    return render_template(
        "directory/office.html",
        coalition=coalition,
        office=off,
        status=hours.status(utcnow(), slots, closures),
        week=hours.weekly_table(slots),
        exceptions=exceptions,
        contacts=people,
        notes=operations.interaction_notes(office_id=off.id),
        exception_form=ExceptionForm(formdata=None),
    )


@bp.route("/c/<int:coalition_id>/directory/offices/<int:office_id>/edit", methods=["GET", "POST"])
@login_required
def edit_office(coalition_id, office_id):
    coalition = directory_or_404(coalition_id, write=True)
    off = scoped_or_404(Office, office_id, coalition, sa.orm.joinedload(Office.institution))
    form = OfficeForm(obj=off)
    if form.validate_on_submit():
        operations.update_office(
            off, by=current_user, **{f: getattr(form, f).data for f in operations.OFFICE_FIELDS}
        )
        db.session.commit()
        flash(_("Office saved."), "success")
        return redirect(url_for("directory.office", coalition_id=coalition.id, office_id=off.id))
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
    coalition = directory_or_404(coalition_id, write=True)
    off = scoped_or_404(Office, office_id, coalition, sa.orm.joinedload(Office.institution))
    if request.method == "POST":
        form = HoursForm()
    else:
        slots, _closures = operations.load_hours([off.id])[off.id]
        data = [{"weekday": str(s.weekday), "opens": s.start, "closes": s.end} for s in slots]
        form = HoursForm(data={"slots": data + [{}] * 4})
    if form.validate_on_submit():
        slots = [
            hours.Slot(int(row.weekday.data), row.opens.data, row.closes.data)
            for row in form.slots
            if row.weekday.data and row.opens.data and row.closes.data
        ]
        operations.set_weekly_hours(off, slots, by=current_user)
        db.session.commit()
        flash(_("Opening hours saved."), "success")
        return redirect(url_for("directory.office", coalition_id=coalition.id, office_id=off.id))
    return render_template(
        "directory/office_hours.html", coalition=coalition, office=off, form=form
    )


@bp.route("/c/<int:coalition_id>/directory/offices/<int:office_id>/exceptions", methods=["POST"])
@login_required
def add_exception(coalition_id, office_id):
    coalition = directory_or_404(coalition_id, write=True)
    off = scoped_or_404(Office, office_id, coalition, sa.orm.joinedload(Office.institution))
    form = ExceptionForm()
    if form.validate_on_submit():
        try:
            operations.add_exception(
                off,
                first_day=form.first_day.data,
                last_day=form.last_day.data,
                closed=form.closed.data == "1",
                opens=form.opens.data,
                closes=form.closes.data,
                label=form.label.data or "",
                by=current_user,
            )
        except DirectoryError as error:
            form.closed.errors = [str(error)]
        else:
            db.session.commit()
            flash(_("Exception to the opening hours saved."), "success")
            return redirect(
                url_for("directory.office", coalition_id=coalition.id, office_id=off.id)
            )
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
    operations.remove_exception(off, exception, by=current_user)
    db.session.commit()
    flash(_("Exception removed."), "success")
    return redirect(url_for("directory.office", coalition_id=coalition.id, office_id=off.id))


# --- interaction notes ------------------------------------------------------------------


def _note_form_page(coalition, *, contact=None, office=None):
    form = InteractionForm()
    if request.method == "GET":
        form.occurred_on.data = local_today()
    if form.validate_on_submit():
        try:
            operations.add_interaction(
                coalition,
                by=current_user,
                occurred_on=form.occurred_on.data,
                case_type=form.case_type.data,
                details=form.details.data or "",
                outcome=form.outcome.data,
                resolution_days=form.resolution_days.data,
                contact=contact,
                office=office,
            )
        except DirectoryError as error:
            form.occurred_on.errors = [str(error)]
        else:
            db.session.commit()
            flash(_("Note saved: thank you for sharing what works."), "success")
            if contact is not None:
                return redirect(
                    url_for("directory.contact", coalition_id=coalition.id, contact_id=contact.id)
                )
            return redirect(
                url_for("directory.office", coalition_id=coalition.id, office_id=office.id)
            )
    status = 400 if form.errors else 200
    return (
        render_template(
            "directory/note_form.html",
            coalition=coalition,
            form=form,
            contact=contact,
            office=office,
        ),
        status,
    )


@bp.route(
    "/c/<int:coalition_id>/directory/offices/<int:office_id>/notes/new", methods=["GET", "POST"]
)
@login_required
def new_office_note(coalition_id, office_id):
    coalition = directory_or_404(coalition_id, write=True)
    off = scoped_or_404(Office, office_id, coalition, sa.orm.joinedload(Office.institution))
    return _note_form_page(coalition, office=off)


@bp.route(
    "/c/<int:coalition_id>/directory/contacts/<int:contact_id>/notes/new", methods=["GET", "POST"]
)
@login_required
def new_contact_note(coalition_id, contact_id):
    coalition = directory_or_404(coalition_id, write=True)
    person = scoped_or_404(Contact, contact_id, coalition, sa.orm.joinedload(Contact.institution))
    if person.erased:
        abort(404)
    return _note_form_page(coalition, contact=person)


# --- contacts ---------------------------------------------------------------------------


def _contact_form(coalition, obj=None):
    from coordination.directory.forms import ContactForm

    form = ContactForm(obj=obj)
    form.institution_id.choices = reads.institution_choices(coalition.id)
    form.office_id.choices = reads.office_choices(coalition.id)
    if obj is not None and request.method == "GET":
        form.office_id.data = obj.office_id or 0
    return form


@bp.route("/c/<int:coalition_id>/directory/contacts/new", methods=["GET", "POST"])
@login_required
def new_contact(coalition_id):
    coalition = directory_or_404(coalition_id, write=True)
    form = _contact_form(coalition)
    if not form.institution_id.choices:
        flash(_("Add the institution first, then its contacts."), "info")
        return redirect(url_for("directory.new_institution", coalition_id=coalition.id))
    if request.method == "GET":
        form.institution_id.data = request.args.get("institution", type=int)
        form.office_id.data = request.args.get("office", 0, type=int)
    if form.validate_on_submit():
        inst = scoped_or_404(Institution, form.institution_id.data, coalition)
        fields = {f: getattr(form, f).data for f in operations.CONTACT_FIELDS}
        fields["office_id"] = fields["office_id"] or None
        try:
            person = operations.create_contact(coalition, inst, by=current_user, **fields)
        except DirectoryError as error:
            form.office_id.errors = [str(error)]
        else:
            db.session.commit()
            flash(_("Contact added."), "success")
            return redirect(
                url_for("directory.contact", coalition_id=coalition.id, contact_id=person.id)
            )
    return (
        render_template(
            "directory/contact_form.html", coalition=coalition, form=form, contact=None
        ),
        400 if form.errors else 200,
    )


@bp.route("/c/<int:coalition_id>/directory/contacts/<int:contact_id>")
@login_required
def contact(coalition_id, contact_id):
    """The only page showing a contact's direct details; each display is logged."""
    coalition = directory_or_404(coalition_id)
    person = operations.contact_details(coalition.id, contact_id)
    if person is None:
        refuse(f"Contact {contact_id} outside coalition {coalition.id}")
    with write_transaction(db.session):  # logged before the page is even rendered
        operations.record_view(person, by=current_user)
    accesses = operations.access_log(person.id, limit=operations.ACCESS_SHOWN + 1)
    page = render_template(
        "directory/contact.html",
        coalition=coalition,
        contact=person,
        accesses=accesses[: operations.ACCESS_SHOWN],
        more_accesses=len(accesses) > operations.ACCESS_SHOWN,
        notes=operations.interaction_notes(contact_id=person.id),
        commitments=extra("contact_commitments", person.id, default=[]),
        stale_on=stale_since(person.last_checked_on, coalition.stale_contact_months),
        is_member=coalition.viewer_role == "member",
    )
    response = Response(page)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/c/<int:coalition_id>/directory/contacts/<int:contact_id>/accesses")
@login_required
def contact_accesses(coalition_id, contact_id):
    """The whole access log of a contact, a page at a time (it names delegates, not the
    contact's details, so showing it is not itself logged)."""
    coalition = directory_or_404(coalition_id)
    person = scoped_or_404(Contact, contact_id, coalition, sa.orm.joinedload(Contact.institution))
    page = page_number()
    rows = operations.access_log(person.id, limit=PAGE + 1, offset=(page - 1) * PAGE)
    return render_template(
        "directory/contact_accesses.html",
        coalition=coalition,
        contact=person,
        accesses=rows[:PAGE],
        page=page,
        has_next=len(rows) > PAGE,
    )


@bp.route("/c/<int:coalition_id>/directory/contacts/<int:contact_id>/edit", methods=["GET", "POST"])
@login_required
def edit_contact(coalition_id, contact_id):
    coalition = directory_or_404(coalition_id, write=True)
    person = scoped_or_404(Contact, contact_id, coalition)
    if person.erased:
        abort(404)
    form = _contact_form(coalition, obj=person)
    if form.validate_on_submit():
        inst = scoped_or_404(Institution, form.institution_id.data, coalition)
        fields = {f: getattr(form, f).data for f in operations.CONTACT_FIELDS}
        fields["office_id"] = fields["office_id"] or None
        try:
            operations.update_contact(person, by=current_user, institution_id=inst.id, **fields)
        except DirectoryError as error:
            form.office_id.errors = [str(error)]
        else:
            db.session.commit()
            flash(_("Contact saved."), "success")
            return redirect(
                url_for("directory.contact", coalition_id=coalition.id, contact_id=person.id)
            )
    return (
        render_template(
            "directory/contact_form.html", coalition=coalition, form=form, contact=person
        ),
        400 if form.errors else 200,
    )


@bp.route("/c/<int:coalition_id>/directory/contacts/<int:contact_id>/check", methods=["POST"])
@login_required
def check_contact(coalition_id, contact_id):
    coalition = directory_or_404(coalition_id, write=True)
    person = scoped_or_404(Contact, contact_id, coalition)
    try:
        operations.confirm_contact(person, by=current_user)
    except DirectoryError as error:
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(_("Thank you: the contact is marked as checked today."), "success")
    return redirect(url_for("directory.contact", coalition_id=coalition.id, contact_id=person.id))


@bp.route(
    "/c/<int:coalition_id>/directory/contacts/<int:contact_id>/erase", methods=["GET", "POST"]
)
@login_required
def erase_contact(coalition_id, contact_id):
    coalition = directory_or_404(coalition_id, write=True)
    person = scoped_or_404(Contact, contact_id, coalition, sa.orm.joinedload(Contact.institution))
    if person.erased:
        return redirect(
            url_for("directory.contact", coalition_id=coalition.id, contact_id=person.id)
        )
    form = EraseForm()
    if form.validate_on_submit():
        operations.erase_contact(person, by=current_user)
        db.session.commit()
        flash(
            _("The contact's personal data is erased. A trace of the erasure remains."), "success"
        )
        return redirect(
            url_for("directory.contact", coalition_id=coalition.id, contact_id=person.id)
        )
    return (
        render_template("directory/erase.html", coalition=coalition, contact=person, form=form),
        400 if form.errors else 200,
    )


# --- export and import ------------------------------------------------------------------


@bp.route("/c/<int:coalition_id>/directory/export", methods=["GET", "POST"])
@login_required
def export(coalition_id):
    coalition = directory_or_404(coalition_id, write=True)
    form = ExportForm()
    if form.validate_on_submit():
        _export, people = operations.export_contacts(
            coalition, fmt=form.format.data, purpose=form.purpose.data, by=current_user
        )
        response = exports.response(coalition, people, form.format.data)
        db.session.commit()  # logged before the file leaves the server
        return response
    return (
        render_template("directory/export.html", coalition=coalition, form=form),
        400 if form.errors else 200,
    )


@bp.route("/c/<int:coalition_id>/directory/import", methods=["GET", "POST"])
@login_required
def import_contacts(coalition_id):
    coalition = directory_or_404(coalition_id, write=True)
    form = ImportForm()
    if form.validate_on_submit():
        upload = form.file.data
        try:
            pending = imports.prepare(coalition, upload.read(), upload.filename, by=current_user)
        except imports.ImportFileError as error:
            form.file.errors = [str(error)]
        else:
            db.session.commit()
            return redirect(
                url_for("directory.import_preview", coalition_id=coalition.id, import_id=pending.id)
            )
    return (
        render_template(
            "directory/import.html", coalition=coalition, form=form, columns=imports.COLUMNS
        ),
        400 if form.errors else 200,
    )


def _own_import(coalition, import_id) -> ContactImport:
    pending = scoped_or_404(ContactImport, import_id, coalition)
    if pending.user_id != current_user.id:
        refuse(f"import {import_id} of another delegate")
    return pending


@bp.route("/c/<int:coalition_id>/directory/import/<int:import_id>")
@login_required
def import_preview(coalition_id, import_id):
    coalition = directory_or_404(coalition_id, write=True)
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
    coalition = directory_or_404(coalition_id, write=True)
    pending = _own_import(coalition, import_id)
    try:
        count = imports.confirm(coalition, pending, by=current_user)
    except imports.ImportFileError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(
            url_for("directory.import_preview", coalition_id=coalition.id, import_id=import_id)
        )
    db.session.commit()
    flash(_("%(count)d contacts imported.", count=count), "success")
    return redirect(url_for("directory.contacts", coalition_id=coalition.id))


@bp.route("/c/<int:coalition_id>/directory/import/<int:import_id>/cancel", methods=["POST"])
@login_required
def import_cancel(coalition_id, import_id):
    coalition = directory_or_404(coalition_id, write=True)
    pending = _own_import(coalition, import_id)
    imports.cancel(pending)
    db.session.commit()
    flash(_("Import cancelled: nothing was written."), "info")
    return redirect(url_for("directory.index", coalition_id=coalition.id))
