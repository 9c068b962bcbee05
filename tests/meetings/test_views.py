"""Meeting pages: scoping (404 across coalitions, guests see only their meetings), the
rotation's proposal on the form, cadence, swaps in the log, constant query counts."""

from datetime import timedelta

import pytest

from coordination.coalitions.models import GUEST, LogEntry, Membership
from coordination.db import utcnow
from coordination.meetings import operations, polls, reads
from coordination.meetings.models import HELD, Meeting, RotationSwap
from tests.conftest import count_queries
from tests.meetings.conftest import at

MEETING_PATHS = [
    "/c/{cid}/meetings/{mid}",
    "/c/{cid}/meetings/{mid}/edit",
    "/c/{cid}/meetings/{mid}/attendance",
    "/c/{cid}/meetings/{mid}/agenda/new",
    "/c/{cid}/meetings/{mid}/agenda/print",
    "/c/{cid}/meetings/{mid}/agenda.pdf",
    "/c/{cid}/meetings/{mid}/minutes",
    "/c/{cid}/meetings/{mid}/minutes/print",
    "/c/{cid}/meetings/{mid}/minutes.pdf",
    "/c/{cid}/meetings/{mid}/poll",
    "/c/{cid}/meetings/{mid}/actions/new",
    "/c/{cid}/meetings/{mid}/decisions",
    "/c/{cid}/meetings/{mid}/speakers/new",
    "/c/{cid}/meetings/{mid}.ics",
]
COALITION_PATHS = [
    "/c/{cid}/meetings",
    "/c/{cid}/meetings/new",
    "/c/{cid}/rotation",
    "/c/{cid}/rotation/swap",
    "/c/{cid}/actions",
    "/c/{cid}/meetings.ics",
]


@pytest.fixture
def scene(db, world, plan):
    first = world.delegates[0]
    meeting = plan(world.coalition, first)
    item = operations.propose_item(meeting, first, title="Point A")
    action = operations.add_action(
        meeting, first, what="Faire X", association_id=first.association_id
    )
    invitation = operations.invite_speaker(
        meeting, first, organisation="OFII fictif", topic="Accueil", agenda_item_id=item.id
    )
    return meeting, item, action, invitation


@pytest.mark.parametrize("path", MEETING_PATHS)
def test_another_coalitions_meeting_answers_404(world, scene, login_as, path):
    meeting = scene[0]
    c = login_as(world.outsider)
    assert c.get(path.format(cid=world.coalition.id, mid=meeting.id)).status_code == 404
    # Their own coalition id with our meeting id: still 404.
    assert c.get(path.format(cid=world.other_coalition.id, mid=meeting.id)).status_code == 404
    assert (
        login_as(world.delegates[1])
        .get(path.format(cid=world.coalition.id, mid=meeting.id))
        .status_code
        == 200
    )


@pytest.mark.parametrize("path", COALITION_PATHS)
def test_another_coalitions_pages_answer_404(world, login_as, path):
    c = login_as(world.outsider)
    assert c.get(path.format(cid=world.coalition.id)).status_code == 404
    assert c.get(path.format(cid=world.other_coalition.id)).status_code == 200


def test_other_objects_and_posts_across_coalitions_answer_404(db, world, scene, login_as, plan):
    meeting, item, action, invitation = scene
    theirs = plan(world.other_coalition, world.outsider)
    c = login_as(world.outsider)
    own = f"/c/{world.other_coalition.id}"
    for path in (
        f"{own}/speakers/{invitation.id}",
        f"{own}/speakers/{invitation.id}/letter",
        f"{own}/speakers/{invitation.id}/letter.pdf",
    ):
        assert c.get(path).status_code == 404
    token_page = f"{own}/meetings/{theirs.id}"
    posts = [
        (f"{own}/actions/{action.id}/status", {"status": "done"}),
        (f"{own}/meetings/{theirs.id}/agenda/{item.id}/move", {"direction": "up"}),
        (f"{own}/speakers/{invitation.id}/status", {"status": "invited"}),
        (f"/c/{world.coalition.id}/meetings/{meeting.id}/status", {"status": "planned"}),
        (f"/c/{world.coalition.id}/meetings/{meeting.id}/cancel", {}),
        (f"/c/{world.coalition.id}/meetings/{meeting.id}/held", {}),
        (f"/c/{world.coalition.id}/meetings/{meeting.id}/attendance", {"extra_names": "X"}),
    ]
    for url, data in posts:
        assert c.post(url, data, token_from=token_page).status_code == 404, url
    db.session.expire_all()
    assert action.status == "open" and meeting.status == "planned"


