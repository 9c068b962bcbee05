"""Statement sign-off by consent, fate after adoption, withdrawal and public link."""

from flask import flash, request
from flask_babel import gettext as _
from flask_login import current_user, login_required

from coordination.accounts.forms import ConfirmForm
from coordination.consent.answering import post_answer
from coordination.consent.forms import AnswerForm
from coordination.statements import bp, operations, signoff
from coordination.statements.forms import (
    ConsultationForm,
    EventForm,
    WithdrawForm,
)
from coordination.statements.views import _form_page, _load, _show, _show_url, _to_show
from coordination.web.writes import form_values, perform, submit_then

# --- sign-off ---------------------------------------------------------------------------------


@bp.route("/c/<int:coalition_id>/statements/<int:statement_id>/consultation", methods=["POST"])
@login_required
def open_consultation(coalition_id, statement_id):
    coalition, statement = _load(coalition_id, statement_id)
    form = ConsultationForm()
    if form.validate_on_submit() and perform(
        signoff.open_consultation,
        statement,
        by=current_user,
        invite_guests=form.invite_guests.data,
    ):
        flash(
            _(
                "The text (revision %(n)d) is put to the sign-off of every member association.",
                n=statement.frozen_number,
            ),
            "success",
        )
    return _to_show(statement, "sign-off")


@bp.route("/c/<int:coalition_id>/statements/<int:statement_id>/consultation/stop", methods=["POST"])
@login_required
def stop_consultation(coalition_id, statement_id):
    coalition, statement = _load(coalition_id, statement_id)
    if ConfirmForm().validate_on_submit() and perform(
        signoff.stop_consultation, statement, by=current_user
    ):
        flash(_("The sign-off request is withdrawn; the statement is a draft again."), "success")
    return _to_show(statement)


@bp.route("/c/<int:coalition_id>/statements/<int:statement_id>/answer", methods=["POST"])
@login_required
def answer(coalition_id, statement_id):
    coalition, statement = _load(coalition_id, statement_id)
    form = AnswerForm()
    return post_answer(
        form,
        signoff.answer,
        statement,
        then=lambda _answer: _after_answer(statement),
        again=lambda: _form_page(coalition, statement, answer_form=form),
    )


def _after_answer(statement) -> str:
    """Where an answer leads: the sign-off; when it was the last one, a second message
    says that the statement is adopted."""
    if statement.is_adopted:
        flash(_("Every association has answered: the statement is adopted."), "success")
    return _show_url(statement, "sign-off")


# --- after adoption ---------------------------------------------------------------------------


@bp.route("/c/<int:coalition_id>/statements/<int:statement_id>/events", methods=["POST"])
@login_required
def add_event(coalition_id, statement_id):
    coalition, statement = _load(coalition_id, statement_id)
    form = EventForm()
    return submit_then(
        form,
        operations.record_event,
        statement,
        form.kind.data,
        by=current_user,
        **form_values(form, "on", "note"),
        field="kind",
        done=lambda: _("Recorded."),
        then=lambda _event: _show_url(statement, "fate"),
        again=lambda: _form_page(coalition, statement, event_form=form),
    )


@bp.route("/c/<int:coalition_id>/statements/<int:statement_id>/withdraw", methods=["POST"])
@login_required
def withdraw(coalition_id, statement_id):
    coalition, statement = _load(coalition_id, statement_id)
    form = WithdrawForm()
    if not form.validate_on_submit():
        return _show(coalition, statement, 400, withdraw_form=form)
    if perform(operations.withdraw, statement, by=current_user, note=form.note.data):
        flash(_("The statement is withdrawn."), "success")
    return _to_show(statement)


@bp.route("/c/<int:coalition_id>/statements/<int:statement_id>/public-link", methods=["POST"])
@login_required
def public_link(coalition_id, statement_id):
    coalition, statement = _load(coalition_id, statement_id)
    if ConfirmForm().validate_on_submit():
        enabled = request.form.get("enabled") == "1"
        if perform(operations.set_public_link, statement, by=current_user, enabled=enabled):
            flash(
                _("The public link is on.") if enabled else _("The public link is off."),
                "success",
            )
    return _to_show(statement, "output")
