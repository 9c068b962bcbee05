"""The home page's "À faire" list (coordination/web/todo.py): one list per delegate, each
thing once, ordered by deadline, each line one tap from its page; the same lines in the
daily digest; a constant number of queries as data grows."""

import re
from datetime import date, timedelta

import pytest

from coordination.coalitions import operations as coalitions
from coordination.db import utcnow
from coordination.directory import operations as directory
from coordination.meetings import operations as meetings
from coordination.meetings import polls
from coordination.statements import operations as statements
from coordination.statements import signoff
from coordination.timezone import local_today
from coordination.web.todo import Todo, register_todo_source, todo_list, unregister_todo_source
from tests.conftest import count_queries


def _todo_section(page: str) -> str:
    start = page.index('id="todo-h"')
    return page[start : page.index("</section>", start)]


def _links(section: str) -> list[str]:
    return re.findall(r'<a href="([^"]+)">', section)


@pytest.fixture
def busy(db, make):
    """A coalition where one delegate has one of everything waiting."""
    world = make.world(n_members=3)
    me, other = world.delegates[0], world.delegates[1]
    c = world.coalition
    now = utcnow().replace(microsecond=0)

    def add(n: int = 1):
        made = []
        for i in range(n):
            dated = meetings.plan_meeting(
                c, other, starts_at=now + timedelta(days=40 + i), duration_minutes=90
            )
            undated = meetings.plan_meeting(c, other, title=f"Réunion à dater {i}")
            polls.open_poll(undated, other, [now + timedelta(days=50 + i)])
            meetings.add_action(
                dated,
                other,
                what=f"Appeler la CAF {i}",
                association_id=me.association_id,
                assignee_id=me.id,
                due_on=local_today() + timedelta(days=3 + i),
            )
            meetings.invite_speaker(
                dated, other, organisation=f"ADSEA {i}", topic="Protection", delegate_id=me.id
            )
            statement = statements.create_statement(
                c, by=other, title=f"Déclaration {i}", recipient="Préfecture", body="Texte.\n"
            )
            signoff.open_consultation(statement, by=other)
            coalitions.propose_settings(c, {"cadence_months": 4 + i}, by=other)
            institution = directory.create_institution(
                c, kind="caf", name=f"CAF {i}", territory="Brie", by=me
            )
            directory.create_contact(
                c,
                institution,
                by=me,
                name=f"Contact ancien {i}",
                checked_on=local_today() - timedelta(days=400),
            )
            made.append((statement, dated))
        return made

    world.add = add
    world.now = now
    return world


def test_one_list_without_duplicates_ordered_by_deadline(busy, login_as):
    ((statement, _meeting),) = busy.add()
    page = login_as(busy.delegates[0]).get("/").get_data(as_text=True)
    section = _todo_section(page)
    # the statement's sign-off is a collective decision too: listed once, as a statement
    assert section.count("Déclaration 0") == 1
    assert f"/statements/{statement.id}#sign-off" in section
    assert "statements-awaiting-h" not in page and "awaiting-h" not in page
    # every kind of line is there, each a link saying what to do and by when
    for expected in (
        "Signer la déclaration « Déclaration 0 »",
        "Répondre à la décision collective",
        "Donner les disponibilités de votre association pour « Réunion à dater 0 »",
        "Dire qui vient à la réunion du",
        "Action : Appeler la CAF 0",
        "Contacter l’intervenant·e ADSEA 0",
        "Vérifier que le contact Contact ancien 0 (CAF 0) est toujours à jour",
    ):
        assert expected in section, expected
    # soonest deadline first: the action (in 3 days) before the sign-off (in 14 days)
    # before the meeting (in 40 days); the stale contact, without deadline, last
    order = [
        section.index(text)
        for text in ("Appeler la CAF 0", "Déclaration 0", "Dire qui vient", "Contact ancien 0")
    ]
    assert order == sorted(order)
    assert "avant le" in section and "dernière vérification le" in section


