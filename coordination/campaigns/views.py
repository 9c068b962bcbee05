"""Campaign pages: the list, a new campaign, its page (the timeline), editing, its targets,
who takes part and the collective decisions of launch and closing.

Members and (where the coalition opens its directory to guests, since a campaign is
built on it) guest associations see the campaigns; member delegates change them; a guest
association joins or leaves one.
"""

from functools import partial

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from coordination.campaigns import bp, operations, reads, steps, timeline
from coordination.campaigns.forms import (
    ActionTypeForm,
    ButtonForm,
    CampaignEditForm,
    CampaignForm,
    CloseForm,
    LaunchForm,
    StatementForm,
    TargetForm,
)
from coordination.campaigns.models import Campaign, CampaignTarget
from coordination.coalitions.models import MEMBER
from coordination.directory import reads as directory
from coordination.directory.pages import directory_or_404, institution_first
from coordination.timezone import local_today
from coordination.web.scoping import scoped_or_404
from coordination.web.writes import (
    form_page,
    perform,
    posted_values,
    submit_then,
    submitted,
)


def load(coalition_id: int, campaign_id: int, *, write: bool = False, page: bool = False):
    coalition = directory_or_404(coalition_id, write=write)
    options = reads.CAMPAIGN_PAGE if page else ()
    return coalition, scoped_or_404(Campaign, campaign_id, coalition, *options)


def campaign_url(coalition, campaign_id: int, anchor: str | None = None) -> str:
    return url_for(
        "campaigns.show", coalition_id=coalition.id, campaign_id=campaign_id, _anchor=anchor
    )


def campaign_page(coalition):
    """Where a campaign form goes once committed: the page of the campaign it returned."""
    return lambda campaign: campaign_url(coalition, campaign.id)


def back_to_campaign(coalition, campaign, anchor: str | None = None):
    """Where a form about `campaign` goes once committed, whatever it returned: its page."""
    return lambda _result: campaign_url(coalition, campaign.id, anchor)


def to_campaign(coalition, campaign_id: int, anchor: str | None = None):
    return redirect(campaign_url(coalition, campaign_id, anchor))


def target_choices(form, coalition):
    """`form` with the coalition's institutions and contacts to choose from."""
    form.institution_id.choices = directory.institution_choices(coalition.id)
    form.contact_id.choices = directory.contact_choices(coalition.id)  # "none" first
    return form


def statement_choices(form, campaign):
    """`form` with the statements that may be attached to the campaign."""
    form.statement_id.choices = reads.statement_choices(campaign)
    return form


def chosen_kinds() -> list[str]:
    known = {kind for kind, _label in timeline.timeline_kinds()}
    return [k for k in request.args.getlist("kind") if k in known]


@bp.route("/c/<int:coalition_id>/campaigns", endpoint="index")
@login_required
def campaigns_index(coalition_id):
    return index_page(directory_or_404(coalition_id), ActionTypeForm(formdata=None))


def index_page(coalition, type_form):
    return render_template(
        "campaigns/index.html",
        coalition=coalition,
        campaigns=reads.summaries([coalition.id], local_today()),
        type_form=type_form,
        action_types=reads.action_types(coalition.id),
    )


def _campaign_fields(form) -> dict:
    return {
        "name": form.name.data,
        "demand": form.demand.data,
        "description": form.description.data or "",
    }


def _target_fields(form) -> dict:
    """The institution aimed at, and maybe a contact there with their role."""
    return {
        "institution_id": form.institution_id.data,
        "contact_id": form.contact_id.data or None,
        "role": form.role.data or "",
    }


