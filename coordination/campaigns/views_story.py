"""A campaign's story: recording its steps (negotiation meetings, actions) and promises,
attaching statements, and the story on paper (page and PDF) and in calendars."""

from functools import partial

from flask import Response, request
from flask_babel import gettext as _
from flask_login import current_user, login_required

from coordination.campaigns import bp, calendar, reads, steps, timeline
from coordination.campaigns.forms import PromiseForm, step_form
from coordination.campaigns.labels import ACTION_TYPE_LABELS
from coordination.campaigns.models import ACTION, NEGOTIATION, CampaignStep
from coordination.campaigns.views import back_to_campaign, load, page_form
from coordination.directory import reads as directory
from coordination.extensions import db
from coordination.timezone import local_today
from coordination.web.pages import on_paper
from coordination.web.writes import form_page, form_values, submit_then


def _step_form(coalition, campaign, kind, participants):
    form = step_form(participants, kind)
    form.institution_id.choices = [(0, _("— none —"))] + directory.institution_choices(coalition.id)
    if kind == ACTION:
        form.action_type.choices = [(code, label) for code, label in ACTION_TYPE_LABELS.items()]
        form.action_type.choices += [(v, name) for v, _id, name in reads.action_types(coalition.id)]
    if request.method == "GET":
        form.on.data = local_today()
        if kind == NEGOTIATION and campaign.targets:
            form.institution_id.data = campaign.targets[0].institution_id
    return form


@bp.route(
    "/c/<int:coalition_id>/campaigns/<int:campaign_id>/<any(negotiation, action):kind>/new",
    methods=["GET", "POST"],
    endpoint="new_step",
)
@login_required
def new_step(coalition_id, campaign_id, kind):
    coalition, campaign = load(coalition_id, campaign_id, write=True, page=True)
    participants = reads.participants(campaign)
    form = _step_form(coalition, campaign, kind, participants)
    record = partial(_record, campaign, kind=kind, form_data=form, participants=participants)
    done = _("Step added to the campaign's story.")
    then = back_to_campaign(coalition, campaign, "timeline-h")
    if answer := submit_then(form, record, field="title", done=done, then=then):
        return answer
    return form_page(
        "campaigns/step_form.html", form, coalition=coalition, campaign=campaign, kind=kind
    )


def _record(campaign, *, kind, form_data, participants):
    """Record the step and its promise, as one change (both or neither)."""
    form = form_data
    step = steps.record_step(
        campaign,
        by=current_user,
        kind=kind,
        on=form.on.data,
        at=form.at.data,
        title=form.title.data,
        text=form.text.data or "",
        met=form.met.data or "",
        place=form.place.data or "",
        links=form.links.data or "",
        institution_id=form.institution_id.data or None,
        action_type=form.action_type.data if kind == ACTION else None,
        delegations={p.id: form[f"went_{p.id}"].data or "" for p in participants},
    )
    if (form.promise.data or "").strip():
        steps.promise(
            campaign,
            by=current_user,
            title=form.promise.data,
            institution_id=form.institution_id.data,
            promised_on=form.on.data,
            step=step,
            due_on=form.promise_due_on.data,
            promised_by=form.met.data or "",
        )
    return step


@bp.route("/c/<int:coalition_id>/campaigns/<int:campaign_id>/promises/new", methods=["GET", "POST"])
@login_required
def new_promise(coalition_id, campaign_id):
    coalition, campaign = load(coalition_id, campaign_id, write=True, page=True)
    form = PromiseForm()
    form.institution_id.choices = directory.institution_choices(coalition.id)
    form.step_id.choices = [(0, _("— none —"))] + reads.negotiation_choices(campaign)
    if request.method == "GET":
        form.promised_on.data = local_today()
        if campaign.targets:
            form.institution_id.data = campaign.targets[0].institution_id
    fields = form_values(form, "title", "institution_id", "promised_on", "due_on", "step_id")
    fields["promised_by"] = form.promised_by.data or ""
    promise = partial(_promise, campaign, by=current_user, **fields)
    done = _("Promise recorded: follow it up from the campaign's story.")
    then = back_to_campaign(coalition, campaign, "timeline-h")
    if answer := submit_then(form, promise, field="title", done=done, then=then):
        return answer
    return form_page("campaigns/promise_form.html", form, coalition=coalition, campaign=campaign)


def _promise(campaign, *, step_id: int, **fields):
    """A promise, made at the negotiation `step_id` if one was chosen."""
    step = db.session.get(CampaignStep, step_id) if step_id else None
    return steps.promise(campaign, step=step, **fields)


@bp.route("/c/<int:coalition_id>/campaigns/<int:campaign_id>/statements", methods=["POST"])
@login_required
def attach_statement(coalition_id, campaign_id):
    return page_form(coalition_id, campaign_id, "statement")


# --- on paper and in calendars ----------------------------------------------------------------


def _story(coalition, campaign) -> dict:
    today = local_today()
    return {
        "coalition": coalition,
        "campaign": campaign,
        "entries": timeline.compose(campaign, today),
        "participants": reads.participants(campaign),
        "today": today,
    }


@bp.route("/c/<int:coalition_id>/campaigns/<int:campaign_id>/print")
@login_required
def print_story(coalition_id, campaign_id):
    return _on_paper(coalition_id, campaign_id, pdf=False)


@bp.route("/c/<int:coalition_id>/campaigns/<int:campaign_id>/story.pdf")
@login_required
def story_pdf(coalition_id, campaign_id):
    return _on_paper(coalition_id, campaign_id, pdf=True)


def _on_paper(coalition_id, campaign_id, *, pdf: bool):
    """The story to print, or (`pdf`) the same as a PDF file."""
    coalition, campaign = load(coalition_id, campaign_id, page=True)
    filename = f"campagne-{campaign.id}.pdf" if pdf else None
    return on_paper("campaigns/print.html", filename, **_story(coalition, campaign))


@bp.route("/c/<int:coalition_id>/campaigns/<int:campaign_id>/calendar.ics")
@login_required
def calendar_file(coalition_id, campaign_id):
    coalition, campaign = load(coalition_id, campaign_id)
    today = local_today()
    ahead = timeline.steps_ahead(timeline.compose(campaign, today), today)
    body = calendar.calendar_of_campaign(coalition, campaign, ahead)
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'attachment; filename="campagne-{campaign.id}.ics"'
    return response
