"""Open agenda: proposal window, urgent items, ordering, total time, follow-up items;
attendance quota; minutes and action items carried over."""

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from coordination.db import utcnow
from coordination.meetings import operations, reads
from coordination.meetings.models import HELD, ActionItem
from coordination.meetings.operations import MeetingError, MinutesConflict


def test_items_until_the_start_then_only_urgent_ones_even_on_the_day(db, world, plan):
    first, second, _ = world.delegates
    meeting = plan(world.coalition, first, days=3)
    item = operations.propose_item(meeting, second, title="Colis d'hiver", duration_minutes=30)
    assert item.proposer_association_id == second.association_id and not item.urgent
    during = meeting.starts_at + timedelta(minutes=20)
    with pytest.raises(MeetingError, match="urgent"):
        operations.propose_item(meeting, first, title="Trop tard", now=during)
    urgent = operations.propose_item(meeting, first, title="Fermeture CAF", urgent=True, now=during)
    assert urgent.urgent
    operations.set_status(meeting, HELD, first, now=during)
    with pytest.raises(MeetingError):
        operations.propose_item(meeting, first, title="Après coup", urgent=True)


def test_outsiders_cannot_propose_and_guests_only_when_invited(db, world, plan, make):
    guest_association = make.association()
    guest = make.delegate(guest_association)
    from coordination.coalitions.models import GUEST, Membership

    db.session.add(
        Membership(coalition_id=world.coalition.id, association_id=guest_association.id, role=GUEST)
    )
    db.session.flush()
    meeting = plan(world.coalition, world.delegates[0])
    with pytest.raises(MeetingError):
        operations.propose_item(meeting, world.outsider, title="Intrus")
    with pytest.raises(MeetingError):
        operations.propose_item(meeting, guest, title="Pas encore invitée")
    operations.invite_guest_association(meeting, guest_association.id, world.delegates[0])
    item = operations.propose_item(meeting, guest, title="Notre nouveau local")
    assert item.proposer_association_id == guest_association.id


def test_move_up_and_down_keeps_a_clean_order(db, world, plan):
    first = world.delegates[0]
    meeting = plan(world.coalition, first)
    a, b, c = (operations.propose_item(meeting, first, title=t) for t in "ABC")
    assert operations.move_item(c, "up", first)
    assert [i.title for i in operations.agenda_items(meeting.id)] == ["A", "C", "B"]
    assert operations.move_item(a, "down", first)
    assert [i.title for i in operations.agenda_items(meeting.id)] == ["C", "A", "B"]
    assert not operations.move_item(c, "up", first)  # already first
    assert [i.position for i in operations.agenda_items(meeting.id)] == [1, 2, 3]


def test_agenda_page_shows_total_time_urgent_badge_and_move_buttons(db, world, plan, login_as):
    first = world.delegates[0]
    meeting = plan(world.coalition, first, duration_minutes=60)
    operations.propose_item(meeting, first, title="Long sujet", duration_minutes=50)
    operations.propose_item(
        meeting, first, title="Urgence logement", duration_minutes=20, urgent=True
    )
    c = login_as(world.delegates[1])
    url = f"/c/{world.coalition.id}/meetings/{meeting.id}"
    page = c.get(url).get_data(as_text=True)
    assert "70 min (1 h 10)" in page and "60 min (1 h 00)" in page
    assert "plus long que la réunion de 10 min" in page
    assert 'class="badge urgent">urgent' in page
    assert page.count('name="direction" value="up"') == 1
    assert page.count('name="direction" value="down"') == 1
    second_item = operations.agenda_items(meeting.id)[1]
    r = c.post(f"{url}/agenda/{second_item.id}/move", {"direction": "up"}, token_from=url)
    assert r.status_code == 302
    db.session.expire_all()
    assert [i.title for i in operations.agenda_items(meeting.id)][0] == "Urgence logement"