@bp.route("/c/<int:coalition_id>/campaigns/new", methods=["GET", "POST"], endpoint="new")
@login_required
def new_campaign(coalition_id):
    coalition = directory_or_404(coalition_id, write=True)
    form = CampaignForm()
    target_choices(form, coalition)
    if missing := institution_first(
        coalition, form, _("Add the institution to the directory first.")
    ):
        return missing
    fields = {**_campaign_fields(form), **_target_fields(form)}
    create = partial(operations.create_campaign, coalition, by=current_user, **fields)
    done = _("Campaign created, in preparation. Propose its launch when ready.")
    if answer := submit_then(
        form, create, field="institution_id", done=done, then=campaign_page(coalition)
    ):
        return answer
    return form_page("campaigns/form.html", form, coalition=coalition, campaign=None)


@bp.route("/c/<int:coalition_id>/campaigns/<int:campaign_id>")
@login_required
def show(coalition_id, campaign_id):
    coalition, campaign = load(coalition_id, campaign_id, page=True)
    return show_page(coalition, campaign)


def show_page(coalition, campaign, *, target_form=None, statement_form=None):
    """The campaign's page; a refused target or statement form is shown again as typed."""
    today = local_today()
    kinds = chosen_kinds()
    if statement_form is None:
        statement_form = StatementForm(formdata=None)
        statement_form.statement_id.choices = (
            reads.statement_choices(campaign) if coalition.viewer_role == MEMBER else []
        )
    if target_form is None:
        target_form = TargetForm(formdata=None)
        target_choices(target_form, coalition)
    return render_template(
        "campaigns/show.html",
        coalition=coalition,
        campaign=campaign,
        entries=timeline.compose(campaign, today, kinds),
        kinds=timeline.timeline_kinds(),
        chosen=kinds,
        today=today,
        participants=reads.participants(campaign),
        decision=operations.open_decision_of(campaign),
        statement_form=statement_form,
        target_form=target_form,
        button=ButtonForm(formdata=None),
        is_member=coalition.viewer_role == MEMBER,
    )


@bp.route(
    "/c/<int:coalition_id>/campaigns/<int:campaign_id>/edit",
    methods=["GET", "POST"],
    endpoint="edit",
)
@login_required
def edit_campaign(coalition_id, campaign_id):
    coalition, campaign = load(coalition_id, campaign_id, write=True)
    form = CampaignEditForm(obj=campaign)
    save = partial(operations.update_campaign, campaign, by=current_user, **_campaign_fields(form))
    done = _("Campaign saved.")
    if answer := submit_then(form, save, field="name", done=done, then=campaign_page(coalition)):
        return answer
    return form_page("campaigns/form.html", form, coalition=coalition, campaign=campaign)


@bp.route("/c/<int:coalition_id>/campaigns/<int:campaign_id>/targets", methods=["POST"])
@login_required
def add_target(coalition_id, campaign_id):
    return page_form(coalition_id, campaign_id, "target")


# The forms posted from the campaign's page (adding a target, attaching a statement): the
# keyword show_page shows it under, how it is made, its operation and the operation's values
# from the form, the field a refusal shows on, what the user is told and where the page
# goes back to.
PAGE_FORMS = {
    "target": (
        "target_form",
        lambda coalition, _campaign: target_choices(TargetForm(), coalition),
        operations.add_target,
        _target_fields,
        "institution_id",
        _l("Target added."),
        "targets-h",
    ),
    "statement": (
        "statement_form",
        lambda _coalition, campaign: statement_choices(StatementForm(), campaign),
        steps.attach_statement,
        posted_values,  # its one field, statement_id
        "statement_id",
        _l("Statement attached to the campaign."),
        "timeline-h",
    ),
}


def page_form(coalition_id, campaign_id, which: str):
    """Post one of the campaign page's PAGE_FORMS: its operation, the message and back to
    the page; or the page again (400) with the form as typed and its messages, the campaign
    loaded again after a refusal (the rollback expired what was loaded)."""
    name, make_form, operation, values, field, done, anchor = PAGE_FORMS[which]
    coalition, campaign = load(coalition_id, campaign_id, write=True, page=True)
    form = make_form(coalition, campaign)
    outcome = submitted(form, operation, campaign, field=field, by=current_user, **values(form))
    if outcome:
        flash(str(done), "success")
        return to_campaign(coalition, campaign.id, anchor)
    if outcome.error is not None:
        coalition, campaign = load(coalition_id, campaign_id, write=True, page=True)
    return show_page(coalition, campaign, **{name: form}), 400


