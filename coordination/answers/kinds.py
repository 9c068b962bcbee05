"""The four kinds of answer a link can carry, each on top of its feature's own operation
(the very function the logged-in page calls, with the same rules and the same
transparency log, plus via=EMAIL_LINK so that the history says how the answer came).

A kind knows how to load its object within the link's coalition, when the object stops
taking answers (its deadline, its settlement), whether the delegate's association still
takes part, what the page shows to answer, and how to record the answer.
"""

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from coordination.answers import forms
from coordination.answers.models import ATTENDANCE, DECISION, POLL, SIGNOFF
from coordination.coalitions.models import Association, Coalition
from coordination.coalitions.transparency import EMAIL_LINK
from coordination.consent import service as consent
from coordination.consent.models import OPEN, Decision
from coordination.extensions import db
from coordination.meetings import operations as meetings
from coordination.meetings import polls
from coordination.meetings.models import PLANNED, DatePoll, Meeting
from coordination.statements import revisions, signoff
from coordination.statements.models import CONSULTATION, Statement
from coordination.web.writes import perform


def _scoped(model, object_id: int, coalition_id: int):
    return db.session.scalars(
        sa.select(model).where(model.id == object_id, model.coalition_id == coalition_id)
    ).first()


def _past(moment: datetime | None, now: datetime) -> bool:
    return moment is not None and moment <= now


class DecisionKind:
    """A collective decision: agree / abstain / object (with a reason)."""

    key = DECISION
    template = "answers/decision.html"

    def load(self, coalition_id: int, object_id: int):
        return _scoped(Decision, object_id, coalition_id)

    def decision(self, obj) -> Decision:
        return obj

    def page_link(self, obj) -> tuple[str, dict]:
        """The object's own page (for a delegate who logs in)."""
        return "consent.detail", {"coalition_id": obj.coalition_id, "decision_id": obj.id}

    def deadline(self, obj) -> datetime | None:
        return self.decision(obj).deadline

    def closed(self, obj, now: datetime):
        decision = self.decision(obj)
        if decision.status != OPEN or _past(decision.deadline, now):
            return _l("This decision is closed: answers can no longer be given or changed.")
        return None

    def takes_part(self, obj, user) -> bool:
        return consent.may_answer(self.decision(obj), user.association_id)

    def current(self, obj, user):
        return consent.current_answers(self.decision(obj)).get(user.association_id)

    def form(self, obj, user, formdata=None):
        form = forms.DecisionLinkForm(formdata=formdata)
        if formdata is None and (mine := self.current(obj, user)) is not None:
            form.answer.data, form.reason.data = mine.answer, mine.reason
        return form

    def context(self, obj, user) -> dict:
        return {"decision": self.decision(obj), "mine": self.current(obj, user)}

    def operation(self, obj):
        """The feature's own operation and what it takes: consent.answer(decision, …)."""
        return consent.answer, self.decision(obj)

    def record(self, obj, user, form):
        operation, target = self.operation(obj)
        return perform(
            operation,
            target,
            by=user,
            value=form.answer.data,
            reason=form.reason.data or "",
            via=EMAIL_LINK,
            form=form,
            field="answer",
        )


class SignoffKind(DecisionKind):
    """A statement's sign-off: the same consent decision, with the statement's text."""

    key = SIGNOFF
    template = "answers/signoff.html"

    def load(self, coalition_id: int, object_id: int):
        statement = db.session.scalars(
            sa.select(Statement)
            .where(Statement.id == object_id, Statement.coalition_id == coalition_id)
            .options(sa.orm.joinedload(Statement.decision))
        ).first()
        return statement if statement is not None and statement.decision is not None else None

    def decision(self, obj) -> Decision:
        return obj.decision

    def page_link(self, obj) -> tuple[str, dict]:
        return "statements.show", {"coalition_id": obj.coalition_id, "statement_id": obj.id}

    def closed(self, obj, now: datetime):
        if obj.status != CONSULTATION or super().closed(obj, now):
            return _l("The sign-off of this statement is over: answers can no longer be given.")
        return None

    def context(self, obj, user) -> dict:
        number = obj.frozen_number or obj.current_number
        return {
            "statement": obj,
            "decision": obj.decision,
            "revision": revisions.revision(obj, number),
            "mine": self.current(obj, user),
        }

    def operation(self, obj):
        """The statement's sign-off: signoff.answer(statement, …), consent underneath."""
        return signoff.answer, obj


