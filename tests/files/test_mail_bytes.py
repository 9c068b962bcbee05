"""E-mails as mail programs and providers read them: the raw bytes received by a real
SMTP server (aiosmtpd), and SpamAssassin's score of them when it is installed."""

import re
from email.utils import parsedate_to_datetime

from coordination.db import utcnow
from coordination.notifications import tasks
from coordination.web.outbox import send_email
from tests.notifications.conftest import open_decision


def _raw_headers(raw: bytes) -> dict[str, str]:
    """Header name -> raw value as sent (folding kept), without any decoding."""
    head = raw.split(b"\r\n\r\n", 1)[0].decode("ascii")
    headers: dict[str, str] = {}
    for line in re.split(r"\r\n(?![ \t])", head):
        name, _, value = line.partition(":")
        headers[name.lower()] = value.strip()
    return headers


def _reminder_bytes(app, db, make, smtp) -> bytes:
    world = make.world(n_members=2)
    open_decision(world)
    db.session.commit()
    tasks.sweep()
    [raw] = [r for r in smtp.raw if world.delegates[1].email.encode() in r.split(b"\r\n\r\n")[0]]
    return raw


def test_every_message_has_a_date_and_a_deterministic_message_id(app, db, make, smtp):
    before = utcnow().replace(microsecond=0)
    send_email("date@asso.example", "Objet", "Texte")
    raw = _reminder_bytes(app, db, make, smtp)
    for message in smtp.raw:
        date = _raw_headers(message)["date"]
        assert before <= parsedate_to_datetime(date) <= utcnow()
    headers = _raw_headers(raw)
    assert re.fullmatch(r"<[0-9a-f]{40}@concertation\.invalid>", headers["message-id"])
