"""Sending e-mail: SMTP when MAIL_SERVER is set, otherwise the development outbox.

Settings come from the app config, else from the environment: MAIL_SERVER, MAIL_PORT,
MAIL_USE_TLS (STARTTLS), MAIL_USE_SSL (implicit TLS), MAIL_USERNAME, MAIL_PASSWORD,
MAIL_TIMEOUT, MAIL_FROM. Without MAIL_SERVER (development), each message is written to
instance/outbox as one .eml file and logged, never lost.

`send_email(to, subject, text, html=None)` sends one message now (invitations, password
resets). Reminders and digests go through coordination.notifications, which claims each
message in the database before calling `open_transport()` here.
"""

import contextlib
import hashlib
import html as html_lib
import logging
import os
import re
import smtplib
import ssl
from email.message import EmailMessage
from email.policy import EmailPolicy
from email.utils import format_datetime, make_msgid, parseaddr
from pathlib import Path

from flask import current_app

from coordination.db import utcnow

log = logging.getLogger("coordination.mail")

_TRUE = {"1", "true", "yes", "on"}


def _setting(name: str, default=None):
    value = current_app.config.get(name)
    if value is None:
        value = os.environ.get(name, default)
    return value


def _flag(name: str) -> bool:
    value = _setting(name, False)
    return value if isinstance(value, bool) else str(value).strip().lower() in _TRUE


def mail_settings() -> dict | None:
    """SMTP settings, or None when no MAIL_SERVER is configured (development outbox)."""
    server = _setting("MAIL_SERVER")
    if not server:
        return None
    use_ssl = _flag("MAIL_USE_SSL")
    use_tls = _flag("MAIL_USE_TLS") and not use_ssl
    port = _setting("MAIL_PORT") or (465 if use_ssl else 587 if use_tls else 25)
    return {
        "server": server,
        "port": int(port),
        "ssl": use_ssl,
        "tls": use_tls,
        "username": _setting("MAIL_USERNAME") or None,
        "password": _setting("MAIL_PASSWORD") or None,
        "timeout": float(_setting("MAIL_TIMEOUT", 30)),
    }


def sender_domain() -> str:
    address = parseaddr(current_app.config["MAIL_FROM"])[1]
    return address.rpartition("@")[2] or "concertation.invalid"


def deterministic_message_id(key: str) -> str:
    """The same key always gives the same Message-ID, so a resent copy is recognisable."""
    digest = hashlib.sha256(key.encode()).hexdigest()[:40]
    return f"<{digest}@{sender_domain()}>"


_URL = re.compile(r"(https?://[^\s<>\"]+)")


def text_to_html(text: str) -> str:
    """A plain HTML alternative for messages written as text: paragraphs and links."""
    paragraphs = []
    for block in re.split(r"\n\s*\n", text.strip()):
        escaped = html_lib.escape(block)
        linked = _URL.sub(r'<a href="\1">\1</a>', escaped)
        paragraphs.append("<p>" + linked.replace("\n", "<br>\n") + "</p>")
    return "<!doctype html>\n<html><body>\n" + "\n".join(paragraphs) + "\n</body></html>\n"


# Headers whose value is a list of <URL>s (RFC 2369, RFC 8058): mail providers read them
# raw, so they are written as given, folded only at the spaces between entries, never as
# RFC 2047 encoded words (which Python's default folding uses for a long URL).
RAW_HEADERS = frozenset({"list-unsubscribe", "list-unsubscribe-post", "list-id"})


class MailPolicy(EmailPolicy):
    """The default e-mail policy, except for the RAW_HEADERS above."""

    def _fold(self, name, value, refold_binary=False):
        if name.lower() not in RAW_HEADERS:
            return super()._fold(name, value, refold_binary=refold_binary)
        lines, line = [], f"{name}:"
        for word in str(value).split():
            if len(line) + 1 + len(word) > self.max_line_length and line != f"{name}:":
                lines.append(line)
                line = ""
            line += " " + word
        return self.linesep.join([*lines, line]) + self.linesep


MAIL_POLICY = MailPolicy()


def build_message(
    to: str,
    subject: str,
    text: str,
    html: str | None = None,
    *,
    message_id: str | None = None,
    headers: dict[str, str] | None = None,
    lang: str | None = None,
) -> EmailMessage:
    msg = EmailMessage(policy=MAIL_POLICY)
    msg["Date"] = format_datetime(utcnow())
    msg["From"] = current_app.config["MAIL_FROM"]
    msg["To"] = to
    msg["Subject"] = subject
    msg["Message-ID"] = message_id or make_msgid(domain=sender_domain())
    for name, value in (headers or {}).items():
        msg[name] = value
    msg.set_content(text)
    if html:
        msg.add_alternative(html, subtype="html")
    if lang:  # after the content: set_content() drops Content-* headers
        msg["Content-Language"] = lang
    return msg


class _Transport:
    def close(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class OutboxTransport(_Transport):
    """Development: one .eml file per message in MAIL_OUTBOX."""

    def __init__(self, folder: str):
        self.folder = Path(folder)

    def send(self, msg: EmailMessage) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        stamp = utcnow().strftime("%Y%m%dT%H%M%S%f")
        safe_to = re.sub(r"[^A-Za-z0-9@._-]", "_", msg["To"])
        unique = hashlib.sha256(str(msg["Message-ID"]).encode()).hexdigest()[:8]
        (self.folder / f"{stamp}-{safe_to}-{unique}.eml").write_bytes(bytes(msg))
        log.info("mail to %s: %s (written to %s)", msg["To"], msg["Subject"], self.folder)


class SMTPTransport(_Transport):
    """One SMTP connection, opened on the first message and reused for the next ones."""

    def __init__(self, settings: dict):
        self.settings = settings
        self.connection: smtplib.SMTP | None = None

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        if s["ssl"]:
            conn = smtplib.SMTP_SSL(
                s["server"], s["port"], timeout=s["timeout"], context=ssl.create_default_context()
            )
        else:
            conn = smtplib.SMTP(s["server"], s["port"], timeout=s["timeout"])
            if s["tls"]:
                conn.starttls(context=ssl.create_default_context())
        if s["username"]:
            conn.login(s["username"], s["password"] or "")
        return conn

    def send(self, msg: EmailMessage) -> None:
        if self.connection is None:
            self.connection = self._connect()
        try:
            self.connection.send_message(msg)
        except (smtplib.SMTPServerDisconnected, OSError):
            self.close()  # the next message reconnects
            raise
        except smtplib.SMTPResponseException as error:
            if error.smtp_code == 421:  # the server closes the connection
                self.close()
            raise
        log.info("mail to %s: %s (SMTP %s)", msg["To"], msg["Subject"], self.settings["server"])

    def close(self) -> None:
        if self.connection is not None:
            with contextlib.suppress(smtplib.SMTPException, OSError):
                self.connection.quit()
            self.connection = None


def open_transport() -> SMTPTransport | OutboxTransport:
    """Use as `with open_transport() as transport: transport.send(msg)`."""
    settings = mail_settings()
    if settings is None:
        return OutboxTransport(current_app.config["MAIL_OUTBOX"])
    return SMTPTransport(settings)


def send_email(
    to: str, subject: str, text: str, html: str | None = None, **options
) -> EmailMessage:
    """Send one message now, plain text with an HTML alternative."""
    msg = build_message(to, subject, text, html or text_to_html(text), **options)
    with open_transport() as transport:
        transport.send(msg)
    return msg
