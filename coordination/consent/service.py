"""Collective decisions by consent — the rule of a coalition with no lead organisation.

Each member association answers agree / abstain / object (an objection gives a reason).
A decision passes when every member association has answered and none objects, or when
its deadline passes with no objection. One objection blocks it.

Who counts: the member associations of the coalition *when the decision is settled*.
An association admitted while a decision is open gets a voice in it (and is asked);
one that leaves no longer counts. Guest associations may answer where the decision
invites them (e.g. to co-sign a statement) but never block it nor hold it up.

A decision can be reopened (a statement edited during consultation): its round goes up,
earlier answers stay for the record and each association must answer again.

The functions flush; the caller (view, command, job) commits once.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from coordination.coalitions import transparency
from coordination.coalitions.memberships import member_ids
from coordination.coalitions.models import GUEST, Coalition
from coordination.consent import reads
from coordination.consent.models import (
    ABSTAIN,
    AGREE,
    BLOCKED,
    OBJECT,
    OPEN,
    PASSED,
    WITHDRAWN,
    Decision,
    DecisionAnswer,
)
from coordination.db import utcnow
from coordination.errors import Refused
from coordination.extensions import db
from coordination.timezone import to_local
from coordination.web.i18n import lazy_text

not_answered_by = reads.not_answered_by  # the one definition lives with the reads

# An association's answer in words (the decision page, the log's "Answer given" entries).
ANSWER_LABELS = {AGREE: _l("agrees"), ABSTAIN: _l("abstains"), OBJECT: _l("objects")}


class DecisionError(Refused):
    """A refused step, with a message for the user."""


@dataclass(frozen=True)
class Tally:
    electorate: frozenset[int]
    agreed: frozenset[int]
    abstained: frozenset[int]
    objected: frozenset[int]
    guests_agreed: frozenset[int] = field(default_factory=frozenset)

    @property
    def answered(self) -> frozenset[int]:
        return self.agreed | self.abstained | self.objected

    @property
    def missing(self) -> frozenset[int]:
        return self.electorate - self.answered


def tally(electorate: set[int], answers: dict[int, str], guests: set[int] = frozenset()) -> Tally:
    """Count the current round's answers of the electorate (pure)."""

    def who(kind):
        return frozenset(a for a, v in answers.items() if v == kind and a in electorate)

    return Tally(
        electorate=frozenset(electorate),
        agreed=who(AGREE),
        abstained=who(ABSTAIN),
        objected=who(OBJECT),
        guests_agreed=frozenset(a for a, v in answers.items() if v == AGREE and a in guests),
    )


def outcome(t: Tally, deadline: datetime | None, now: datetime) -> str:
    """OPEN, PASSED or BLOCKED (pure)."""
    if t.objected:
        return BLOCKED
    if t.electorate and not t.missing:
        return PASSED
    if deadline is not None and now >= deadline:
        return PASSED
    return OPEN


# --- effects: what happens when a decision of a kind passes or is blocked ---------------


@dataclass
class Kind:
    label: object
    on_passed: Callable[[Decision], None] | None = None
    on_blocked: Callable[[Decision], None] | None = None


_kinds: dict[str, Kind] = {}


def register_kind(name: str, label, on_passed=None, on_blocked=None) -> None:
    _kinds[name] = Kind(label, on_passed, on_blocked)


def kind_label(name: str) -> str:
    kind = _kinds.get(name)
    return lazy_text(("decision kind", name), kind.label) if kind else name


# --- queries ----------------------------------------------------------------------------


def current_answers(decision: Decision) -> dict[int, DecisionAnswer]:
    rows = db.session.scalars(
        sa.select(DecisionAnswer).where(
            DecisionAnswer.decision_id == decision.id, DecisionAnswer.round == decision.round
        )
    )
    return {a.association_id: a for a in rows}


def tally_of(decision: Decision) -> Tally:
    answers = {a: row.answer for a, row in current_answers(decision).items()}
    guests = member_ids(decision.coalition_id, GUEST) if decision.guests_may_answer else set()
    return tally(electorate_of(decision), answers, guests)


