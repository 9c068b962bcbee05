"""The e-mails that carry answer links: the daily digest carries the same links as the
single reminders; the delegate's language; valid raw bytes; no button once settled; the
page's statement count does not grow with the coalition."""

import re
from datetime import timedelta

import sqlalchemy as sa
import time_machine

from coordination.answers import links
from coordination.answers.models import AnswerLink
from coordination.coalitions.models import Membership
from coordination.consent import service as consent
from coordination.notifications import preferences, tasks
from coordination.notifications.models import DIGEST
from tests.answers.conftest import html_of, link_in, text_of
from tests.conftest import count_queries


def _issue(world, decision) -> str:
    """A link for the second association's delegate to answer `decision`."""
    token, _expires = links.issue(
        world.delegates[1].id,
        world.coalition.id,
        "decision",
        decision.id,
        deadline=decision.deadline,
    )
    return token


def test_the_digest_carries_the_same_answer_links(app, db, world, decision, poll, smtp):
    reader = world.delegates[2]
    preferences.set_mode(reader.id, DIGEST)
    db.session.commit()
    tasks.sweep()
    assert smtp.to(reader.email) == []  # digest mode: nothing at once
    tasks.digest(force=True)
    [digest] = smtp.to(reader.email)
    client = app.test_client()
    for kind in ("decision", "poll"):
        url = link_in(digest, kind)
        assert client.get(url).status_code == 200
    name = world.associations[2].name
    assert text_of(digest).count(f"Répondre pour {name} sans vous connecter") == 2
    assert html_of(digest).count(f"Répondre pour {name} sans vous connecter") == 2
    # Each link is bound to its own object: the poll's token does not open the decision.
    poll_url = link_in(digest, "poll")
    token = poll_url.rsplit("/", 1)[1]
    path = f"/c/{world.coalition.id}/reply/decision/{decision.id}/{token}"
    assert client.get(path).status_code == 404


def test_a_digest_written_after_the_decision_settled_has_no_button(app, db, world, decision, smtp):
    reader = world.delegates[2]
    preferences.set_mode(reader.id, DIGEST)
    db.session.commit()
    tasks.sweep()
    consent.withdraw(decision, by=world.delegates[0])
    db.session.commit()
    tasks.digest(force=True)
    [digest] = smtp.to(reader.email)
    assert "/reply/" not in text_of(digest)
    issued = db.session.scalars(sa.select(AnswerLink).where(AnswerLink.user_id == reader.id))
    assert issued.all() == []


def test_an_english_speaking_delegate_gets_english_links_and_page(app, db, make, world, smtp):
    english = make.delegate(world.associations[1], locale="en")
    db.session.commit()
    made = consent.open_decision(
        world.coalition, "coalition.settings", "Rule", by=world.delegates[0]
    )
    db.session.commit()
    tasks.sweep()
    [message] = smtp.to(english.email)
    name = world.associations[1].name
    assert f"Answer for {name} without logging in" in text_of(message)
    page = app.test_client().get(link_in(message, "decision")).get_data(as_text=True)
    assert '<html lang="en">' in page and f"Send the answer of {name}" in page
    assert made.title in page


def test_the_raw_bytes_stay_valid(app, db, world, decision, smtp):
    tasks.sweep()
    [raw] = [r for r in smtp.raw if world.delegates[1].email.encode() in r.split(b"\r\n\r\n")[0]]
    raw.decode("ascii")  # 7-bit on the wire: the French text is encoded
    assert all(len(line) <= 998 for line in raw.split(b"\r\n"))
    [message] = smtp.to(world.delegates[1].email)
    url = link_in(message, "decision")
    # The link of the HTML part's button is an attribute, whole; the shortcuts choose.
    assert re.search(rf'href="[^"]*{re.escape(url)}"', html_of(message))
    assert f"{url}?choice=object" in text_of(message)


def test_only_a_hash_of_the_token_is_stored(app, db, world, decision):
    token = _issue(world, decision)
    row = links.find(token)
    assert row.token_hash == links.digest(token) and token not in row.token_hash
    assert links.find(token[:-1]) is None and links.find("") is None


def test_the_answer_page_runs_the_same_statements_however_big_the_coalition(
    app, db, make, world, decision
):
    token = _issue(world, decision)
    db.session.commit()
    client = app.test_client()
    url = f"/c/{world.coalition.id}/reply/decision/{decision.id}/{token}"
    client.get(url)  # warm up (translations, templates)

    def statements():
        with count_queries() as q:
            assert client.get(url).status_code == 200
        return len(q)

    small = statements()
    for _ in range(4):  # more associations, more delegates, more answers
        association = make.association()
        db.session.add(Membership(coalition_id=world.coalition.id, association_id=association.id))
        db.session.flush()
        consent.answer(decision, by=make.delegate(association), value="agree")
    db.session.commit()
    assert statements() == small
    assert small <= 12, small


def test_the_daily_job_purges_links_expired_for_a_month(app, db, world, decision):
    _issue(world, decision)
    db.session.commit()
    later = decision.deadline + links.KEEP_EXPIRED - timedelta(hours=1)
    with time_machine.travel(later, tick=False):
        assert not tasks.daily().failed_steps
    assert db.session.scalars(sa.select(AnswerLink)).all() != []  # expired, kept a while
    with time_machine.travel(later + timedelta(hours=2), tick=False):
        tasks.daily()
    db.session.expire_all()
    assert db.session.scalars(sa.select(AnswerLink)).all() == []