def test_guest_association_sees_only_meetings_it_is_invited_to(db, world, plan, make, login_as):
    guest_association = make.association()
    guest = make.delegate(guest_association)
    db.session.add(
        Membership(coalition_id=world.coalition.id, association_id=guest_association.id, role=GUEST)
    )
    db.session.flush()
    invited = plan(world.coalition, world.delegates[0], title="Réunion ouverte")
    hidden = plan(world.coalition, world.delegates[0], title="Réunion interne")
    operations.invite_guest_association(invited, guest_association.id, world.delegates[0])
    c = login_as(guest)
    listing = c.get(f"/c/{world.coalition.id}/meetings").get_data(as_text=True)
    assert "Réunion ouverte" in listing and "Réunion interne" not in listing
    assert c.get(f"/c/{world.coalition.id}/meetings/{invited.id}").status_code == 200
    assert c.get(f"/c/{world.coalition.id}/meetings/{hidden.id}").status_code == 404
    assert c.get(f"/c/{world.coalition.id}/meetings/{invited.id}/edit").status_code == 404
    assert c.get(f"/c/{world.coalition.id}/rotation").status_code == 404
    assert c.get(f"/c/{world.coalition.id}/meetings/{invited.id}/minutes").status_code == 404
    feed = c.get(f"/c/{world.coalition.id}/meetings.ics").get_data(as_text=True)
    assert feed.count("BEGIN:VEVENT") == 1
    nav = c.get(f"/c/{world.coalition.id}").get_data(as_text=True)
    assert f"/c/{world.coalition.id}/meetings" in nav  # the sub-nav link is shown to guests


def test_plan_form_is_prefilled_with_the_rotation_and_explains_it(db, world, login_as):
    first, second, third = world.delegates
    c = login_as(first)
    page = c.get(f"/c/{world.coalition.id}/meetings/new").get_data(as_text=True)
    names = sorted(a.name for a in world.associations)
    assert f'<option selected value="{_id_of(world, names[0])}">' in page
    assert "Prochaine réunion proposée" in page and "choisissez la date de la première" in page
    url = f"/c/{world.coalition.id}/meetings/new"
    r = c.post(
        url,
        {
            "title": "Trimestrielle",
            "starts_at": "2027-03-16T14:00",
            "duration_minutes": "150",
            "host_association_id": _id_of(world, names[0]),
            "facilitator_id": "0",
            "note_taker_id": "0",
            "video_url": "javascript:x",
        },
        token_from=url,
    )
    assert r.status_code == 400
    assert 'value="Trimestrielle"' in r.get_data(as_text=True)
    r = c.post(
        url,
        {
            "title": "Trimestrielle",
            "starts_at": "2027-03-16T14:00",
            "duration_minutes": "150",
            "host_association_id": _id_of(world, names[0]),
            "facilitator_id": "0",
            "note_taker_id": "0",
            "place": "",
        },
        token_from=url,
    )
    assert r.status_code == 302
    meeting = db.session.query(Meeting).filter_by(title="Trimestrielle").one()
    host = next(a for a in world.associations if a.name == names[0])
    assert meeting.place == f"{host.venue_name}\n{host.address}"  # the host's venue by default
    assert meeting.starts_at == at(2027, 3, 16, 13, 0)  # 14:00 Paris in winter = 13:00 UTC
    log = db.session.query(LogEntry).filter_by(action="meeting.planned").count()
    assert log == 1


def _id_of(world, name):
    return next(a.id for a in world.associations if a.name == name)


