"""Answering from the e-mail: the reminders go through a real SMTP server (aiosmtpd, the
notifications' fixtures), and each test reads its link from the message received."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa

from coordination.db import utcnow
from coordination.meetings import operations as meetings
from coordination.meetings import polls
from coordination.notifications import tasks
from coordination.statements import operations as statements
from coordination.statements import signoff
from tests.notifications.conftest import open_decision, smtp, smtp_server  # noqa: F401

LINK = r"https?://[^\s<>\"]+/reply/{kind}/\d+/[A-Za-z0-9_-]+"


def text_of(message) -> str:
    return message.get_body(("plain",)).get_content()


def html_of(message) -> str:
    return message.get_body(("html",)).get_content()


def link_in(message, kind: str) -> str:
    """The path of the answer link of this kind in a received message (text part), checked
    to be the same link as the HTML part's button."""
    found = re.findall(LINK.format(kind=kind), text_of(message))
    assert found, f"no {kind} answer link in:\n{text_of(message)}"
    assert found[0] in html_of(message)
    return urlsplit(found[0]).path


def snapshot(db) -> dict:
    """Every row of every table: opening a link must leave them all as they were."""
    db.session.expire_all()
    return {
        table.name: sorted(repr(tuple(row)) for row in db.session.execute(sa.select(table)))
        for table in db.metadata.sorted_tables
    }


def opened(client, db, url: str) -> str:
    """GET the link's page: 200, private headers, and not one row written."""
    before = snapshot(db)
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert snapshot(db) == before, "opening the link changed the database"
    return response.get_data(as_text=True)


def form_of(page: str) -> tuple[str, str]:
    """(action, token) of the answer page's form."""
    action = re.search(r'<form method="post" action="([^"]+)"', page).group(1)
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    return action, token


def answer(client, url: str, data: dict):
    """Open the link's page and confirm it with `data` (plus the form's token)."""
    page = client.get(url)
    assert page.status_code == 200, page.get_data(as_text=True)[:500]
    action, token = form_of(page.get_data(as_text=True))
    return client.post(action, data={"token": token, **data})


@pytest.fixture
def world(make):
    return make.world(n_members=3)


@pytest.fixture
def mailed(smtp):  # noqa: F811
    """mailed(address) -> the messages the SMTP server received for it, after a sweep."""

    def _mailed(address):
        tasks.sweep()
        return smtp.to(address)

    return _mailed


@pytest.fixture
def decision(world, db):
    made = open_decision(world)
    db.session.commit()
    return made


@pytest.fixture
def statement_in_consultation(world, db):
    statement = statements.create_statement(
        world.coalition,
        by=world.delegates[0],
        title="Pour une aide alimentaire stable",
        recipient="Conseil départemental (fictif)",
        purpose="Maintenir la subvention",
        body="Nous demandons un financement **stable** de l'aide alimentaire.",
    )
    signoff.open_consultation(statement, by=world.delegates[0])
    db.session.commit()
    return statement


@pytest.fixture
def meeting(world, db):
    made = meetings.plan_meeting(
        world.coalition,
        world.delegates[0],
        starts_at=(utcnow() + timedelta(days=5)).replace(microsecond=0),
        duration_minutes=120,
        place="Salle des fêtes fictive, 1 place Imaginaire",
    )
    db.session.commit()
    return made


@pytest.fixture
def poll(world, db):
    undated = meetings.plan_meeting(world.coalition, world.delegates[0], starts_at=None)
    start = (utcnow() + timedelta(days=10)).replace(minute=0, second=0, microsecond=0)
    made = polls.open_poll(undated, world.delegates[0], [start, start + timedelta(days=1)])
    db.session.commit()
    return made
