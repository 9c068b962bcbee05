"""Sign-off of a statement by consent: the current revision is frozen and put to a
collective decision of kind "statement.adopt" (the foundation's consent service). Each
member association agrees (co-signs), abstains (does not co-sign, does not block) or
objects with a reason; invited guest associations may co-sign without a veto.

Passed: adopted, co-signed by the associations that agreed. Blocked: back to draft, the
objection stays visible. An edit during the consultation reopens the decision on the new
revision (earlier answers stay for the record and must be given again).
Functions flush; the caller commits once.
"""

from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from coordination.coalitions import transparency
from coordination.coalitions.models import GUEST, MEMBER, Association, Coalition
from coordination.coalitions.operations import roles_of
from coordination.coalitions.reads import rows_as
from coordination.consent import service as consent
from coordination.consent.models import OPEN, WITHDRAWN, Decision
from coordination.consent.reads import awaiting_rows
from coordination.db import utcnow
from coordination.extensions import db
from coordination.statements import reads, revisions
from coordination.statements.models import (
    ADOPTED,
    CONSULTATION,
    DRAFT,
    Statement,
    StatementRevision,
    StatementSignatory,
)
from coordination.statements.reads import DecisionFacts
from coordination.statements.revisions import StatementError

ADOPT = "statement.adopt"


@dataclass
class Consultation:
    """What the statement page shows of its sign-off: every step stays visible."""

    decision: Decision
    tally: consent.Tally
    names: dict[int, str]
    answers: dict  # association id -> DecisionAnswer of the current round
    guests: set[int] = field(default_factory=set)

    @property
    def objections(self):
        return [a for a in self.answers.values() if a.answer == "object"]


# --- the statement page's lean reads -------------------------------------------------------


def is_due_from(statement: Statement, decision: DecisionFacts | None, *, now=None) -> bool:
    """Whether `sync` has something to write — the deadline passed, or the decision was
    withdrawn on its own page — from the decision's facts already read (no query)."""
    if statement.status != CONSULTATION or decision is None:
        return False
    return _due(decision, now)


def _due(decision, now: datetime | None) -> bool:
    if decision.status == WITHDRAWN:
        return True
    due = decision.deadline is not None and decision.deadline <= (now or utcnow())
    return decision.status == OPEN and due


def may_answer(statement, consult: Consultation | None, association_id: int | None) -> bool:
    """Whether the statement page offers this association the answer form: the sign-off
    is open and the association is one of the member associations that decide (a guest
    invited to co-sign answers on the decision's page)."""
    return bool(
        consult
        and consult.decision.is_open
        and statement.status == CONSULTATION
        and association_id in consult.tally.electorate
    )


def page_consultation(
    statement: Statement, decision: DecisionFacts | None
) -> tuple[Consultation | None, bool]:
    """The sign-off as the statement page shows it, with rows for the decision and the
    answers, and whether the coalition has guest associations.
    One query, and none once the statement is adopted or withdrawn (the page then shows
    only the link to the decision)."""
    if statement.status not in (DRAFT, CONSULTATION):
        return None, False
    rows = rows_as(
        reads.SignOffPerson,
        reads.SIGN_OFF_PEOPLE,
        {
            # The decision is the statement's coalition's (see open_consultation).
            "coalition_id": statement.coalition_id,
            "decision_id": decision.id if decision is not None else None,
            "round": decision.round if decision is not None else None,
        },
    )
    members = {row.association_id for row in rows if row.kind == MEMBER}
    all_guests = {row.association_id for row in rows if row.kind == GUEST}
    if decision is None:
        return None, bool(all_guests)
    answers = {row.association_id: row for row in rows if row.kind == "answer"}
    guests = all_guests if decision.guests_may_answer else set()
    electorate = consent.electorate(members, decision.payload)
    t = consent.tally(electorate, {a: row.answer for a, row in answers.items()}, guests)
    ids = electorate | set(answers) | guests
    names = {row.association_id: row.name for row in rows if row.association_id in ids}
    return Consultation(decision, t, names, answers, guests), bool(all_guests)


def reopen_on_change(statement: Statement, rev: StatementRevision, *, by, now) -> None:
    """Editing during consultation reopens the decision on the new revision."""
    if statement.status != CONSULTATION or statement.decision_id is None:
        return
    decision = db.session.get(Decision, statement.decision_id)
    consent.reopen(decision, by=by, note=f"revision {rev.number}", now=now)
    _describe(decision, statement, rev)
    statement.frozen_number = rev.number
    db.session.flush()
    transparency.record(
        statement.coalition_id,
        "statement.consultation_reopened",
        statement.title,
        user=by,
        obj=statement,
    )


# --- sign-off by consent ----------------------------------------------------------------


def _describe(decision: Decision, statement: Statement, rev: StatementRevision) -> None:
    """What the associations are asked to sign: shown on the decision page (guests too)."""
    decision.title = str(_l("Adopt the joint statement “%(title)s”", title=rev.title))[:300]
    # Outside the f-strings: the catalog extraction does not look inside them.
    recipient, purpose = _l("Recipient"), _l("Purpose")
    text_of = _l("Text of revision %(n)d", n=rev.number)
    parts = [
        f"**{recipient}** : {rev.recipient}" if rev.recipient else "",
        f"**{purpose}** : {rev.purpose}" if rev.purpose else "",
        f"*{text_of}*",
        "---",
        rev.body,
    ]
    decision.description = "\n\n".join(p for p in parts if p)
    decision.payload = {
        "statement_id": statement.id,
        "revision_id": rev.id,
        "revision_number": rev.number,
    }


