"""Statement rules, one module per seam of the pages; this module gathers them for the
callers (views, demo, tests):

- `revisions`: the refusal `StatementError`, revisions by number, the save lock;
- `drafting`: creation, saves without lost edits (three-way merge), restore;
- `comments`: comments on a revision, resolved and reopened;
- `fate`: sent / answered / taken up, withdrawal, the public link;
- `reads`: every read of the pages (ORM readers and lean rows);
- `signoff`: the sign-off by consent (its own module).

Functions flush; the caller commits once (through `coordination.web.writes.perform`).
"""

from flask_babel import lazy_gettext as _l

from coordination.coalitions import transparency
from coordination.statements.comments import add_comment, reopen_comment, resolve_comment
from coordination.statements.drafting import (
    SAVE_ATTEMPTS,
    Conflict,
    SaveResult,
    create_statement,
    merge,
    restore,
    save,
    values_of,
)
from coordination.statements.fate import (
    PROGRESS,
    public_statement,
    record_event,
    set_public_link,
    withdraw,
)
from coordination.statements.reads import (
    STATEMENT_FACTS,
    CurrentRevision,
    EventLine,
    StatementFacts,
    comment_rows,
    comments,
    event_lines,
    events,
    recent_revisions,
    revisions,
    revisions_to_compare,
    signatories,
    signatory_rows,
    statements_of,
)
from coordination.statements.revisions import FIELDS, StatementError, current_revision, revision

__all__ = [
    "FIELDS",
    "PROGRESS",
    "SAVE_ATTEMPTS",
    "STATEMENT_FACTS",
    "Conflict",
    "CurrentRevision",
    "EventLine",
    "SaveResult",
    "StatementError",
    "StatementFacts",
    "add_comment",
    "comment_rows",
    "comments",
    "create_statement",
    "current_revision",
    "event_lines",
    "events",
    "merge",
    "public_statement",
    "recent_revisions",
    "record_event",
    "register_actions",
    "reopen_comment",
    "resolve_comment",
    "restore",
    "revision",
    "revisions",
    "revisions_to_compare",
    "save",
    "set_public_link",
    "signatories",
    "signatory_rows",
    "statements_of",
    "values_of",
    "withdraw",
]

ACTIONS = {
    "statement.created": _l("Statement started"),
    "statement.restored": _l("Earlier revision of a statement restored"),
    "statement.consultation_opened": _l("Statement put to the associations' sign-off"),
    "statement.consultation_reopened": _l("Statement edited during sign-off: answers asked again"),
    "statement.adopted": _l("Statement adopted"),
    "statement.back_to_draft": _l("Statement back to draft"),
    "statement.sent": _l("Statement sent"),
    "statement.answered": _l("Answer to a statement received"),
    "statement.taken_up": _l("Statement taken up"),
    "statement.withdrawn": _l("Statement withdrawn"),
    "statement.public_link": _l("Public link of a statement changed"),
}


def register_actions() -> None:
    for code, label in ACTIONS.items():
        transparency.register_action(code, label)
    transparency.register_summary(
        "statement.public_link",
        transparency.last_word({"on": _l("link opened"), "off": _l("link closed")}),
    )