# --- who decides, who is asked, who has not answered: the one definition of each ---------


def concerned_association(payload: dict | None) -> int | None:
    """The association a decision is about (its removal): it never decides it."""
    return (payload or {}).get("concerned_association_id")


def electorate(members: set[int], payload: dict | None) -> set[int]:
    """Member associations that decide, from the coalition's current members (pure)."""
    return members - {concerned_association(payload)}


def not_answered(
    members: set[int],
    guests: set[int],
    answered: set[int],
    *,
    payload: dict | None,
    guests_may_answer: bool,
) -> set[int]:
    """Who is asked and has not answered the current round yet (pure): the member
    associations, and the guests when the decision invites them, less the concerned one."""
    asked = members | (guests if guests_may_answer else set())
    return asked - answered - {concerned_association(payload)}


def electorate_of(decision: Decision) -> set[int]:
    """Member associations that decide; an association never decides its own removal (nor
    its admission). While the decision is open, every current member (one admitted
    meanwhile too: it is asked). Once it is closed, the members that were in the coalition
    when it opened, and those admitted later that answered it: an association that joined
    afterwards (the one this decision admitted, say) had no vote, and is never shown as
    missing an answer."""
    if decision.is_open:
        return electorate(member_ids(decision.coalition_id), decision.payload)
    opened_on = to_local(decision.opened_at).date()
    earlier = member_ids(decision.coalition_id, joined_by=opened_on)
    later = member_ids(decision.coalition_id) - earlier
    answered = {a for a in later if a in current_answers(decision)} if later else set()
    return electorate(earlier | answered, decision.payload)


def may_answer(decision: Decision, association_id: int | None) -> bool:
    """Whether this association may answer: a member that decides, or a guest the decision
    invites (it may co-sign or abstain, never object)."""
    if not decision.is_open:
        return False
    members = electorate_of(decision)
    guests = member_ids(decision.coalition_id, GUEST) if decision.guests_may_answer else set()
    return association_id in members | guests


def awaiting_association(association_id: int, coalition_ids: list[int]) -> list:
    """Open decisions in these coalitions that still wait for this association's answer:
    rows of id, coalition_id, title, deadline, payload."""
    rows = reads.awaiting_rows(
        reads.AwaitingDecision, reads.AWAITING, association_id, coalition_ids
    )
    return [d for d in rows if concerned_association(d.payload) != association_id]


# --- operations -------------------------------------------------------------------------


def open_decision(
    coalition: Coalition,
    kind: str,
    title: str,
    *,
    by,
    payload: dict | None = None,
    description: str = "",
    deadline: datetime | None = None,
    days: int | None = None,
    subject=None,
    guests_may_answer: bool = False,
    now: datetime | None = None,
) -> Decision:
    if kind not in _kinds:
        raise DecisionError(f"unknown decision kind {kind}")
    now = now or utcnow()
    if deadline is None:
        deadline = now + timedelta(days=days if days is not None else coalition.decision_days)
    if deadline <= now:
        raise DecisionError(_l("The deadline must be in the future."))
    decision = Decision(
        coalition_id=coalition.id,
        kind=kind,
        title=title,
        description=description,
        payload=payload or {},
        subject_type=type(subject).__name__ if subject is not None else None,
        subject_id=getattr(subject, "id", None),
        guests_may_answer=guests_may_answer,
        opened_by_id=by.id,
        opened_by_association_id=by.association_id,
        opened_at=now,
        deadline=deadline,
    )
    db.session.add(decision)
    db.session.flush()
    transparency.record(coalition.id, "decision.opened", title, user=by, obj=decision)
    return decision


