"""Commitment pages: the coalition's list (overdue, due soon, all), one commitment with its
timeline, recording and following up."""

from functools import cache
from types import SimpleNamespace

import sqlalchemy as sa
from flask import flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user, login_required

from coordination.coalitions.models import MEMBER
from coordination.db import read_rows
from coordination.directory import bp, commitments, guests_may_see
from coordination.directory.deadlines import STATUSES
from coordination.directory.forms import CommitmentForm, FollowUpForm
from coordination.directory.models import Commitment, Contact, Institution
from coordination.directory.operations import DirectoryError
from coordination.directory.views import _institution_choices, _page, _paged, directory_or_404
from coordination.extensions import db
from coordination.meetings.access import may_see
from coordination.timezone import local_today, to_local
from coordination.web.scoping import scoped_or_404

SECTION = 20


def _contact_choices(coalition_id: int):
    rows = db.session.execute(
        sa.select(Contact.id, Contact.name, Institution.name)
        .join(Institution, Institution.id == Contact.institution_id)
        .where(Contact.coalition_id == coalition_id, Contact.erased_at.is_(None))
        .order_by(Institution.name, Contact.name)
    )
    return [(0, _("— none —"))] + [(cid, f"{name} ({iname})") for cid, name, iname in rows]


def _meeting_choices(coalition_id: int, keep: int | None):
    choices = [(0, _("— none —"))]
    for meeting_id, starts_at, title in commitments.meeting_choices(coalition_id, keep):
        when = (
            format_date(to_local(starts_at).date(), "long") if starts_at else _("date to be chosen")
        )
        choices.append((meeting_id, f"{title or _('Meeting')} — {when}"))
    return choices


def _form(coalition, obj=None):
    form = CommitmentForm(obj=obj)
    form.institution_id.choices = _institution_choices(coalition.id)
    form.contact_id.choices = _contact_choices(coalition.id)
    form.meeting_id.choices = _meeting_choices(coalition.id, obj.meeting_id if obj else None)
    if request.method == "GET":
        if obj is not None:
            form.contact_id.data = obj.contact_id or 0
            form.meeting_id.data = obj.meeting_id or 0
        else:
            form.meeting_id.data = request.args.get("meeting", 0, type=int)
    return form


def _fields(form) -> dict:
    return {
        "institution_id": form.institution_id.data,
        "contact_id": form.contact_id.data or None,
        "promised_by": form.promised_by.data or "",
        "promised_on": form.promised_on.data,
        "context": form.context.data or "",
        "due_on": form.due_on.data,
        "details": form.details.data or "",
        "meeting_id": form.meeting_id.data or None,
    }


@bp.route("/c/<int:coalition_id>/commitments", endpoint="commitments")
@login_required
def commitments_index(coalition_id):
    coalition = directory_or_404(coalition_id)
    status = request.args.get("status") if request.args.get("status") in STATUSES else None
    institution_id = request.args.get("institution", type=int)
    when = request.args.get("when") if request.args.get("when") in ("overdue", "soon") else None
    page = _page()
    overdue = soon = None
    if not (status or institution_id or when) and page == 1:
        overdue = db.session.scalars(
            commitments.listing(coalition.id, when="overdue").limit(SECTION)
        ).all()
        soon = db.session.scalars(
            commitments.listing(coalition.id, when="soon").limit(SECTION)
        ).all()
    rows, has_next = _paged(
        commitments.listing(coalition.id, status=status, institution_id=institution_id, when=when),
        page,
    )
    return render_template(
        "directory/commitments.html",
        coalition=coalition,
        overdue=overdue,
        soon=soon,
        commitments=rows,
        page=page,
        has_next=has_next,
        filters={"status": status, "institution": institution_id, "when": when},
        institutions=_institution_choices(coalition.id),
        today=local_today(),
    )


@bp.route("/c/<int:coalition_id>/commitments/new", methods=["GET", "POST"])
@login_required
def new_commitment(coalition_id):
    coalition = directory_or_404(coalition_id, write=True)
    form = _form(coalition)
    if not form.institution_id.choices:
        flash(_("Add the institution to the directory first."), "info")
        return redirect(url_for("directory.new_institution", coalition_id=coalition.id))
    if request.method == "GET":
        form.promised_on.data = local_today()
        form.institution_id.data = request.args.get("institution", type=int)
    if form.validate_on_submit():
        try:
            commitment = commitments.create_commitment(
                coalition, by=current_user, title=form.title.data, **_fields(form)
            )
        except DirectoryError as error:
            form.institution_id.errors = [str(error)]
        else:
            db.session.commit()
            flash(_("Commitment recorded."), "success")
            return redirect(
                url_for(
                    "directory.commitment", coalition_id=coalition.id, commitment_id=commitment.id
                )
            )
    return (
        render_template(
            "directory/commitment_form.html", coalition=coalition, form=form, commitment=None
        ),
        400 if form.errors else 200,
    )


