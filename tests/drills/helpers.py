"""Shared by the drills: a demo instance in-process, its forms, its counts."""

import html
import re

import sqlalchemy as sa

from coordination import create_app
from coordination.demo.data import DELEGATES, DEMO_PASSWORD
from coordination.extensions import db

CHEAP_HASHES = {"ARGON2_TIME_COST": 1, "ARGON2_MEMORY_COST": 1024}


def demo_app(url: str, **config):
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "drill", "TESTING": True, **config}
    )
    with app.app_context():
        app.config.update(CHEAP_HASHES)
        db.create_all()
        from coordination.demo import data

        data.load()
        db.session.commit()
    return app


def csrf(body: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', body).group(1)


def input_value(page: str, name: str) -> str:
    match = re.search(rf'<input [^>]*name="{name}"[^>]*value="([^"]*)"', page)
    assert match, f"no input {name}"
    return html.unescape(match.group(1))


def textarea_value(page: str, name: str) -> str:
    match = re.search(rf'<textarea [^>]*name="{name}"[^>]*>(.*?)</textarea>', page, re.S)
    assert match, f"no textarea {name}"
    return html.unescape(re.sub(r"^\r?\n", "", match.group(1)))


def hidden_fields(page: str) -> dict[str, str]:
    return {
        html.unescape(n): html.unescape(v)
        for n, v in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page)
    }


def draft_and_editor(conn) -> tuple[int, int, str]:
    """(coalition id, draft statement id, e-mail of a demo delegate of a member)."""
    emails = {email for _k, _n, email, _l in DELEGATES}
    rows = conn.execute(
        sa.text(
            "SELECT s.coalition_id, s.id, u.email FROM statement s JOIN membership m ON "
            "m.coalition_id = s.coalition_id AND m.left_on IS NULL AND m.role = 'member' "
            'JOIN "user" u ON u.association_id = m.association_id AND u.active '
            "WHERE s.status = 'draft' ORDER BY s.id, u.id"
        )
    ).all()
    return next((c, s, e) for c, s, e in rows if e in emails)


def login(client, email: str) -> None:
    token = csrf(client.get("/login").get_data(as_text=True))
    reply = client.post(
        "/login", data={"email": email, "password": DEMO_PASSWORD, "csrf_token": token}
    )
    assert reply.status_code == 302, reply.get_data(as_text=True)[:1000]


def statement_form(page: str, body: str, summary: str) -> dict[str, str]:
    return {
        "csrf_token": csrf(page),
        "base_revision_id": input_value(page, "base_revision_id"),
        "title": input_value(page, "title"),
        "recipient": input_value(page, "recipient"),
        "purpose": textarea_value(page, "purpose"),
        "body": body,
        "summary": summary,
    }


def revision_numbers(conn, statement_id: int) -> list[int]:
    return list(
        conn.execute(
            sa.text(
                "SELECT number FROM statement_revision WHERE statement_id = :s ORDER BY number"
            ),
            {"s": statement_id},
        ).scalars()
    )
