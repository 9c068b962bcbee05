"""Contact pages: the only page showing a contact's direct details
(each display logged: privacy.py), its access log, editing, "still valid", erasure."""

from functools import partial

import sqlalchemy as sa
from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from coordination.coalitions.models import MEMBER
from coordination.db import write_transaction
from coordination.directory import bp, operations, reads
from coordination.directory.extras import extra
from coordination.directory.forms import EraseForm
from coordination.directory.freshness import stale_since
from coordination.directory.models import Contact, Institution
from coordination.directory.pages import PAGE, directory_or_404, institution_first
from coordination.extensions import db
from coordination.web.confirm import Confirmation, confirm_then
from coordination.web.paging import page_of
from coordination.web.scoping import refuse, scoped_or_404
from coordination.web.writes import form_page, form_values, perform, submit_then

# --- contacts ---------------------------------------------------------------------------


def _contact_url(coalition, contact_id: int) -> str:
    return url_for("directory.contact", coalition_id=coalition.id, contact_id=contact_id)


def _contact_fields(form) -> dict:
    """The operation's values from the contact form, the institution chosen included."""
    fields = form_values(form, "institution_id", *operations.CONTACT_FIELDS)
    fields["office_id"] = fields["office_id"] or None
    return fields


def _institution_of(coalition, institution_id: int) -> Institution:
    """The institution chosen in the contact form, which must be the coalition's (else 404)."""
    return scoped_or_404(Institution, institution_id, coalition)


def _contact_with_institution(coalition, contact_id: int) -> Contact:
    return scoped_or_404(Contact, contact_id, coalition, sa.orm.joinedload(Contact.institution))


def _contact_form(coalition, obj=None):
    from coordination.directory.forms import ContactForm

    form = ContactForm(obj=obj)
    form.institution_id.choices = reads.institution_choices(coalition.id)
    form.office_id.choices = reads.office_choices(coalition.id)
    if request.method == "GET":
        if obj is not None:
            form.office_id.data = obj.office_id or 0
        else:  # a new contact: maybe at the institution or office it is added from
            form.institution_id.data = request.args.get("institution", type=int)
            form.office_id.data = request.args.get("office", 0, type=int)
    return form


@bp.route("/c/<int:coalition_id>/directory/contacts/new", methods=["GET", "POST"])
@login_required
def new_contact(coalition_id):
    coalition = directory_or_404(coalition_id, write=True)
    form = _contact_form(coalition)
    if missing := institution_first(
        coalition, form, _("Add the institution first, then its contacts.")
    ):
        return missing
    create = partial(_create_contact, coalition, by=current_user, **_contact_fields(form))
    if answer := submit_then(
        form,
        create,
        field="office_id",
        done=_("Contact added."),
        then=lambda contact: _contact_url(coalition, contact.id),
    ):
        return answer
    return form_page("directory/contact_form.html", form, coalition=coalition, contact=None)


def _create_contact(coalition, *, institution_id: int, **fields) -> Contact:
    return operations.create_contact(
        coalition, _institution_of(coalition, institution_id), **fields
    )


def _update_contact(coalition, person, *, institution_id: int, **fields) -> Contact:
    institution = _institution_of(coalition, institution_id)
    return operations.update_contact(person, institution_id=institution.id, **fields)


@bp.route("/c/<int:coalition_id>/directory/contacts/<int:contact_id>")
@login_required
def contact(coalition_id, contact_id):
    """The only page showing a contact's direct details; each display is logged."""
    coalition = directory_or_404(coalition_id, details=True)
    person = reads.contact_details(coalition.id, contact_id)
    if person is None:
        refuse(f"Contact {contact_id} outside coalition {coalition.id}")
    # Not `perform`, deliberately: this is a reading page whose one write, the access-log
    # entry, must be committed before the details are even rendered (GDPR: no display
    # unlogged), in a short transaction of its own that takes SQLite's write lock only for
    # that INSERT; the rest of the page reads without holding it (db.write_transaction).
    with write_transaction(db.session):
        operations.record_view(person, by=current_user)
    accesses = reads.access_log(person.id, limit=reads.ACCESS_SHOWN + 1)
    page = render_template(
        "directory/contact.html",
        coalition=coalition,
        contact=person,
        accesses=accesses[: reads.ACCESS_SHOWN],
        more_accesses=len(accesses) > reads.ACCESS_SHOWN,
        situations=extra("contact_situations", coalition, person, default=""),
        commitments=extra("contact_commitments", person.id, default=[]),
        campaigns=extra("contact_campaigns", person.id, default=[]),
        stale_on=stale_since(person.last_checked_on, coalition.stale_contact_months),
        is_member=coalition.viewer_role == MEMBER,
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
    person = _contact_with_institution(coalition, contact_id)
    return render_template(
        "directory/contact_accesses.html",
        coalition=coalition,
        contact=person,
        **page_of(partial(reads.access_log, person.id), PAGE, "accesses"),
    )


@bp.route("/c/<int:coalition_id>/directory/contacts/<int:contact_id>/edit", methods=["GET", "POST"])
@login_required
def edit_contact(coalition_id, contact_id):
    coalition = directory_or_404(coalition_id, write=True, details=True)
    person = scoped_or_404(Contact, contact_id, coalition)
    if person.erased:
        abort(404)
    form = _contact_form(coalition, obj=person)
    save = partial(_update_contact, coalition, person, by=current_user, **_contact_fields(form))
    if answer := submit_then(
        form,
        save,
        field="office_id",
        done=_("Contact saved."),
        then=lambda _saved: _contact_url(coalition, contact_id),
    ):
        return answer
    return form_page("directory/contact_form.html", form, coalition=coalition, contact=person)


@bp.route("/c/<int:coalition_id>/directory/contacts/<int:contact_id>/check", methods=["POST"])
@login_required
def check_contact(coalition_id, contact_id):
    coalition = directory_or_404(coalition_id, write=True)
    person = scoped_or_404(Contact, contact_id, coalition)
    if perform(operations.confirm_contact, person, by=current_user):
        flash(_("Thank you: the contact is marked as checked today."), "success")
    return redirect(_contact_url(coalition, contact_id))


@bp.route(
    "/c/<int:coalition_id>/directory/contacts/<int:contact_id>/erase", methods=["GET", "POST"]
)
@login_required
def erase_contact(coalition_id, contact_id):
    """Erasure on request, after the shared confirmation page (with its tick box)."""
    coalition = directory_or_404(coalition_id, write=True)
    person = _contact_with_institution(coalition, contact_id)
    if person.erased:
        return redirect(_contact_url(coalition, contact_id))
    confirmation = Confirmation(
        title=_("Erase the contact %(name)s on request?", name=person.name),
        happens=[
            _(
                "The name, role, phone, e-mail, what they can unblock, their hours and notes "
                "are deleted, and the contact leaves the search."
            ),
            _(
                "What was written in the steps of the situations followed through them is "
                "deleted too (the situations and their outcome stay)."
            ),
            _("A trace remains: “erased on this date by your association”."),
        ],
        cannot_undo=_("the erased details are deleted for good; nobody can get them back."),
        button=_("Erase for good"),
        back=_contact_url(coalition, contact_id),
        danger=True,
        fields=("confirm",),
    )
    return confirm_then(
        confirmation,
        EraseForm(),
        operations.erase_contact,
        person,
        by=current_user,
        done=_("The contact's personal data is erased. A trace of the erasure remains."),
        then=_contact_url(coalition, contact_id),
    )
