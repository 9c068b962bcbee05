"""The transparency log: who changed what in a coalition, readable by all its members.

An entry stores an action code and the data it is about (a title, a name), without any
language: codes of answers and fields, and Paris times as `timezone.local_text` writes
them ("2027-01-14 18:00"). Everything is put into words when shown (`summary_text`), so
members read the log in their own language: the action's label, the dates, and the codes
a feature declares for its actions (`register_summary`: an answer, a field's name).
"""

import re
from collections.abc import Callable
from datetime import datetime

from flask_babel import lazy_gettext as _l

from coordination.coalitions.models import LogEntry
from coordination.extensions import db
from coordination.timezone import to_utc
from coordination.web.i18n import formatted, lazy_text

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


# --- summaries shown in words -------------------------------------------------------------

_LOCAL_TIME = re.compile(r"\b(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})\b")
_summaries: dict[str, Callable[[str], str]] = {}


def register_summary(action: str, formatter: Callable[[str], str]) -> None:
    """How an action's stored summary reads (e.g. its answer code put into words)."""
    _summaries.setdefault(action, formatter)


def _label(key: str, code: str, words: dict) -> str:
    return lazy_text(("log word", key, code), words[code])


def last_word(words: dict) -> Callable[[str], str]:
    """A summary "<title> — <code>": the code (an answer, on/off) put into words."""

    def fmt(summary: str) -> str:
        head, sep, code = summary.rpartition(" — ")
        return f"{head}{sep}{_label('last', code, words)}" if sep and code in words else summary

    return fmt


def field_names(words: dict) -> Callable[[str], str]:
    """A summary "<…>: a, b" or "a = 1, b = 2": each field's code put into its label."""
    pattern = re.compile(
        r"(?<![\w.])(" + "|".join(re.escape(k) for k in sorted(words, key=len, reverse=True)) + r")"
        r"(?=$|,| =)"
    )
    return lambda summary: pattern.sub(lambda m: str(_label("field", m[1], words)), summary)


def labels_of(form_class, names) -> dict:
    """{field name: its lazy label} of a WTForms form class (unbound fields)."""
    result = {}
    for name in names:
        field = getattr(form_class, name, None)
        label = field.kwargs.get("label") or (field.args[0] if field.args else None)
        if label is not None:
            result[name] = label
    return result


def _in_words(match: re.Match) -> str:
    year, month, day, hour, minute = (int(x) for x in match.groups())
    try:
        local = datetime(year, month, day, hour, minute)
    except ValueError:
        return match[0]
    return formatted("datetime", to_utc(local), "d MMMM y, HH:mm")


def summary_text(action: str, summary: str) -> str:
    """An entry's summary as a member reads it: codes and dates in words."""
    formatter = _summaries.get(action)
    text = formatter(summary) if formatter else summary
    return _LOCAL_TIME.sub(_in_words, text)


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
