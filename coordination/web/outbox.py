"""Sending e-mail. Until SMTP is configured, messages are written to instance/outbox
(one .eml file each) and logged, never lost."""

import logging
import re
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path

from flask import current_app

from coordination.db import utcnow

log = logging.getLogger("coordination.mail")


def build_message(to: str, subject: str, text: str, html: str | None = None) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = current_app.config["MAIL_FROM"]
    msg["To"] = to
    msg["Subject"] = subject
    msg["Message-ID"] = make_msgid(domain="concertation.invalid")
    msg.set_content(text)
    if html:
        msg.add_alternative(html, subtype="html")
    return msg


def send_email(to: str, subject: str, text: str, html: str | None = None) -> EmailMessage:
    msg = build_message(to, subject, text, html)
    outbox = Path(current_app.config["MAIL_OUTBOX"])
    outbox.mkdir(parents=True, exist_ok=True)
    stamp = utcnow().strftime("%Y%m%dT%H%M%S%f")
    safe_to = re.sub(r"[^A-Za-z0-9@._-]", "_", to)
    (outbox / f"{stamp}-{safe_to}.eml").write_bytes(bytes(msg))
    log.info("mail to %s: %s (written to %s)", to, subject, outbox)
    return msg
