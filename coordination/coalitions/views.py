"""Home page, coalition pages, proposals that open collective decisions, the log."""

from functools import partial
from types import SimpleNamespace

import sqlalchemy as sa
from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from coordination.coalitions import bp, operations, reads
from coordination.coalitions.forms import AdmissionForm, CoalitionForm, RemovalForm, SettingsForm
from coordination.coalitions.models import Association
from coordination.coalitions.transparency import action_label
from coordination.db import utcnow
from coordination.extensions import db
from coordination.web.paging import page_of
from coordination.web.panels import home_panels
from coordination.web.scoping import coalition_or_404
from coordination.web.todo import todo_list
from coordination.web.writes import form_values, perform

LOG_PAGE = 50


@bp.route("/")
@login_required
def home():
    coalitions = operations.coalitions_of(current_user.association_id)
    now = utcnow()
    return render_template(
        "coalitions/home.html",
        coalitions=coalitions,
        todo=todo_list(current_user, coalitions, now),
        coalition_names={c.id: c.name for c in coalitions},
        now=now,
        panels=home_panels(current_user, coalitions),
    )


@bp.route("/coalitions/new", methods=["GET", "POST"])
@login_required
def new():
    form = CoalitionForm()
    if form.validate_on_submit():
        coalition = perform(
            operations.create_coalition,
            form.name.data,
            [current_user.association],
            territory=form.territory.data or "",
            description=form.description.data or "",
            by=current_user,
        ).value
        flash(_("The coalition is created. Propose other associations to join it."), "success")
        return redirect(url_for("coalitions.show", coalition_id=coalition.id))
    return render_template("coalitions/new.html", form=form)


@bp.route("/c/<int:coalition_id>")
@login_required
def show(coalition_id):
    coalition = coalition_or_404(coalition_id, allow_guest=True)
    return render_template(
        "coalitions/show.html",
        coalition=coalition,
        memberships=operations.membership_rows(coalition.id),
        open_decisions=reads.open_decisions(coalition.id),
        recent=reads.log_page(coalition.id, offset=0, limit=8),
        action_label=action_label,
    )


@bp.route("/c/<int:coalition_id>/log")
@login_required
def log(coalition_id):
    coalition = coalition_or_404(coalition_id)
    return render_template(
        "coalitions/log.html",
        coalition=coalition,
        action_label=action_label,
        **page_of(partial(reads.log_page, coalition.id), LOG_PAGE, "entries"),
    )


@bp.route("/c/<int:coalition_id>/members/propose", methods=["GET", "POST"])
@login_required
def propose_admission(coalition_id):
    coalition = coalition_or_404(coalition_id)
    form = AdmissionForm()
    present = {m.association_id for m in operations.active_memberships(coalition.id)}
    others = db.session.scalars(sa.select(Association).order_by(Association.name)).all()
    form.association_id.choices = [(0, _("— a new association —"))] + [
        (a.id, a.name) for a in others if a.id not in present
    ]
    if form.validate_on_submit():
        association = (
            db.session.get(Association, form.association_id.data)
            if form.association_id.data
            else None
        )
        new = (
            None
            if association
            else {
                key: (getattr(form, key).data or "").strip()
                for key in ("name", "short_name", "address", "delegate_name", "delegate_email")
            }
        )
        outcome = perform(
            operations.propose_admission,
            coalition,
            by=current_user,
            role=form.role.data,
            association=association,
            new=new,
            reason=form.reason.data,
            form=form,
            field="association_id",
        )
        if outcome:
            decision = outcome.value
            flash(_("Proposal sent to every member association for their answer."), "success")
            return redirect(
                url_for("consent.detail", coalition_id=coalition.id, decision_id=decision.id)
            )
    return render_template("coalitions/propose_admission.html", coalition=coalition, form=form)


@bp.route("/c/<int:coalition_id>/members/<int:association_id>/remove", methods=["GET", "POST"])
@login_required
def propose_removal(coalition_id, association_id):
    coalition = coalition_or_404(coalition_id)
    membership = operations.membership_of(coalition.id, association_id)
    if membership is None:
        return render_template("errors/error.html", code=404), 404
    form = RemovalForm()
    if form.validate_on_submit():
        decision = perform(
            operations.propose_removal,
            coalition,
            membership.association,
            by=current_user,
            reason=form.reason.data,
        ).value
        flash(_("Proposal sent to every member association for their answer."), "success")
        return redirect(
            url_for("consent.detail", coalition_id=coalition.id, decision_id=decision.id)
        )
    return render_template(
        "coalitions/propose_removal.html", coalition=coalition, membership=membership, form=form
    )


def retention_periods(coalition) -> SimpleNamespace:
    """Each retention period in words, as the job applies them (accounts/retention.py)."""

    def months(n):
        return ngettext("%(num)d month", "%(num)d months", n)

    days = current_app.config["LOGIN_EVENT_DAYS"]
    return SimpleNamespace(
        access_logs=months(coalition.access_log_months),
        notifications=months(coalition.notification_months),
        login_events=ngettext("%(num)d day", "%(num)d days", days),
    )


@bp.route("/c/<int:coalition_id>/settings", methods=["GET", "POST"])
@login_required
def settings(coalition_id):
    coalition = coalition_or_404(coalition_id)
    form = SettingsForm(obj=coalition)
    if form.validate_on_submit():
        changes = form_values(form, *operations.SETTING_FIELDS)
        # The one refusal here ("Nothing would change") is information, not an error:
        # `perform` would flash it as an error, so this view shows it itself. The
        # operation raises before writing anything; the rollback keeps the pattern.
        try:
            decision = operations.propose_settings(
                coalition, changes, by=current_user, reason=form.reason.data
            )
        except operations.CoalitionError as error:
            db.session.rollback()
            flash(str(error), "info")
        else:
            db.session.commit()
            flash(_("Proposal sent to every member association for their answer."), "success")
            return redirect(
                url_for("consent.detail", coalition_id=coalition.id, decision_id=decision.id)
            )
    return render_template(
        "coalitions/settings.html",
        coalition=coalition,
        form=form,
        retention=retention_periods(coalition),
    )
