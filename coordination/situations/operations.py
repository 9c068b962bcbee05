"""Recording and following situations. Functions flush; the caller commits once (views
through `web.writes.perform`). Every free text goes through the identity guard here, so
that no way in (form, command, import) can store what identifies a person.

Each association sees who follows what; only the association following a situation adds
its steps, closes, reopens or deletes it.
"""

from datetime import date

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from coordination.coalitions import transparency
from coordination.directory import reads as directory
from coordination.errors import Refused
from coordination.extensions import db
from coordination.situations import identity_guard, reads
from coordination.situations.models import (
    Situation,
    SituationObstacle,
    SituationStep,
    SituationTerm,
)
from coordination.situations.vocabulary import (
    CLOSED,
    OUTCOMES,
    OWN_PREFIX,
    REOPENED,
    STEP_CHOICES,
    TERM_KINDS,
)
from coordination.timezone import local_today


class SituationError(Refused):
    """A refused change to a situation, with a message for the user."""


def check_text(text: str | None) -> str:
    """The text, stripped, or a refusal saying what identifies a person in it."""
    problem = identity_guard.first_problem(text)
    if problem is not None:
        raise SituationError(problem.message)
    return (text or "").strip()


def _check_date(day: date) -> None:
    if day > local_today():
        raise SituationError(_l("The date cannot be in the future."))


def _check_links(coalition_id, institution_id, office_id, contact_id) -> None:
    if not directory.institution_in(coalition_id, institution_id):
        raise SituationError(_l("Choose an institution of this collectif's directory."))
    if office_id is not None and not reads.office_in(coalition_id, institution_id, office_id):
        raise SituationError(_l("Choose an office of this institution."))
    if contact_id is not None and not reads.contact_in(coalition_id, institution_id, contact_id):
        raise SituationError(_l("Choose a contact of this institution."))


def _check_codes(coalition_id: int, theme: str, obstacles) -> None:
    known = reads.vocabulary(coalition_id)
    if theme not in known.themes:
        raise SituationError(_l("Choose a theme from the list."))
    if any(code not in known.obstacles for code in obstacles):
        raise SituationError(_l("Choose the obstacles from the list."))


def _owned(situation: Situation, by) -> None:
    if situation.association_id != by.association_id:
        raise SituationError(_l("Only the association following this situation can change it."))


def record_situation(
    coalition,
    *,
    by,
    theme: str,
    institution_id: int,
    opened_on: date,
    office_id: int | None = None,
    contact_id: int | None = None,
    obstacles=(),
    summary: str = "",
) -> Situation:
    _check_date(opened_on)
    _check_links(coalition.id, institution_id, office_id, contact_id)
    _check_codes(coalition.id, theme, obstacles)
    situation = Situation(
        coalition_id=coalition.id,
        association_id=by.association_id,
        followed_by_id=by.id,
        theme=theme,
        institution_id=institution_id,
        office_id=office_id,
        contact_id=contact_id,
        opened_on=opened_on,
        summary=check_text(summary),
    )
    db.session.add(situation)
    db.session.flush()
    _set_obstacles(situation, obstacles)
    transparency.record(coalition.id, "situation.recorded", theme, user=by, obj=situation)
    return situation


def update_situation(situation: Situation, *, by, **fields) -> Situation:
    _owned(situation, by)
    merged = {
        name: fields.get(name, getattr(situation, name))
        for name in ("theme", "institution_id", "office_id", "contact_id", "opened_on")
    }
    _check_date(merged["opened_on"])
    if situation.closed_on is not None and merged["opened_on"] > situation.closed_on:
        raise SituationError(_l("The situation cannot open after it was closed."))
    _check_links(
        situation.coalition_id, merged["institution_id"], merged["office_id"], merged["contact_id"]
    )
    obstacles = fields.get("obstacles")
    _check_codes(situation.coalition_id, merged["theme"], obstacles or ())
    for name, value in merged.items():
        setattr(situation, name, value)
    if "summary" in fields:
        situation.summary = check_text(fields["summary"])
    if obstacles is not None:
        db.session.execute(
            sa.delete(SituationObstacle).where(SituationObstacle.situation_id == situation.id)
        )
        _set_obstacles(situation, obstacles)
    db.session.flush()
    return situation