def answer(
    decision: Decision,
    *,
    by,
    value: str,
    reason: str = "",
    now: datetime | None = None,
    via: str = "",
) -> DecisionAnswer:
    """Record (or change) the answer of `by`'s association for the current round;
    `via` says how it came in when not through the site (transparency.EMAIL_LINK)."""
    now = now or utcnow()
    settle(decision, now=now)
    if decision.status != OPEN:
        raise DecisionError(_l("This decision is closed."))
    if value not in (AGREE, ABSTAIN, OBJECT):
        raise DecisionError(_l("Choose agree, abstain or object."))
    reason = (reason or "").strip()
    if value == OBJECT and not reason:
        raise DecisionError(_l("An objection needs a reason, so that the others can respond."))
    association_id = by.association_id
    members = electorate_of(decision)
    if association_id not in members:
        guest = decision.guests_may_answer and association_id in member_ids(
            decision.coalition_id, GUEST
        )
        if not guest:
            raise DecisionError(_l("Your association does not take part in this decision."))
        if value == OBJECT:
            raise DecisionError(_l("A guest association may co-sign or abstain, not object."))
    row = current_answers(decision).get(association_id)
    if row is None:
        row = DecisionAnswer(
            decision_id=decision.id, association_id=association_id, round=decision.round
        )
        db.session.add(row)
    row.answer, row.reason, row.user_id, row.answered_at = value, reason, by.id, now
    row.via = via
    db.session.flush()
    transparency.record(
        decision.coalition_id,
        "decision.answered",
        f"{decision.title} — {value}",
        user=by,
        obj=decision,
        via=via,
    )
    settle(decision, now=now)
    return row


def settle(decision: Decision, *, now: datetime | None = None) -> str:
    """Close the decision if its outcome is known; run the kind's effect. Idempotent."""
    if decision.status != OPEN:
        return decision.status
    now = now or utcnow()
    result = outcome(tally_of(decision), decision.deadline, now)
    if result == OPEN:
        return OPEN
    decision.status = result
    decision.closed_at = now
    db.session.flush()
    kind = _kinds.get(decision.kind)
    action = "decision.passed" if result == PASSED else "decision.blocked"
    transparency.record(decision.coalition_id, action, decision.title, obj=decision)
    handler = kind and (kind.on_passed if result == PASSED else kind.on_blocked)
    if handler:
        handler(decision)
    db.session.flush()
    return result


def reopen(decision: Decision, *, by, note: str = "", now: datetime | None = None) -> Decision:
    """Start a new round: earlier answers stay for the record, everyone answers again."""
    now = now or utcnow()
    if decision.status == WITHDRAWN:
        raise DecisionError(_l("This decision was withdrawn."))
    coalition = db.session.get(Coalition, decision.coalition_id)
    decision.round += 1
    decision.status = OPEN
    decision.closed_at = None
    decision.outcome_note = note
    if decision.deadline is not None:
        decision.deadline = max(decision.deadline, now + timedelta(days=coalition.decision_days))
    db.session.flush()
    transparency.record(
        decision.coalition_id, "decision.reopened", decision.title, user=by, obj=decision
    )
    return decision


def withdraw(decision: Decision, *, by, now: datetime | None = None) -> Decision:
    if decision.status != OPEN:
        raise DecisionError(_l("This decision is closed."))
    decision.status = WITHDRAWN
    decision.closed_at = now or utcnow()
    db.session.flush()
    transparency.record(
        decision.coalition_id, "decision.withdrawn", decision.title, user=by, obj=decision
    )
    return decision


def withdraw_refusal(decision: Decision, association_id: int):
    """Why this association may not withdraw the decision (a message), or None: only the
    association that proposed it, while it is open."""
    if decision.status != OPEN:
        return _l("This decision is closed.")
    if decision.opened_by_association_id != association_id:
        return _l("Only the association that proposed it can withdraw a decision.")
    return None


def withdraw_proposal(decision: Decision, *, by, now: datetime | None = None) -> Decision:
    """The association that proposed a decision withdraws it (from the decision's page)."""
    refusal = withdraw_refusal(decision, by.association_id)
    if refusal is not None:
        raise DecisionError(refusal)
    return withdraw(decision, by=by, now=now)


def settle_due(now: datetime | None = None) -> int:
    """Settle every open decision whose deadline has passed (run by the scheduler)."""
    now = now or utcnow()
    due = db.session.scalars(
        sa.select(Decision).where(Decision.status == OPEN, Decision.deadline <= now)
    ).all()
    return sum(1 for d in due if settle(d, now=now) != OPEN)
