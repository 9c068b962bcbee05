"""Everything the platform holds about one delegate, for their right of access (GDPR
art. 15): their account, and every row of every table that points at them.

Each table holding a user id is listed in SECTIONS, with why it holds one; the test
(tests/accounts/test_own_data.py) reads the schema and fails when a table with a user id
is missing here. Secrets are left out (every `*_hash` column: password, session, link
and recovery code hashes; and the authenticator application's key, `second_factor.secret`:
it is a credential, not information about the person, and a copy of it in a downloaded
file would let whoever finds the file make codes for ever), and so are third parties'
contact details in rows the delegate only wrote (a civil servant's phone number is theirs,
not the delegate's).
"""

from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from coordination.extensions import db

# table -> (title, columns of the table that hold this user's id)
SECTIONS: dict[str, tuple] = {
    "user_session": (_l("Your sessions (devices logged in)"), ("user_id",)),
    "second_factor": (
        _l("Your authenticator application: when set up and last used (not its key)"),
        ("user_id",),
    ),
    "recovery_code": (
        _l("Your recovery codes: when made and used (the codes themselves are not kept)"),
        ("user_id",),
    ),
    "account_token": (_l("Invitations and password reset links"), ("user_id", "created_by_id")),
    "notification_setting": (_l("Your notification settings"), ("user_id",)),
    "notification_preference": (_l("Your notification choices"), ("user_id",)),
    "notification": (_l("Notifications sent to you"), ("user_id",)),
    "email_delivery": (_l("E-mails sent to you"), ("user_id",)),
    "calendar_feed": (_l("Your calendar feeds"), ("user_id",)),
    "answer_link": (_l("Answer links sent to you by e-mail"), ("user_id",)),
    "log_entry": (_l("What you did, in the coalitions' transparency logs"), ("user_id",)),
    "decision": (_l("Decisions you opened"), ("opened_by_id",)),
    "decision_answer": (_l("Your answers to decisions"), ("user_id",)),
    "meeting": (
        _l("Meetings you created, facilitated, took notes of or whose minutes you edited"),
        ("facilitator_id", "note_taker_id", "minutes_updated_by_id", "created_by_id"),
    ),
    "agenda_item": (_l("Agenda items you proposed"), ("proposed_by_id",)),
    "attendance": (_l("Your attendance at meetings"), ("user_id",)),
    "date_poll": (_l("Date polls you opened"), ("created_by_id",)),
    "poll_answer": (_l("Your answers to date polls"), ("user_id",)),
    "meeting_decision": (_l("Meeting decisions you recorded"), ("recorded_by_id",)),
    "minutes_revision": (_l("Versions of meeting minutes you wrote"), ("author_id",)),
    "minutes_approval": (_l("Approvals of meeting minutes you recorded"), ("approved_by_id",)),
    "action_item": (_l("Action items assigned to you"), ("assignee_id",)),
    "rotation_swap": (_l("Role swaps you recorded"), ("recorded_by_id",)),
    "guest_invitation": (_l("Guest speakers you invited"), ("delegate_id",)),
    "guest_status_change": (_l("Changes you made to guest invitations"), ("by_id",)),
    "statement": (_l("Statements you started"), ("created_by_id",)),
    "statement_revision": (_l("Statement versions you wrote"), ("author_id",)),
    "statement_comment": (_l("Your comments on statements"), ("author_id", "resolved_by_id")),
    "statement_event": (_l("Statement events you recorded"), ("user_id",)),
    "institution": (_l("Institutions you added to the directory"), ("created_by_id",)),
    "office": (_l("Offices you added to the directory"), ("created_by_id",)),
    "contact": (_l("Contacts you added or checked"), ("added_by_id", "last_checked_by_id")),
    "contact_access": (_l("Contact details you opened"), ("user_id",)),
    "contact_import": (_l("Contact imports you made"), ("user_id",)),
    "directory_export": (_l("Directory exports you made"), ("user_id",)),
    "situation": (_l("Situations you follow"), ("followed_by_id",)),
    "situation_step": (_l("Steps you recorded on situations"), ("author_id",)),
    "commitment": (_l("Commitments you recorded"), ("created_by_id",)),
    "commitment_follow_up": (_l("Follow-ups you wrote on commitments"), ("author_id",)),
    "search_synonym": (_l("Search words you added"), ("created_by_id",)),
    "campaign": (_l("Campaigns you started"), ("created_by_id",)),
    "campaign_step": (_l("Campaign steps you recorded"), ("created_by_id",)),
}
# Not a user id but about you: failed and successful logins with your address.
BY_EMAIL = {"login_attempt": _l("Logins with your address")}

# Other people's details in rows the delegate wrote: not the delegate's data.
THIRD_PARTY = {
    "contact": {"phone", "email", "notes", "reach_hours", "channel"},
    "guest_invitation": {"email", "phone", "postal_address"},
    "office": {"public_phone", "appointment_rules"},
}
SKIPPED_USER_COLUMNS = {"password_hash"}
SECRETS = {"secret"}


def _plain(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _columns(table: sa.Table) -> list[sa.Column]:
    hidden = THIRD_PARTY.get(table.name, set())
    return [
        c
        for c in table.columns
        if not c.name.endswith("_hash") and c.name not in hidden and c.name not in SECRETS
    ]


def _rows(table: sa.Table, where) -> list[dict]:
    columns = _columns(table)
    order = [c for c in table.primary_key.columns]
    rows = db.session.execute(sa.select(*columns).where(where).order_by(*order)).all()
    return [{c.name: _plain(v) for c, v in zip(columns, row, strict=True)} for row in rows]


def own_data(user) -> dict:
    """{"account": {...}, "sections": [{"table", "title", "rows"}]} for `user`."""
    tables = db.metadata.tables
    account_table = tables["user"]
    account = _rows(account_table, account_table.c.id == user.id)[0]
    for name in SKIPPED_USER_COLUMNS:
        account.pop(name, None)
    account["association"] = user.association.name
    sections = []
    for name, (title, columns) in SECTIONS.items():
        table = tables[name]
        where = sa.or_(*(table.c[column] == user.id for column in columns))
        sections.append({"table": name, "title": str(title), "rows": _rows(table, where)})
    for name, title in BY_EMAIL.items():
        table = tables[name]
        sections.append(
            {"table": name, "title": str(title), "rows": _rows(table, table.c.email == user.email)}
        )
    return {"account": account, "sections": sections}