def test_marking_held_proposes_the_next_meeting_at_the_cadence(db, world, plan, login_as):
    world.coalition.cadence_months = 3
    first = world.delegates[0]
    meeting = plan(world.coalition, first, starts_at=at(2026, 9, 15, 12, 0))  # 14:00 Paris
    c = login_as(first)
    confirm_url = f"/c/{world.coalition.id}/meetings/{meeting.id}/held"
    confirmation = c.get(confirm_url)
    assert confirmation.status_code == 200
    assert "Ce qui va se passer" in confirmation.get_data(as_text=True)
    db.session.expire_all()
    assert meeting.status != HELD  # opening the page changes nothing
    r = c.post(confirm_url, {}, token_from=confirm_url)
    assert r.status_code == 302 and r.headers["Location"].endswith(
        f"/c/{world.coalition.id}/meetings/new"
    )
    form = c.get(r.headers["Location"]).get_data(as_text=True)
    assert 'value="2026-12-15T14:00"' in form  # same wall-clock time, three months later
    db.session.expire_all()
    assert meeting.status == HELD
    listing = c.get(f"/c/{world.coalition.id}/meetings").get_data(as_text=True)
    assert "mardi 15 décembre 2026, 14:00" in listing  # the proposal, until it is planned


def test_swap_is_a_real_action_logged_and_changes_the_proposal(db, world, login_as):
    first, second, third = world.delegates
    c = login_as(third)
    url = f"/c/{world.coalition.id}/rotation/swap"
    proposed = operations.propose_roles(world.coalition, utcnow().date())["host"].choice
    other = next(a.id for a in world.associations if a.id != proposed)
    r = c.post(url, {"role": "host", "gave_id": proposed, "took_id": proposed}, token_from=url)
    assert r.status_code == 400
    r = c.post(
        url,
        {
            "role": "host",
            "gave_id": proposed,
            "took_id": other,
            "note": "Leur salle est en travaux",
        },
        token_from=url,
    )
    assert r.status_code == 302
    assert db.session.query(RotationSwap).count() == 1
    entry = db.session.query(LogEntry).filter_by(action="meeting.swap_recorded").one()
    assert "Leur salle est en travaux" in entry.summary
    assert operations.propose_roles(world.coalition, utcnow().date())["host"].choice == other
    page = c.get(f"/c/{world.coalition.id}/rotation").get_data(as_text=True)
    assert "Leur salle est en travaux" in page


def test_home_panel_lists_the_next_meetings(db, world, plan, login_as):
    plan(world.coalition, world.delegates[0], title="Prochaine trimestrielle", days=5)
    plan(world.coalition, world.delegates[0], title="Déjà passée", days=-5)
    page = login_as(world.delegates[1]).get("/").get_data(as_text=True)
    assert "Vos prochaines réunions" in page
    assert "Prochaine trimestrielle" in page and "Déjà passée" not in page


def _grow(world, meeting, n):
    first, second, third = world.delegates
    for k in range(n):
        item = operations.propose_item(
            meeting,
            world.delegates[k % 3],
            title=f"Point {k}",
            urgent=k % 4 == 0 or meeting.starts_at < utcnow(),
            links="https://example.org/a",
        )
        operations.add_action(
            meeting,
            first,
            what=f"Action {k}",
            association_id=second.association_id,
            assignee_id=second.id,
        )
        operations.record_decision(meeting, first, f"Décision {k}")
        operations.invite_speaker(
            meeting,
            first,
            organisation=f"Org {k}",
            topic="T",
            agenda_item_id=item.id,
            delegate_id=third.id,
        )
    for user in world.delegates:
        operations.set_attendance(
            meeting, user, user_ids=[user.id], extra_names=["Invité"], quota=2
        )