@bp.route(
    "/c/<int:coalition_id>/campaigns/<int:campaign_id>/targets/<int:campaign_target_id>/remove",
    methods=["POST"],
)
@login_required
def remove_target(coalition_id, campaign_id, campaign_target_id):
    coalition, campaign = load(coalition_id, campaign_id, write=True)
    target = scoped_or_404(CampaignTarget, campaign_target_id, coalition)
    if target.campaign_id != campaign.id:
        abort(404)
    if ButtonForm().validate_on_submit() and perform(
        operations.remove_target, target, by=current_user
    ):
        flash(_("Target removed."), "success")
    return to_campaign(coalition, campaign.id, "targets-h")


# --- who takes part, suspend and resume: one button each ----------------------------------

BUTTONS = {
    "join": (operations.join, False, _l("Your association takes part in the campaign.")),
    "leave": (operations.leave, False, _l("Your association no longer takes part.")),
    "suspend": (operations.suspend, True, _l("Campaign suspended.")),
    "resume": (operations.resume, True, _l("Campaign resumed.")),
}


@bp.route(
    "/c/<int:coalition_id>/campaigns/<int:campaign_id>/<any(join, leave, suspend, resume):what>",
    methods=["POST"],
)
@login_required
def button(coalition_id, campaign_id, what):
    operation, write, message = BUTTONS[what]
    coalition, campaign = load(coalition_id, campaign_id, write=write)
    if ButtonForm().validate_on_submit() and perform(operation, campaign, by=current_user):
        flash(str(message), "success")
    return to_campaign(coalition, campaign.id)


# --- the collective decisions ---------------------------------------------------------------


# What each proposal asks: its form, its operation, the form field the operation's values
# come from and where a refusal shows, its page, and what the proposer is told.
PROPOSALS = {
    "launch": (
        LaunchForm,
        operations.propose_launch,
        "started_on",
        "campaigns/launch.html",
        _l("Launch proposed: each member association now answers."),
    ),
    "close": (
        CloseForm,
        operations.propose_closing,
        "outcome",
        "campaigns/close.html",
        _l("Closing proposed: each member association now answers."),
    ),
}


@bp.route(
    "/c/<int:coalition_id>/campaigns/<int:campaign_id>/<any(launch, close):proposal>",
    methods=["GET", "POST"],
)
@login_required
def propose(coalition_id, campaign_id, proposal):
    """Propose the launch or the closing to the member associations (a consent decision)."""
    form_class, operation, field, template, message = PROPOSALS[proposal]
    coalition, campaign = load(coalition_id, campaign_id, write=True)
    form = form_class()
    proposed = partial(operation, campaign, by=current_user, **posted_values(form))
    then = partial(_decision_url, coalition)
    if answer := submit_then(form, proposed, field=field, done=str(message), then=then):
        return answer
    return form_page(template, form, coalition=coalition, campaign=campaign)


def _decision_url(coalition, decision) -> str:
    return url_for("consent.detail", coalition_id=coalition.id, decision_id=decision.id)


@bp.route("/c/<int:coalition_id>/campaigns/action-types", methods=["POST"])
@login_required
def add_action_type(coalition_id):
    coalition = directory_or_404(coalition_id, write=True)
    form = ActionTypeForm()
    add = partial(steps.add_action_type, coalition, by=current_user, name=form.name.data)
    done = _("Kind of action added.")
    if answer := submit_then(
        form, add, field="name", done=done, then=lambda _added: _index_url(coalition)
    ):
        return answer
    return index_page(coalition, form), 400


def _index_url(coalition) -> str:
    return url_for("campaigns.index", coalition_id=coalition.id)
