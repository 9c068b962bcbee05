"""Drafting a statement: creation, saves with revisions and no lost edits, restoring an
earlier revision. Functions flush; the caller commits once.

No lost edits: a save names the revision it started from (its base). When another save
happened meanwhile, both sets of changes are merged line by line (three-way merge); if
they touch the same lines, nothing is saved and the caller gets a `Conflict` holding the
author's text. The statement row is locked while saving (`revisions.lock`) and revision
numbers are unique, so two saves at the same moment cannot both become the next revision.
An edit during the sign-off reopens it (`signoff.reopen_on_change`)."""

from dataclasses import dataclass
from datetime import datetime
from typing import Required, TypedDict, Unpack

from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from coordination.coalitions import transparency
from coordination.coalitions.models import Coalition
from coordination.db import utcnow
from coordination.extensions import db
from coordination.statements import revisions, signoff
from coordination.statements.models import (
    Statement,
    StatementRevision,
)
from coordination.statements.revisions import (
    FIELDS,
    StatementError,
    current_revision,
    revision,
)
from coordination.web import textdiff
from coordination.web.markdown import render_markdown

SAVE_ATTEMPTS = 3


# --- drafting ---------------------------------------------------------------------------


class Texts(TypedDict, total=False):
    """What a delegate types in a statement: the keyword arguments `texts` of
    `create_statement` and `save` (PEP 692), the title required."""

    title: Required[str]
    recipient: str
    purpose: str
    body: str


def _values(title: str, recipient: str = "", purpose: str = "", body: str = "") -> dict:
    """The texts as a revision holds them: stripped, lines normalised."""
    return {
        "title": (title or "").strip(),
        "recipient": (recipient or "").strip(),
        "purpose": textdiff.normalise(purpose).strip("\n"),
        "body": textdiff.normalise(body),
    }


def values_of(rev: StatementRevision) -> dict:
    return {name: getattr(rev, name) for name in FIELDS}


def _add_revision(
    statement: Statement,
    values: dict,
    *,
    by,
    summary: str = "",
    kind: str = "edit",
    restored_from: int | None = None,
    now: datetime | None = None,
) -> StatementRevision:
    """Insert revision n+1; raises IntegrityError if another save took that number."""
    now = now or utcnow()
    rev = StatementRevision(
        statement_id=statement.id,
        coalition_id=statement.coalition_id,
        number=statement.current_number + 1,
        body_html=str(render_markdown(values["body"])),
        summary=(summary or "").strip()[:300],
        kind=kind,
        restored_from=restored_from,
        author_id=by.id,
        association_id=by.association_id,
        created_at=now,
        **values,
    )
    with db.session.begin_nested():
        db.session.add(rev)
        db.session.flush()
    statement.current_number = rev.number
    statement.title, statement.recipient, statement.purpose = (
        values["title"],
        values["recipient"],
        values["purpose"],
    )
    statement.updated_at = now
    db.session.flush()
    return rev


def create_statement(
    coalition: Coalition,
    *,
    by,
    summary: str = "",
    now: datetime | None = None,
    **texts: Unpack[Texts],
) -> Statement:
    """A draft and its first revision."""
    now = now or utcnow()
    values = _values(**texts)
    statement = Statement(
        coalition_id=coalition.id,
        title=values["title"],
        recipient=values["recipient"],
        purpose=values["purpose"],
        created_by_id=by.id,
        created_by_association_id=by.association_id,
        created_at=now,
        updated_at=now,
    )
    db.session.add(statement)
    db.session.flush()
    _add_revision(statement, values, by=by, summary=summary, now=now)
    transparency.record(coalition.id, "statement.created", statement.title, user=by, obj=statement)
    return statement


@dataclass
class Conflict:
    """Another save touched the same lines: nothing was saved."""

    base: StatementRevision
    current: StatementRevision
    mine: dict
    fields: list[str]  # the fields in conflict


@dataclass
class SaveResult:
    revision: StatementRevision | None = None
    merged: bool = False
    unchanged: bool = False
    conflict: Conflict | None = None


def merge(base: dict, mine: dict, theirs: dict) -> tuple[dict, list[str]]:
    """Three-way merge of every field; returns (merged values, fields in conflict)."""
    merged, conflicts = {}, []
    for name in FIELDS:
        how = textdiff.merge_text if name in ("body", "purpose") else textdiff.merge_value
        value = how(base[name], mine[name], theirs[name])
        if value is None:
            conflicts.append(name)
            value = mine[name]
        merged[name] = value
    return merged, conflicts


def _refuse_unless_editable(statement: Statement, now: datetime) -> None:
    """Bring the sign-off up to date (a deadline may have passed), then refuse an edit of
    a statement that is no longer a draft."""
    signoff.sync(statement, now=now)
    if not statement.is_editable:
        raise StatementError(
            _l(
                "This statement can no longer be edited: it is %(status)s.",
                status=statement.status_label.lower(),
            )
        )


def save(
    statement: Statement,
    *,
    by,
    base_revision_id: int,
    summary: str = "",
    now: datetime | None = None,
    **texts: Unpack[Texts],
) -> SaveResult:
    """Save an edit made on revision `base_revision_id` (see the module docstring); `texts`
    as for `create_statement`."""
    mine = _values(**texts)
    now = now or utcnow()
    _refuse_unless_editable(statement, now)
    for _attempt in range(SAVE_ATTEMPTS):
        revisions.lock(statement)
        current = current_revision(statement)
        if base_revision_id == current.id:
            values, merged = mine, False
        else:
            base = db.session.get(StatementRevision, base_revision_id)
            if base is None or base.statement_id != statement.id:
                raise StatementError(_l("The version you started from is unknown."))
            values, conflicts = merge(values_of(base), mine, values_of(current))
            if conflicts:
                return SaveResult(conflict=Conflict(base, current, mine, conflicts))
            merged = True
        if values == values_of(current):
            return SaveResult(revision=current, unchanged=True, merged=merged)
        try:
            rev = _add_revision(
                statement,
                values,
                by=by,
                summary=summary,
                kind="merge" if merged else "edit",
                now=now,
            )
        except IntegrityError:
            if revision(statement, statement.current_number + 1) is None:
                raise
            # Someone saved between our read and our write: read again and merge.
            continue
        signoff.reopen_on_change(statement, rev, by=by, now=now)
        return SaveResult(revision=rev, merged=merged)
    raise StatementError(_l("Many people are saving at once; please save again."))


def restore(
    statement: Statement,
    number: int,
    *,
    by,
    base_revision_id: int,
    now: datetime | None = None,
) -> StatementRevision:
    """Make an earlier revision the current text again, as a new revision."""
    now = now or utcnow()
    _refuse_unless_editable(statement, now)
    revisions.lock(statement)
    current = current_revision(statement)
    if current.id != base_revision_id:
        raise StatementError(
            _l("The statement was changed meanwhile: look at the latest revision first.")
        )
    old = revision(statement, number)
    if old is None:
        raise StatementError(_l("There is no such revision."))
    if values_of(old) == values_of(current):
        raise StatementError(_l("This revision is the same as the current text."))
    rev = _add_revision(
        statement, values_of(old), by=by, kind="restore", restored_from=number, now=now
    )
    transparency.record(
        statement.coalition_id,
        "statement.restored",
        f"{statement.title} — {old.number} → {rev.number}",
        user=by,
        obj=statement,
    )
    signoff.reopen_on_change(statement, rev, by=by, now=now)
    return rev