def test_meeting_and_agenda_pages_run_a_constant_number_of_queries(db, world, plan, login_as):
    first = world.delegates[0]
    earlier = plan(world.coalition, first, days=-60)
    meeting = plan(world.coalition, first)
    poll_meeting = plan(world.coalition, first, starts_at=None)
    poll = polls.open_poll(poll_meeting, first, [at(2027, 5, 4), at(2027, 5, 11)])
    own_item = operations.propose_item(meeting, first, title="Notre point")
    c = login_as(first)
    cid = world.coalition.id
    pages = [
        f"/c/{cid}/meetings/new",
        f"/c/{cid}/meetings/{poll_meeting.id}/poll/close",
        f"/c/{cid}/meetings/{earlier.id}/held",
        f"/c/{cid}/meetings/{meeting.id}/cancel",
        f"/c/{cid}/meetings/{meeting.id}/agenda/{own_item.id}/edit",
        f"/c/{cid}/meetings/{meeting.id}/agenda/{own_item.id}/withdraw",
        f"/c/{cid}/meetings/{meeting.id}",
        f"/c/{cid}/meetings/{meeting.id}/agenda/print",
        f"/c/{cid}/meetings/{meeting.id}/minutes/print",
        f"/c/{cid}/meetings/{poll_meeting.id}/poll",
        f"/c/{cid}/meetings",
        f"/c/{cid}/actions",
        f"/c/{cid}/rotation",
        f"/c/{cid}/meetings.ics",
    ]
    _grow(world, meeting, 1)
    _grow(world, earlier, 1)
    for p in pages:
        c.get(p)
    small = {}
    for p in pages:
        with count_queries() as q:
            assert c.get(p).status_code == 200
        small[p] = len(q)
    _grow(world, meeting, 12)
    _grow(world, earlier, 12)
    for k in range(8):
        plan(world.coalition, first, days=-100 - 90 * k)
    slots = polls.slots_of(poll)
    for user in world.delegates:
        polls.answer(poll, user, {s.id: "yes" for s in slots})
    for p in pages:
        with count_queries() as q:
            assert c.get(p).status_code == 200
        assert len(q) == small[p], (p, small[p], len(q))
    # The meeting page: 3 queries as on every page (session and delegate, memberships,
    # unread notifications), 7 for the meeting (meetings/page.py: the 7th is the state of
    # its minutes and the minutes approved there), 1 for its commitments.
    assert small[f"/c/{cid}/meetings/{meeting.id}"] <= 11


def test_transparency_log_reads_in_french(db, world, plan, login_as):
    meeting = plan(world.coalition, world.delegates[0])
    operations.set_status(meeting, "cancelled", world.delegates[0])
    page = login_as(world.delegates[1]).get(f"/c/{world.coalition.id}/log").get_data(as_text=True)
    assert "Réunion planifiée" in page and "Réunion annulée" in page


def test_demo_data_loads(db, app):
    from coordination.demo import data

    world = data.load()
    brie = world.coalitions["brie"]
    meetings = db.session.query(Meeting).filter_by(coalition_id=brie.id).all()
    held = [m for m in meetings if m.status == HELD]
    assert len(held) == 6
    hosts = [m.host_association_id for m in sorted(held, key=lambda m: m.starts_at)]
    able = {a.id for a in world.associations.values() if a.can_host}
    assert set(hosts[:3]) <= able and len(set(hosts[:3])) == 3  # three able hosts in turn
    assert world.associations["fraternel"].id not in hosts
    upcoming = [m for m in meetings if m.status == "planned" and m.starts_at]
    assert upcoming and any(i.urgent for i in operations.agenda_items(upcoming[0].id))
    speakers = reads.speakers(upcoming[0].id)
    assert [(s.organisation, s.status) for s in speakers] == [
        ("Association départementale de protection de l'enfance (fictive)", "invited")
    ]
    follow_up, _ = reads.action_items(upcoming[0], own=False)
    assert [r.what for r in follow_up] == [
        "Recenser les familles sans solution de garde pendant les distributions",
        "Demander un rendez-vous au service social départemental",
    ]
    undated = [m for m in meetings if m.starts_at is None]
    assert polls.poll_of(undated[0]).is_open
    assert upcoming[0].starts_at > utcnow() and upcoming[0].starts_at < utcnow() + timedelta(
        days=40
    )