def test_every_line_is_one_tap_from_a_page_that_opens(busy, login_as):
    busy.add()
    client = login_as(busy.delegates[0])
    section = _todo_section(client.get("/").get_data(as_text=True))
    links = _links(section)
    assert len(links) == 7
    for link in links:
        assert client.get(link.replace("&amp;", "&")).status_code == 200, link


def test_answered_things_leave_the_list(busy, login_as, db):
    ((statement, meeting),) = busy.add()
    me = busy.delegates[0]
    signoff.answer(statement, by=me, value="agree")
    meetings.set_attendance(meeting, me, user_ids=[me.id], extra_names=[], quota=2)
    section = _todo_section(login_as(me).get("/").get_data(as_text=True))
    assert "Déclaration 0" not in section
    assert "Dire qui vient" not in section


def test_another_delegate_sees_only_association_lines(busy, login_as, make):
    busy.add()
    colleague = make.delegate(busy.associations[0])
    section = _todo_section(login_as(colleague).get("/").get_data(as_text=True))
    assert "Déclaration 0" in section  # the association's answer
    assert "ADSEA 0" not in section  # the speaker is the first delegate's to contact
    assert "Appeler la CAF 0" not in section  # assigned to the first delegate by name
    outsider = _todo_section(login_as(busy.outsider).get("/").get_data(as_text=True))
    assert "Déclaration 0" not in outsider and "CAF 0" not in outsider


def test_home_queries_do_not_grow_with_what_is_waiting(busy, login_as):
    busy.add()
    client = login_as(busy.delegates[0])
    client.get("/")
    with count_queries() as small:
        client.get("/")
    busy.add(6)
    with count_queries() as large:
        page = client.get("/").get_data(as_text=True)
    assert _todo_section(page).count("<li") > 30
    assert len(large) == len(small), "\n".join(large)


def test_a_feature_adds_its_own_source_and_duplicates_are_kept_once(busy, app):
    me = busy.delegates[0]

    def campaign_source(user, coalitions, now):
        yield Todo("campaign:1", "Relancer la campagne", date.today(), "coalitions.home")
        yield Todo("campaign:1", "En double", None, "coalitions.home")

    register_todo_source("tests.campaigns", campaign_source, order=1)
    try:
        with app.test_request_context():
            lines = todo_list(me, [busy.coalition], utcnow())
    finally:
        unregister_todo_source("tests.campaigns")
    assert [t.what for t in lines if t.key == "campaign:1"] == ["Relancer la campagne"]


def test_the_daily_digest_lists_the_same_lines(busy, app, db):
    from coordination.notifications import digests, operations, preferences
    from coordination.notifications.delivery import deliver_due
    from coordination.notifications.models import DIGEST
    from tests.conftest import last_mail_text

    busy.add()
    me = busy.delegates[0]
    preferences.set_mode(me.id, DIGEST)
    with app.test_request_context():
        expected = [t.what for t in todo_list(me, [busy.coalition], utcnow())]
    operations.collect_due()
    digests.build_digests(force=True)
    db.session.commit()
    deliver_due()
    text = last_mail_text(app, me.email)
    assert "À faire" in text
    for line in expected:
        assert line in text, line
    positions = [text.index(line) for line in expected]
    assert positions == sorted(positions)


def test_late_lines_say_so_and_lines_name_their_collective(busy, login_as, make):
    ((_statement, meeting),) = busy.add()
    me = busy.delegates[0]
    meetings.add_action(
        meeting,
        busy.delegates[1],
        what="Relancer la mairie",
        association_id=me.association_id,
        due_on=local_today() - timedelta(days=2),
    )
    make.coalition([busy.associations[0], make.association()], name="Collectif du Val fictif")
    section = _todo_section(login_as(me).get("/").get_data(as_text=True))
    at = section.index("Relancer la mairie")
    assert section[section.rindex("<li", 0, at) : at].startswith('<li class="todo-item late"')
    after = section[at:]
    assert "en retard : c’était pour le" in after[:400]
    assert busy.coalition.name in after[:400]  # in several collectives: each line says which
