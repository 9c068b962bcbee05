"""Commitment pages: the coalition's list (overdue, due soon, all), one commitment with its
timeline, recording and following up. The URLs are those they had inside the directory.

Members and (where the coalition opens its directory to guests) guest associations see
them, as the directory; only members record and follow up.
"""

from functools import partial

from flask import flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user, login_required

from coordination.coalitions.models import MEMBER
from coordination.commitments import bp, operations, reads
from coordination.commitments.deadlines import STATUSES
from coordination.commitments.forms import CommitmentForm, FollowUpForm
from coordination.commitments.models import Commitment
from coordination.directory import reads as directory
from coordination.directory.pages import (
    PAGE,
    directory_or_404,
    institution_first,
    may_see_directory,
    page_number,
    rows_of,
)
from coordination.meetings.access import may_see
from coordination.timezone import local_today, to_local
from coordination.web.paging import choice_arg, list_page
from coordination.web.scoping import scoped_or_404
from coordination.web.writes import form_page, form_values, submit_then, submitted

SECTION = 20


def _meeting_choices(coalition_id: int, keep: int | None):
    choices = [(0, _("— none —"))]
    for meeting_id, starts_at, title in reads.meeting_choices(coalition_id, keep):
        when = (
            format_date(to_local(starts_at).date(), "long") if starts_at else _("date to be chosen")
        )
        choices.append((meeting_id, f"{title or _('Meeting')} — {when}"))
    return choices


def _form(coalition, obj=None):
    form = CommitmentForm(obj=obj)
    form.institution_id.choices = directory.institution_choices(coalition.id)
    form.contact_id.choices = directory.contact_choices(coalition.id)
    form.meeting_id.choices = _meeting_choices(coalition.id, obj.meeting_id if obj else None)
    if request.method == "GET":
        if obj is not None:
            form.contact_id.data = obj.contact_id or 0
            form.meeting_id.data = obj.meeting_id or 0
        else:  # a new commitment: made today, maybe at the institution or meeting it is from
            form.promised_on.data = local_today()
            form.institution_id.data = request.args.get("institution", type=int)
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


def _commitment_url(coalition, commitment) -> str:
    return url_for("commitments.commitment", coalition_id=coalition.id, commitment_id=commitment.id)


@bp.route("/c/<int:coalition_id>/commitments", endpoint="index")
@login_required
def commitments_index(coalition_id):
    coalition = directory_or_404(coalition_id)
    status = choice_arg("status", STATUSES)
    institution_id = request.args.get("institution", type=int)
    when = choice_arg("when", ("overdue", "soon"))
    page = page_number()
    overdue = soon = None
    if not (status or institution_id or when) and page == 1:
        overdue = reads.first_of(coalition.id, "overdue", SECTION)
        soon = reads.first_of(coalition.id, "soon", SECTION)
    stmt = reads.listing(coalition.id, status=status, institution_id=institution_id, when=when)
    return list_page(
        "commitments/commitments.html",
        partial(rows_of, stmt),
        PAGE,
        "commitments",
        coalition=coalition,
        overdue=overdue,
        soon=soon,
        filters={"status": status, "institution": institution_id, "when": when},
        institutions=directory.institution_choices(coalition.id),
        today=local_today(),
    )


def _save(coalition, form, operation, target, done: str):
    """Create or update (`operation`) from the posted form: `done` and the redirect to the
    commitment saved; None when not posted, invalid or refused (the form is shown again)."""
    save = partial(operation, target, by=current_user, title=form.title.data, **_fields(form))
    return submit_then(
        form, save, field="institution_id", done=done, then=partial(_commitment_url, coalition)
    )


@bp.route("/c/<int:coalition_id>/commitments/new", methods=["GET", "POST"], endpoint="new")
@login_required
def new_commitment(coalition_id):
    coalition = directory_or_404(coalition_id, write=True)
    form = _form(coalition)
    if missing := institution_first(
        coalition, form, _("Add the institution to the directory first.")
    ):
        return missing
    done = _("Commitment recorded.")
    if saved := _save(coalition, form, operations.create_commitment, coalition, done):
        return saved
    return form_page("commitments/commitment_form.html", form, coalition=coalition, commitment=None)


def _page_context(coalition, item, form) -> dict:
    meeting = item.meeting
    return {
        "coalition": coalition,
        "commitment": item,
        "timeline": reads.timeline(item),
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
    item = scoped_or_404(Commitment, commitment_id, coalition, *reads.COMMITMENT_PAGE)
    form = FollowUpForm(formdata=None)
    form.happened_on.data = local_today()
    return render_template("commitments/commitment.html", **_page_context(coalition, item, form))


@bp.route(
    "/c/<int:coalition_id>/commitments/<int:commitment_id>/edit",
    methods=["GET", "POST"],
    endpoint="edit",
)
@login_required
def edit_commitment(coalition_id, commitment_id):
    coalition = directory_or_404(coalition_id, write=True)
    item = scoped_or_404(Commitment, commitment_id, coalition)
    form = _form(coalition, obj=item)
    done = _("Commitment saved.")
    if saved := _save(coalition, form, operations.update_commitment, item, done):
        return saved
    return form_page("commitments/commitment_form.html", form, coalition=coalition, commitment=item)


@bp.route("/c/<int:coalition_id>/commitments/<int:commitment_id>/follow-up", methods=["POST"])
@login_required
def follow_up(coalition_id, commitment_id):
    coalition = directory_or_404(coalition_id, write=True)
    item = scoped_or_404(Commitment, commitment_id, coalition, *reads.COMMITMENT_PAGE)
    form = FollowUpForm(commitment=item)
    fields = form_values(form, "happened_on", "new_due_on")
    fields.update(note=form.note.data or "", new_status=form.new_status.data or None)
    outcome = submitted(form, operations.follow_up, item, field="note", by=current_user, **fields)
    if outcome:
        flash(_("Follow-up added to the timeline."), "success")
        return redirect(_commitment_url(coalition, item))
    if outcome.error is not None:
        # The refusal rolled the session back, expiring what was loaded: load it again.
        item = scoped_or_404(Commitment, commitment_id, coalition, *reads.COMMITMENT_PAGE)
    return (
        render_template("commitments/commitment.html", **_page_context(coalition, item, form)),
        400,
    )


def meeting_section(coalition, meeting) -> dict | None:
    """The meeting page's list of commitments made there, for those who see the directory
    (members; guests where the coalition decided so). One lean query: the rows carry just
    what commitments/_commitment_rows.html shows."""
    if not may_see_directory(coalition.viewer_role, coalition):
        return None
    return {
        "coalition": coalition,
        "meeting": meeting,
        "rows": reads.made_at_meeting(meeting.id),
        "today": local_today(),
        "may_record": coalition.viewer_role == MEMBER,
    }
