"""The answer buttons of the reminders' e-mails (single and daily digest alike).

Each e-mail composed gets its own link (see links.py), issued here only when the question
is still open and the recipient's association takes part: a settled decision's reminder
written late in a digest carries no button.
"""

from flask_babel import format_date
from flask_babel import gettext as _

from coordination.answers import links
from coordination.answers.kinds import KIND_OF
from coordination.answers.models import ATTENDANCE, DECISION, POLL, SIGNOFF
from coordination.consent.models import Decision
from coordination.db import utcnow
from coordination.extensions import db
from coordination.meetings.reminders import POLL_WAITING, TOMORROW, WEEK
from coordination.notifications.decisions import DEADLINE, WAITING
from coordination.notifications.mail import external_url
from coordination.notifications.registry import AnswerButton, register_answer_buttons
from coordination.statements.signoff import ADOPT


def buttons(user, coalition_id: int, kind_key: str, object_id: int) -> list[AnswerButton]:
    """The button answering `kind_key` on this object for `user`'s association, or none."""
    kind = KIND_OF[kind_key]
    now = utcnow()
    obj = kind.load(coalition_id, object_id)
    if obj is None or kind.closed(obj, now) or not kind.takes_part(obj, user):
        return []
    issued = links.issue(user.id, coalition_id, kind_key, object_id, deadline=kind.deadline(obj))
    if issued is None:
        return []
    token, expires = issued
    url = external_url(
        "answers.reply", coalition_id=coalition_id, kind=kind_key, object_id=object_id, token=token
    )
    association = user.association.name
    if kind_key == ATTENDANCE:
        label = _("Say who comes for %(association)s, without logging in", association=association)
    else:
        label = _("Answer for %(association)s without logging in", association=association)
    note = _(
        "This link opens a page where you confirm the answer; nothing is recorded before. "
        "It is for you only and works until %(date)s.",
        date=format_date(expires, "long"),
    )
    shortcuts = ()
    if kind_key in (DECISION, SIGNOFF):
        shortcuts = tuple(
            (label, f"{url}?choice={value}")
            for value, label in (
                ("agree", _("We agree")),
                ("abstain", _("We abstain")),
                ("object", _("We object (with a reason)")),
            )
        )
    return [AnswerButton(label, url, note, shortcuts)]


def decision_buttons(ctx: dict, user) -> list[AnswerButton]:
    """A decision, or the sign-off of a statement when the decision is one."""
    decision = db.session.get(Decision, ctx.get("decision_id"))
    if decision is None or decision.coalition_id != ctx.get("coalition_id"):
        return []
    statement_id = (decision.payload or {}).get("statement_id")
    if decision.kind == ADOPT and statement_id:
        return buttons(user, decision.coalition_id, SIGNOFF, statement_id)
    return buttons(user, decision.coalition_id, DECISION, decision.id)


def poll_buttons(ctx: dict, user) -> list[AnswerButton]:
    return buttons(user, ctx["coalition_id"], POLL, ctx["poll_id"])


def attendance_buttons(ctx: dict, user) -> list[AnswerButton]:
    return buttons(user, ctx["coalition_id"], ATTENDANCE, ctx["meeting_id"])


def register() -> None:
    for key in (WAITING, DEADLINE):
        register_answer_buttons(key, decision_buttons)
    register_answer_buttons(POLL_WAITING, poll_buttons)
    for key in (WEEK, TOMORROW):
        register_answer_buttons(key, attendance_buttons)
