"""The transparency log: who changed what in a coalition, readable by all its members.

An entry stores an action code and the data it is about (a title, a name); the action's
label is translated when shown, so members read the log in their own language.
"""

from flask_babel import lazy_gettext as _l

from coordination.coalitions.models import LogEntry
from coordination.extensions import db
from coordination.web.i18n import lazy_text

ACTION_LABELS: dict[str, object] = {
    "coalition.created": _l("Coalition created"),
    "coalition.settings_changed": _l("Settings changed"),
    "membership.admitted": _l("Association admitted"),
    "membership.removed": _l("Association removed"),
    "membership.guest_added": _l("Guest association added"),
    "decision.opened": _l("Decision proposed"),
    "decision.answered": _l("Answer given"),
    "decision.passed": _l("Decision adopted"),
    "decision.blocked": _l("Decision blocked by an objection"),
    "decision.withdrawn": _l("Decision withdrawn"),
    "decision.reopened": _l("Decision reopened"),
}


# How a change came in, when not through the site itself (LogEntry.via, DecisionAnswer.via).
EMAIL_LINK = "email"  # an answer link from an e-mail, without logging in
VIA_LABELS: dict[str, object] = {EMAIL_LINK: _l("by the e-mail link")}


def via_label(code: str | None) -> str:
    """What the history says about how a change came in ("" for the site itself)."""
    label = VIA_LABELS.get(code or "")
    return lazy_text(("via", code), label) if label is not None else ""


def register_action(code: str, label) -> None:
    """Features declare their own actions (meetings, statements, directory…)."""
    ACTION_LABELS.setdefault(code, label)


def action_label(code: str) -> str:
    label = ACTION_LABELS.get(code)
    return lazy_text(("log action", code), label) if label is not None else code


def record(
    coalition_id: int,
    action: str,
    summary: str,
    *,
    user=None,
    association_id: int | None = None,
    obj=None,
    via: str = "",
) -> LogEntry:
    """Add a log entry in the current transaction (the caller commits)."""
    if user is not None and association_id is None:
        association_id = user.association_id
    entry = LogEntry(
        coalition_id=coalition_id,
        action=action,
        summary=summary[:2000],
        user_id=getattr(user, "id", None),
        association_id=association_id,
        object_type=type(obj).__name__ if obj is not None else None,
        object_id=getattr(obj, "id", None),
        via=via,
    )
    db.session.add(entry)
    return entry