@dataclass(frozen=True, slots=True)
class PollTarget:
    poll: DatePoll
    meeting: Meeting
    slots: list


def _meeting_facts(meeting: Meeting) -> dict:
    host_id = meeting.host_association_id
    host = db.session.get(Association, host_id) if host_id is not None else None
    return {"meeting": meeting, "host": host}


class PollKind:
    """A date poll: yes / if needed / no for each proposed date."""

    key = POLL
    template = "answers/poll.html"

    def load(self, coalition_id: int, object_id: int):
        poll = _scoped(DatePoll, object_id, coalition_id)
        if poll is None:
            return None
        return PollTarget(poll, db.session.get(Meeting, poll.meeting_id), polls.slots_of(poll))

    def page_link(self, obj) -> tuple[str, dict]:
        meeting = obj.meeting
        return "meetings.poll", {"coalition_id": meeting.coalition_id, "meeting_id": meeting.id}

    def deadline(self, obj) -> datetime | None:
        """The first proposed date: after it, that option is gone (see the reminder)."""
        dates = [s.starts_at for s in obj.slots]
        return min(dates) if dates else None

    def closed(self, obj, now: datetime):
        if not obj.poll.is_open or obj.meeting.status != PLANNED:
            return _l("This date poll is closed: answers can no longer be given.")
        if not obj.slots or all(_past(s.starts_at, now) for s in obj.slots):
            return _l("Every proposed date of this poll has passed.")
        return None

    def takes_part(self, obj, user) -> bool:
        return user.association_id in meetings.participating_ids(obj.meeting)

    def current(self, obj, user) -> dict[int, str]:
        return {
            a.slot_id: a.answer
            for a in polls.answers_of(obj.poll)
            if a.association_id == user.association_id
        }

    def form(self, obj, user, formdata=None):
        return forms.PollLinkForm(obj.slots, self.current(obj, user), formdata=formdata)

    def context(self, obj, user) -> dict:
        return {**_meeting_facts(obj.meeting), "slots": obj.slots, "mine": self.current(obj, user)}

    def record(self, obj, user, form):
        return perform(polls.answer, obj.poll, user, form.choices, via=EMAIL_LINK, form=form)


class AttendanceKind:
    """Who comes to a meeting for the association, within the coalition's quota."""

    key = ATTENDANCE
    template = "answers/attendance.html"

    def load(self, coalition_id: int, object_id: int):
        return _scoped(Meeting, object_id, coalition_id)

    def page_link(self, obj) -> tuple[str, dict]:
        return "meetings.show", {"coalition_id": obj.coalition_id, "meeting_id": obj.id}

    def deadline(self, obj) -> datetime | None:
        return obj.starts_at

    def closed(self, obj, now: datetime):
        if obj.status != PLANNED or obj.starts_at is None or _past(obj.starts_at, now):
            return _l("This meeting has taken place or is no longer planned.")
        return None

    def takes_part(self, obj, user) -> bool:
        return user.association_id in meetings.participating_ids(obj)

    def current(self, obj, user):
        return [r for r in meetings.attendance(obj.id) if r.association_id == user.association_id]

    def form(self, obj, user, formdata=None):
        form = forms.AttendanceLinkForm(formdata=formdata)
        form.delegates.choices = [
            (u.id, u.name) for u in meetings.delegates_of([user.association_id])
        ]
        if formdata is None:
            form.show(self.current(obj, user))
        return form

    def context(self, obj, user) -> dict:
        coalition = db.session.get(Coalition, obj.coalition_id)
        return {**_meeting_facts(obj), "quota": coalition.attendance_quota}

    def record(self, obj, user, form):
        coalition = db.session.get(Coalition, obj.coalition_id)
        return perform(
            meetings.set_attendance,
            obj,
            user,
            **form.people(),
            quota=coalition.attendance_quota,
            via=EMAIL_LINK,
            form=form,
            field="delegates",
        )


KIND_OF = {k.key: k for k in (DecisionKind(), SignoffKind(), PollKind(), AttendanceKind())}
