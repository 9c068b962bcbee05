"""Decision pages: list, detail with the transparent history, answer, withdraw."""

from functools import partial

import sqlalchemy as sa
from flask import render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from coordination.accounts.forms import ConfirmForm
from coordination.coalitions.models import Association
from coordination.consent import bp, reads, service
from coordination.consent.answering import post_answer
from coordination.consent.forms import AnswerForm
from coordination.consent.models import Decision, DecisionAnswer
from coordination.extensions import db
from coordination.web.confirm import Confirmation, confirm_then
from coordination.web.paging import page_of
from coordination.web.scoping import coalition_or_404, scoped_or_404
from coordination.web.writes import perform

PAGE = 50


@bp.route("/c/<int:coalition_id>/decisions")
@login_required
def index(coalition_id):
    coalition = coalition_or_404(coalition_id)
    return render_template(
        "consent/index.html",
        coalition=coalition,
        kind_label=service.kind_label,
        **page_of(partial(reads.decision_list, coalition.id), PAGE, "decisions"),
    )


def _detail(coalition, decision, form, status=200):
    answers = db.session.scalars(
        sa.select(DecisionAnswer)
        .where(DecisionAnswer.decision_id == decision.id)
        .options(
            sa.orm.joinedload(DecisionAnswer.association), sa.orm.joinedload(DecisionAnswer.user)
        )
        .order_by(DecisionAnswer.round.desc(), DecisionAnswer.answered_at)
    ).all()
    t = service.tally_of(decision)
    names = dict(
        db.session.execute(
            sa.select(Association.id, Association.name).where(Association.id.in_(t.electorate))
        ).all()
    )
    mine = service.current_answers(decision).get(current_user.association_id)
    return render_template(
        "consent/detail.html",
        coalition=coalition,
        decision=decision,
        answers=answers,
        tally=t,
        names=names,
        form=form,
        mine=mine,
        confirm=ConfirmForm(),
        may_answer=service.may_answer(decision, current_user.association_id),
        kind_label=service.kind_label,
    ), status


@bp.route("/c/<int:coalition_id>/decisions/<int:decision_id>")
@login_required
def detail(coalition_id, decision_id):
    coalition = coalition_or_404(coalition_id, allow_guest=True)
    decision = scoped_or_404(Decision, decision_id, coalition)
    if decision.is_open:
        # Close on GET, deliberately: the page settles a decision whose outcome is known
        # (deadline passed, every member answered) before showing it.
        perform(service.settle, decision)
    return _detail(coalition, decision, AnswerForm())


@bp.route("/c/<int:coalition_id>/decisions/<int:decision_id>/answer", methods=["POST"])
@login_required
def answer(coalition_id, decision_id):
    coalition = coalition_or_404(coalition_id, allow_guest=True)
    decision = scoped_or_404(Decision, decision_id, coalition)
    form = AnswerForm()
    return post_answer(
        form,
        service.answer,
        decision,
        then=lambda _answer: url_for(
            "consent.detail", coalition_id=coalition.id, decision_id=decision.id
        ),
        again=lambda: _detail(coalition, decision, form, 400),
    )


@bp.route("/c/<int:coalition_id>/decisions/<int:decision_id>/withdraw", methods=["GET", "POST"])
@login_required
def withdraw(coalition_id, decision_id):
    """The proposing association withdraws its proposal, after a confirmation page."""
    coalition = coalition_or_404(coalition_id)
    decision = scoped_or_404(Decision, decision_id, coalition)
    back = url_for("consent.detail", coalition_id=coalition.id, decision_id=decision.id)
    confirmation = Confirmation(
        title=_("Withdraw the proposal “%(title)s”?", title=decision.title),
        happens=[
            _(
                "The decision stops: no association can answer it any more and it will not "
                "take effect."
            ),
            _(
                "Every member association sees it as withdrawn; the answers already given stay "
                "in its history."
            ),
        ],
        cannot_undo=_(
            "a withdrawn proposal cannot be reopened. To propose it again, start a new "
            "decision: every association will have to answer again."
        ),
        button=_("Withdraw the proposal"),
        back=back,
        danger=True,
        refusal=service.withdraw_refusal(decision, current_user.association_id),
    )
    return confirm_then(
        confirmation,
        ConfirmForm(),
        service.withdraw_proposal,
        decision,
        by=current_user,
        done=_("The proposal is withdrawn."),
        then=back,
    )