def test_proposing_through_the_page_validates_links_and_keeps_input(db, world, plan, login_as):
    meeting = plan(world.coalition, world.delegates[0])
    url = f"/c/{world.coalition.id}/meetings/{meeting.id}/agenda/new"
    c = login_as(world.delegates[1])
    data = {
        "title": "Accès aux droits",
        "description": "Des **retards** <script>alert(1)</script>",
        "topic": "Droits",
        "duration_minutes": "25",
        "proposer_association_id": str(world.associations[0].id),  # ignored: their own
        "links": "javascript:alert(1)",
    }
    bad = c.post(url, data, token_from=url)
    assert bad.status_code == 400
    page = bad.get_data(as_text=True)
    assert "https://" in page and "Accès aux droits" in page
    data["links"] = "https://example.org/doc"
    assert c.post(url, data, token_from=url).status_code == 302
    page = c.get(f"/c/{world.coalition.id}/meetings/{meeting.id}").get_data(as_text=True)
    assert "<strong>retards</strong>" in page and "<script>alert" not in page
    assert 'href="https://example.org/doc"' in page
    item = operations.agenda_items(meeting.id)[0]
    assert item.proposer_association_id == world.delegates[1].association_id


def test_open_action_items_come_back_until_done(db, world, plan):
    first, second, _ = world.delegates
    earlier = plan(world.coalition, first, days=-90)
    operations.set_status(earlier, HELD, first)
    open_item = operations.add_action(
        earlier,
        first,
        what="Écrire à la CAF",
        association_id=second.association_id,
        assignee_id=second.id,
        due_on=date(2026, 12, 1),
    )
    done_item = operations.add_action(
        earlier, first, what="Réserver la salle", association_id=first.association_id
    )
    operations.set_action_status(done_item, "done", first)
    nxt = plan(world.coalition, first, days=10)
    later = plan(world.coalition, first, days=100)

    def follow_up(meeting):
        return [(r.id, r.what, r.due_on) for r in reads.action_items(meeting, own=False)[0]]

    expected = [(open_item.id, "Écrire à la CAF", date(2026, 12, 1))]
    assert follow_up(nxt) == expected
    assert follow_up(later) == expected
    assert follow_up(earlier) == []  # not on its own meeting
    operations.set_action_status(open_item, "done", second)
    assert open_item.closed_at is not None
    assert follow_up(later) == []
    with pytest.raises(MeetingError):
        operations.add_action(nxt, first, what="x", association_id=world.outsider.association_id)
    with pytest.raises(MeetingError):
        operations.add_action(
            nxt, first, what="x", association_id=first.association_id, assignee_id=second.id
        )


def test_action_item_through_pages_and_carried_to_the_next_meeting(db, world, plan, login_as):
    first, second, _ = world.delegates
    held = plan(world.coalition, first, days=-30)
    operations.set_status(held, HELD, first)
    nxt = plan(world.coalition, first, days=60)
    c = login_as(first)
    base = f"/c/{world.coalition.id}/meetings/{held.id}"
    r = c.post(
        base + "/actions/new",
        {
            "what": "Relancer le CCAS",
            "association_id": second.association_id,
            "assignee_id": second.id,
            "due_on": "2027-01-15",
        },
        token_from=base + "/actions/new",
    )
    assert r.status_code == 302
    page = c.get(f"/c/{world.coalition.id}/meetings/{nxt.id}").get_data(as_text=True)
    assert "Relancer le CCAS" in page and "15 janvier 2027" in page
    listing = c.get(f"/c/{world.coalition.id}/actions").get_data(as_text=True)
    assert "Relancer le CCAS" in listing
    (item,) = db.session.scalars(sa.select(ActionItem).where(ActionItem.meeting_id == held.id))
    assert (item.what, item.association_id, item.assignee_id, item.due_on) == (
        "Relancer le CCAS",
        second.association_id,
        second.id,
        date(2027, 1, 15),
    )
    c.post(
        f"/c/{world.coalition.id}/actions/{item.id}/status",
        {"status": "done", "back": "list"},
        token_from=f"/c/{world.coalition.id}/actions",
    )
    page = c.get(f"/c/{world.coalition.id}/meetings/{nxt.id}").get_data(as_text=True)
    assert "Relancer le CCAS" not in page


