"""A delegate downloads everything the platform holds about them (JSON and a page).

Completeness: the schema is read, every table with a column pointing at user.id is listed,
and the export must cover each of those columns; a new table holding a user id fails here
until it is added to coordination/accounts/own_data.SECTIONS."""

import json

import sqlalchemy as sa

from coordination.accounts import own_data
from coordination.accounts.models import UserSession
from coordination.extensions import db as _db

# Every table holding a user id, as the schema had it when this test was written.
TABLES_WITH_A_USER_ID = {
    "account_token", "action_item", "agenda_item", "answer_link", "attendance", "calendar_feed",
    "campaign", "campaign_step", "commitment",
    "commitment_follow_up", "contact", "contact_access", "contact_import", "date_poll",
    "decision", "decision_answer", "directory_export", "email_delivery", "guest_invitation",
    "guest_status_change", "institution", "log_entry", "meeting",
    "meeting_decision", "minutes_approval", "minutes_revision", "notification",
    "notification_preference", "notification_setting", "office", "poll_answer", "recovery_code",
    "rotation_swap", "search_synonym", "second_factor", "situation", "situation_step",
    "statement", "statement_comment",
    "statement_event", "statement_revision", "user_session",
}  # fmt: skip


def _user_id_columns() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for table in _db.metadata.sorted_tables:
        for column in table.columns:
            if any(fk.column.table.name == "user" for fk in column.foreign_keys):
                found.setdefault(table.name, set()).add(column.name)
    return found


def test_every_table_holding_a_user_id_is_in_the_export(app):
    found = _user_id_columns()
    print(f"{len(found)} tables hold a user id: {', '.join(sorted(found))}")
    assert set(found) == TABLES_WITH_A_USER_ID, set(found) ^ TABLES_WITH_A_USER_ID
    for table, columns in found.items():
        assert table in own_data.SECTIONS, f"{table} is not exported"
        assert columns == set(own_data.SECTIONS[table][1]), table


def test_the_export_holds_this_delegates_rows_and_no_one_elses(app, db, make, login_as):
    world = make.world()
    me, other = world.delegates[0], world.delegates[1]
    client = login_as(me)
    login_as(other)
    response = client.get("/profile/my-data.json")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"
    data = json.loads(response.get_data(as_text=True))
    assert data["account"]["email"] == me.email and "password_hash" not in data["account"]
    sections = {s["table"]: s["rows"] for s in data["sections"]}
    assert set(sections) == set(own_data.SECTIONS) | set(own_data.BY_EMAIL)
    mine = db.session.scalar(
        sa.select(sa.func.count(UserSession.id)).where(UserSession.user_id == me.id)
    )
    assert len(sections["user_session"]) == mine >= 1
    assert all(r["user_id"] == me.id for r in sections["user_session"])
    assert all("key_hash" not in r for r in sections["user_session"])
    assert [r["succeeded"] for r in sections["login_attempt"]] == [True]
    text = response.get_data(as_text=True)
    assert other.email not in text
    print(f"export: {sum(len(r) for r in sections.values())} rows in {len(sections)} sections")


def test_the_readable_page_is_linked_from_the_profile(app, db, make, login_as):
    me = make.delegate()
    client = login_as(me)
    assert "/profile/my-data" in client.get("/profile").get_data(as_text=True)
    page = client.get("/profile/my-data")
    body = page.get_data(as_text=True)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    assert "Mes données" in body and "Vos sessions" in body and me.email in body
    assert client.client.get("/profile/my-data.json").status_code == 200


def test_logged_out_visitors_are_sent_to_login(client):
    assert client.get("/profile/my-data").status_code == 302
    assert client.get("/profile/my-data.json").status_code == 302


def test_on_the_demo_every_section_counts_what_the_schema_holds(app, db):
    from coordination.accounts.models import User
    from coordination.demo import data

    data.load()
    db.session.flush()
    found = _user_id_columns()
    best = None
    for user in db.session.scalars(sa.select(User)):
        exported = own_data.own_data(user)
        total = sum(len(s["rows"]) for s in exported["sections"])
        if best is None or total > best[1]:
            best = (user, total, exported)
    user, total, exported = best
    sections = {s["table"]: s["rows"] for s in exported["sections"]}
    for table, columns in found.items():
        t = _db.metadata.tables[table]
        expected = db.session.scalar(
            sa.select(sa.func.count())
            .select_from(t)
            .where(sa.or_(*(t.c[c] == user.id for c in columns)))
        )
        assert len(sections[table]) == expected, table
    filled = [name for name, rows in sections.items() if rows]
    print(f"demo delegate {user.id}: {total} rows exported, {len(filled)} sections not empty")
    assert total > 20 and len(filled) >= 8