def _set_obstacles(situation: Situation, codes) -> None:
    for code in dict.fromkeys(codes):
        db.session.add(
            SituationObstacle(
                coalition_id=situation.coalition_id, situation_id=situation.id, code=code
            )
        )
    db.session.flush()


def _step(situation: Situation, kind: str, happened_on: date, note: str, by) -> SituationStep:
    step = SituationStep(
        coalition_id=situation.coalition_id,
        situation_id=situation.id,
        kind=kind,
        happened_on=happened_on,
        note=check_text(note),
        author_id=by.id,
        association_id=by.association_id,
    )
    db.session.add(step)
    db.session.flush()
    return step


def add_step(situation: Situation, *, by, kind: str, happened_on: date, note: str = ""):
    _owned(situation, by)
    if kind not in STEP_CHOICES:
        raise SituationError(_l("Choose what happened from the list."))
    _check_date(happened_on)
    if happened_on < situation.opened_on:
        raise SituationError(_l("A step cannot come before the situation was opened."))
    return _step(situation, kind, happened_on, note, by)


def close_situation(situation: Situation, *, by, outcome: str, closed_on: date, note: str = ""):
    _owned(situation, by)
    if not situation.is_open:
        raise SituationError(_l("This situation is already closed."))
    if outcome not in OUTCOMES:
        raise SituationError(_l("Choose how the situation ended."))
    _check_date(closed_on)
    if closed_on < situation.opened_on:
        raise SituationError(_l("A situation cannot close before it was opened."))
    _step(situation, CLOSED, closed_on, note, by)
    situation.outcome, situation.closed_on = outcome, closed_on
    situation.delay_known = True
    db.session.flush()
    transparency.record(situation.coalition_id, "situation.closed", outcome, user=by, obj=situation)
    return situation


def reopen_situation(situation: Situation, *, by, note: str = ""):
    """Open again: the outcome and closing date go (the step keeps them in the history);
    the delay, once closed again, runs from the first opening."""
    _owned(situation, by)
    if situation.is_open:
        raise SituationError(_l("This situation is already open."))
    _step(situation, REOPENED, local_today(), note, by)
    situation.outcome, situation.closed_on = None, None
    situation.reopened_count += 1
    db.session.flush()
    transparency.record(situation.coalition_id, "situation.reopened", "", user=by, obj=situation)
    return situation


def delete_situation(situation: Situation, *, by) -> None:
    _owned(situation, by)
    coalition_id, theme = situation.coalition_id, situation.theme
    db.session.delete(situation)
    db.session.flush()
    transparency.record(coalition_id, "situation.deleted", theme, user=by)


def add_term(coalition, *, by, kind: str, label: str) -> SituationTerm:
    """Add a theme or an obstacle to the collectif's lists."""
    if kind not in TERM_KINDS:
        raise SituationError(_l("Choose a list."))
    label = check_text(label)
    if not label:
        raise SituationError(_l("Give the new entry a name."))
    known = reads.vocabulary(coalition.id)
    existing = known.themes if kind == "theme" else known.obstacles
    if label.casefold() in {str(v).casefold() for v in existing.values()}:
        raise SituationError(_l("This entry is already in the list."))
    count = db.session.scalar(
        sa.select(sa.func.count(SituationTerm.id)).where(SituationTerm.coalition_id == coalition.id)
    )
    term = SituationTerm(
        coalition_id=coalition.id,
        kind=kind,
        code=f"{OWN_PREFIX}{count + 1}",
        label=label,
        added_by_association_id=by.association_id,
    )
    db.session.add(term)
    db.session.flush()
    return term


def empty_step_notes_of_contact(contact_id: int) -> None:
    """A contact erased on request (directory/privacy.py, through the "contact_erased"
    extra): the free text of the steps of the situations followed through them goes."""
    followed = sa.select(Situation.id).where(Situation.contact_id == contact_id)
    db.session.execute(
        sa.update(SituationStep)
        .where(SituationStep.situation_id.in_(followed))
        .values(note="")
        .execution_options(synchronize_session=False)
    )