def test_attendance_quota_is_enforced_with_a_clear_message(db, world, plan, make, login_as):
    first = world.delegates[0]
    second_colleague = make.delegate(world.associations[0])
    third_colleague = make.delegate(world.associations[0])
    meeting = plan(world.coalition, first)
    rows = operations.set_attendance(
        meeting, first, user_ids=[first.id, second_colleague.id], extra_names=[], quota=2
    )
    assert len(rows) == 2
    with pytest.raises(MeetingError, match="au plus 2 personnes"):
        operations.set_attendance(
            meeting, first, user_ids=[first.id], extra_names=["Bénévole A", "Bénévole B"], quota=2
        )
    with pytest.raises(MeetingError):
        operations.set_attendance(
            meeting, first, user_ids=[world.delegates[1].id], extra_names=[], quota=2
        )
    url = f"/c/{world.coalition.id}/meetings/{meeting.id}/attendance"
    c = login_as(first)
    r = c.post(
        url,
        {"delegates": [first.id, second_colleague.id, third_colleague.id], "extra_names": ""},
        token_from=url,
    )
    assert r.status_code == 400
    page = r.get_data(as_text=True)
    assert "au plus 2 personnes" in page and "vous en avez indiqué 3" in page
    ok = c.post(
        url, {"delegates": [third_colleague.id], "extra_names": "Invitée du CA"}, token_from=url
    )
    assert ok.status_code == 302
    db.session.expire_all()
    names = {r.display_name for r in operations.attendance(meeting.id)}
    assert names == {third_colleague.name, "Invitée du CA"}


def test_minutes_are_sanitised_and_concurrent_edits_are_caught(db, world, plan, login_as):
    first, second, _ = world.delegates
    meeting = plan(world.coalition, first)
    operations.save_minutes(meeting, first, "## Tour de table\n\n<img src=x onerror=alert(1)>", 0)
    assert meeting.minutes_version == 1
    with pytest.raises(MinutesConflict):
        operations.save_minutes(meeting, second, "autre", 0)
    c = login_as(second)
    page = c.get(f"/c/{world.coalition.id}/meetings/{meeting.id}").get_data(as_text=True)
    assert "<h2>Tour de table</h2>" in page and "onerror" not in page
    url = f"/c/{world.coalition.id}/meetings/{meeting.id}/minutes"
    r = c.post(url, {"minutes": "Mon texte à moi", "base_version": "0"}, token_from=url)
    assert r.status_code == 409
    body = r.get_data(as_text=True)
    assert "Mon texte à moi" in body and "Tour de table" in body
    r = c.post(url, {"minutes": "Version finale", "base_version": "1"}, token_from=url)
    assert r.status_code == 302
    db.session.expire_all()
    assert meeting.minutes == "Version finale" and meeting.minutes_updated_by_id == second.id


def test_decisions_are_recorded(db, world, plan, login_as):
    meeting = plan(world.coalition, world.delegates[0])
    url = f"/c/{world.coalition.id}/meetings/{meeting.id}/decisions"
    c = login_as(world.delegates[0])
    assert c.post(url, {"text": ""}, token_from=url).status_code == 400
    assert (
        c.post(url, {"text": "Courrier commun au Département"}, token_from=url).status_code == 302
    )
    assert reads.decisions(meeting.id) == ["Courrier commun au Département"]


def test_urgent_window_uses_now(db, world, plan):
    meeting = plan(world.coalition, world.delegates[0], days=1)
    assert operations.agenda_open(meeting)
    assert not operations.agenda_open(meeting, utcnow() + timedelta(days=2))
    assert operations.urgent_open(meeting)