COMMITMENT_PAGE = (
    sa.orm.joinedload(Commitment.institution),
    sa.orm.joinedload(Commitment.contact),
    sa.orm.joinedload(Commitment.meeting),
)


def _page_context(coalition, item, form) -> dict:
    meeting = item.meeting
    return {
        "coalition": coalition,
        "commitment": item,
        "timeline": commitments.timeline(item),
        "form": form,
        "today": local_today(),
        # A guest association (where the coalition opens the directory to guests) sees the
        # meeting's name, and a link only to a meeting it is invited to.
        "meeting_link": meeting is not None
        and may_see(meeting, coalition, current_user.association_id),
    }


@bp.route("/c/<int:coalition_id>/commitments/<int:commitment_id>")
@login_required
def commitment(coalition_id, commitment_id):
    coalition = directory_or_404(coalition_id)
    item = scoped_or_404(Commitment, commitment_id, coalition, *COMMITMENT_PAGE)
    form = FollowUpForm(formdata=None)
    form.happened_on.data = local_today()
    return render_template("directory/commitment.html", **_page_context(coalition, item, form))


@bp.route("/c/<int:coalition_id>/commitments/<int:commitment_id>/edit", methods=["GET", "POST"])
@login_required
def edit_commitment(coalition_id, commitment_id):
    coalition = directory_or_404(coalition_id, write=True)
    item = scoped_or_404(Commitment, commitment_id, coalition)
    form = _form(coalition, obj=item)
    if form.validate_on_submit():
        try:
            commitments.update_commitment(
                item, by=current_user, title=form.title.data, **_fields(form)
            )
        except DirectoryError as error:
            form.institution_id.errors = [str(error)]
        else:
            db.session.commit()
            flash(_("Commitment saved."), "success")
            return redirect(
                url_for("directory.commitment", coalition_id=coalition.id, commitment_id=item.id)
            )
    return (
        render_template(
            "directory/commitment_form.html", coalition=coalition, form=form, commitment=item
        ),
        400 if form.errors else 200,
    )


@bp.route("/c/<int:coalition_id>/commitments/<int:commitment_id>/follow-up", methods=["POST"])
@login_required
def follow_up(coalition_id, commitment_id):
    coalition = directory_or_404(coalition_id, write=True)
    item = scoped_or_404(Commitment, commitment_id, coalition, *COMMITMENT_PAGE)
    form = FollowUpForm()
    if form.validate_on_submit():
        try:
            commitments.follow_up(
                item,
                by=current_user,
                note=form.note.data or "",
                happened_on=form.happened_on.data,
                new_status=form.new_status.data or None,
            )
        except DirectoryError as error:
            form.note.errors = [str(error)]
        else:
            db.session.commit()
            flash(_("Follow-up added to the timeline."), "success")
            return redirect(
                url_for("directory.commitment", coalition_id=coalition.id, commitment_id=item.id)
            )
    return render_template("directory/commitment.html", **_page_context(coalition, item, form)), 400


@cache
def _made_at_meeting_statement():
    return (
        sa.select(
            Commitment.id,
            Commitment.title,
            Commitment.promised_by,
            Commitment.promised_on,
            Commitment.due_on,
            Commitment.status,
            Institution.name.label("institution_name"),
        )
        .join(Institution, Institution.id == Commitment.institution_id)
        .where(Commitment.meeting_id == sa.bindparam("meeting_id", type_=sa.Integer))
        .order_by(Commitment.promised_on, Commitment.id)
    )


def meeting_section(coalition, meeting) -> dict | None:
    """The meeting page's list of commitments made there, for those who see the directory
    (members; guests where the coalition decided so). One lean query: the rows carry just
    what directory/_commitment_rows.html shows."""
    if coalition.viewer_role != MEMBER and not guests_may_see(coalition):
        return None
    rows = [
        SimpleNamespace(**row._mapping, institution=SimpleNamespace(name=row.institution_name))
        for row in read_rows(_made_at_meeting_statement(), {"meeting_id": meeting.id})
    ]
    return {
        "coalition": coalition,
        "meeting": meeting,
        "rows": rows,
        "today": local_today(),
        "may_record": coalition.viewer_role == MEMBER,
    }