def open_consultation(
    statement: Statement, *, by, invite_guests: bool = False, now: datetime | None = None
) -> Decision:
    """Freeze the current revision and ask every member association to sign it."""
    now = now or utcnow()
    sync(statement, now=now)
    if statement.status != DRAFT:
        raise StatementError(_l("Only a draft can be put to the associations' sign-off."))
    revisions.lock(statement)
    rev = revisions.current_revision(statement)
    if not rev.body.strip():
        raise StatementError(_l("Write the text before asking the associations to sign it."))
    coalition = db.session.get(Coalition, statement.coalition_id)
    guests = invite_guests and bool(consent.member_ids(coalition.id, "guest"))
    decision = consent.open_decision(
        coalition,
        ADOPT,
        str(_l("Adopt the joint statement “%(title)s”", title=rev.title))[:300],
        by=by,
        subject=statement,
        guests_may_answer=guests,
        now=now,
    )
    _describe(decision, statement, rev)
    statement.status = CONSULTATION
    statement.frozen_number = rev.number
    statement.decision_id = decision.id
    statement.updated_at = now
    db.session.flush()
    transparency.record(
        coalition.id, "statement.consultation_opened", statement.title, user=by, obj=statement
    )
    return decision


def answer(statement: Statement, *, by, value: str, reason: str = "", now=None, via: str = ""):
    """The association of `by` agrees (co-signs), abstains or objects (with a reason)."""
    if statement.status != CONSULTATION or statement.decision_id is None:
        raise StatementError(_l("This statement is not in consultation."))
    decision = db.session.get(Decision, statement.decision_id)
    try:
        return consent.answer(decision, by=by, value=value, reason=reason, now=now, via=via)
    except consent.DecisionError as error:
        raise StatementError(str(error)) from error


def stop_consultation(statement: Statement, *, by, now: datetime | None = None) -> None:
    """The association that asked for the sign-off withdraws the request: back to draft."""
    if statement.status != CONSULTATION or statement.decision_id is None:
        raise StatementError(_l("This statement is not in consultation."))
    decision = db.session.get(Decision, statement.decision_id)
    if decision.opened_by_association_id != by.association_id:
        raise StatementError(
            _l("Only the association that asked for the sign-off can withdraw the request.")
        )
    consent.withdraw(decision, by=by, now=now)
    sync(statement, now=now)


def sync(statement: Statement, *, now: datetime | None = None) -> None:
    """Bring the statement in line with its decision (deadline passed, withdrawn
    on the decision page). Idempotent; adoption itself runs in the decision's effect."""
    if statement.status != CONSULTATION or statement.decision_id is None:
        return
    decision = db.session.get(Decision, statement.decision_id)
    if decision.status == OPEN:
        consent.settle(decision, now=now)
    if decision.status == WITHDRAWN and statement.status == CONSULTATION:
        _back_to_draft(statement, decision)


def _back_to_draft(statement: Statement, decision: Decision) -> None:
    statement.status = DRAFT
    statement.frozen_number = None
    statement.updated_at = utcnow()
    db.session.flush()
    transparency.record(
        statement.coalition_id, "statement.back_to_draft", statement.title, obj=statement
    )


def _statement_of(decision: Decision) -> Statement | None:
    statement = db.session.get(Statement, (decision.payload or {}).get("statement_id"))
    if statement is None or statement.decision_id != decision.id:
        return None
    return statement if statement.status == CONSULTATION else None


def _on_passed(decision: Decision) -> None:
    """No objection: adopted, co-signed by the associations that agreed."""
    statement = _statement_of(decision)
    if statement is None:
        return
    t = consent.tally_of(decision)
    signers = set(t.agreed) | (set(t.guests_agreed) if decision.guests_may_answer else set())
    if not signers:
        # Nobody co-signed (everyone abstained, or the deadline passed in silence):
        # a joint statement signed by no one is not adopted.
        decision.outcome_note = "no co-signatory"
        _back_to_draft(statement, decision)
        return
    names = dict(
        db.session.execute(
            sa.select(Association.id, Association.name).where(Association.id.in_(signers))
        ).all()
    )
    when = decision.closed_at or utcnow()
    for association_id in sorted(signers):
        db.session.add(
            StatementSignatory(
                statement_id=statement.id,
                coalition_id=statement.coalition_id,
                association_id=association_id,
                name=names[association_id],
                guest=association_id in t.guests_agreed and association_id not in t.agreed,
                signed_at=when,
            )
        )
    statement.status = ADOPTED
    statement.adopted_at = when
    statement.updated_at = when
    db.session.flush()
    transparency.record(
        statement.coalition_id,
        "statement.adopted",
        f"{statement.title} — {', '.join(sorted(names.values()))}",
        obj=statement,
    )


def _on_blocked(decision: Decision) -> None:
    """An objection: back to draft; the objection stays visible on the statement."""
    statement = _statement_of(decision)
    if statement is not None:
        _back_to_draft(statement, decision)


# --- the home panel -----------------------------------------------------------------------


def awaiting_sign_off(association_id: int, coalitions: list[Coalition]) -> list[tuple]:
    """Statements in consultation waiting for this association's answer in these
    coalitions: as a member, or as a guest invited to co-sign.
    [(row of id, coalition_id, decision_id, title, recipient; is_guest; deadline)]"""
    wanted = {c.id for c in coalitions}
    roles = {cid: r for cid, r in roles_of(association_id).items() if cid in wanted}
    rows = awaiting_rows(reads.WaitingStatement, reads.AWAITING_SIGN_OFF, association_id, roles)
    result = []
    for row in rows:
        role = roles.get(row.coalition_id)
        if role == "member" or (role == "guest" and row.guests_may_answer):
            result.append((row, role == "guest", row.deadline))
    return result


def register_decision_kind() -> None:
    consent.register_kind(
        ADOPT, _l("Joint statement"), on_passed=_on_passed, on_blocked=_on_blocked
    )
