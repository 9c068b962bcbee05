"""E-mails as mail programs and providers read them: the raw bytes received by a real
SMTP server (aiosmtpd), and SpamAssassin's score of them when it is installed."""

import email
import re
import shutil
import subprocess
from email import policy
from email.utils import parsedate_to_datetime

import pytest

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


def test_list_unsubscribe_is_a_raw_url_in_angle_brackets(app, db, make, smtp):
    raw = _reminder_bytes(app, db, make, smtp)
    headers = _raw_headers(raw)
    value = headers["list-unsubscribe"]
    assert "=?" not in value  # no RFC 2047 encoded word
    assert re.fullmatch(r"<https?://[^\s<>]+/notifications/unsubscribe/[^\s<>]+>", value)
    assert headers["list-unsubscribe-post"] == "List-Unsubscribe=One-Click"
    for line in raw.split(b"\r\n"):
        assert len(line) <= 998
    # The URL works: a one-click POST (RFC 8058) needs no login and no CSRF token.
    path = re.search(r"https?://[^/]+(/\S+)>", value).group(1)
    assert app.test_client().post(path, data={"List-Unsubscribe": "One-Click"}).status_code == 200
    # Python's parser agrees.
    parsed = email.message_from_bytes(raw, policy=policy.default)
    assert parsed["List-Unsubscribe"] == value


SPAMASSASSIN = shutil.which("spamassassin")


@pytest.mark.skipif(SPAMASSASSIN is None, reason="SpamAssassin is not installed")
def test_spamassassin_scores_a_reminder_well_under_the_threshold(app, db, make, smtp):
    raw = _reminder_bytes(app, db, make, smtp)
    result = subprocess.run(
        [SPAMASSASSIN, "-t", "-L", "--cf=dns_available no"],
        input=raw,
        capture_output=True,
        timeout=120,
        check=True,
    )
    report = result.stdout.decode("utf-8", "replace")
    status = re.search(r"^X-Spam-Status: (\w+), score=(-?[\d.]+)(.*?)(?=^\S)", report, re.M | re.S)
    assert status, report[:2000]
    score = float(status.group(2))
    assert score < 1.0, status.group(0)
    assert "MISSING_DATE" not in status.group(3)
