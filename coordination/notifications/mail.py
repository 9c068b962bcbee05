"""Writing reminder e-mails: in the recipient's language, plain text plus HTML, with a
deterministic Message-ID and a link to stop this kind of reminder (also as a
List-Unsubscribe header, one-click per RFC 8058)."""

from datetime import date, datetime
from email.message import EmailMessage
from urllib.parse import urlsplit

from flask import current_app, render_template
from flask_babel import force_locale, format_date
from flask_babel import gettext as _
from markupsafe import Markup

from coordination.coalitions.operations import coalitions_of
from coordination.db import utcnow
from coordination.notifications import timing
from coordination.notifications.models import DIGEST, EmailDelivery, Notification
from coordination.notifications.preferences import ALL_EMAILS, unsubscribe_token
from coordination.notifications.registry import answer_buttons, get_kind
from coordination.web.outbox import build_message, deterministic_message_id
from coordination.web.todo import todo_list, todo_url, when_text
from coordination.web.urls import base_url


def external_url(endpoint: str, **values) -> str:
    """An absolute link under BASE_URL, built without any request (jobs have none)."""
    base = urlsplit(base_url())
    adapter = current_app.url_map.bind(
        base.netloc, script_name=base.path or "/", url_scheme=base.scheme or "https"
    )
    return adapter.build(endpoint, values, force_external=True)


def fromiso(value):
    """Template filter: the ISO strings kept in a notification's context, back to dates."""
    if not isinstance(value, str):
        return value
    if len(value) == 10:
        return date.fromisoformat(value)
    return datetime.fromisoformat(value)


class _Item:
    """One notification as the templates see it, with its answer buttons for `user`."""

    def __init__(self, notification: Notification, user):
        self.notification = notification
        self.kind = get_kind(notification.kind)
        self.ctx = notification.context or {}
        self.buttons = answer_buttons(notification.kind, self.ctx, user) if self.kind else []

    @property
    def title(self) -> str:
        return self.kind.title(self.ctx) if self.kind else self.notification.kind

    @property
    def link(self) -> str:
        if self.kind is None:
            return external_url("notifications.index")
        endpoint, values = self.kind.link(self.ctx)
        return external_url(endpoint, **values)

    def body(self, extension: str, user) -> str:
        if self.kind is None:
            return ""
        return render_template(
            f"{self.kind.template}.{extension}",
            ctx=self.ctx,
            user=user,
            link=self.link,
            notification=self.notification,
            buttons=self.buttons,
        ).strip()


def compose(delivery: EmailDelivery, user, notifications: list[Notification]) -> EmailMessage:
    """The message for one claimed delivery, in the recipient's language."""
    with force_locale(user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        items = [_Item(n, user) for n in notifications]
        preferences_url = external_url("notifications.preferences")
        if delivery.kind == DIGEST:
            unsubscribe_kind = ALL_EMAILS
            day = timing.local_date(delivery.created_at)
            subject = _("Your Concertation reminders of %(date)s", date=format_date(day, "long"))
            template = "notifications/email/digest"
        else:
            unsubscribe_kind = notifications[0].kind
            subject = items[0].title
            template = "notifications/email/single"
        unsubscribe_url = external_url(
            "notifications.unsubscribe", token=unsubscribe_token(user.id, unsubscribe_kind)
        )
        kind_links = []
        if delivery.kind == DIGEST:
            for key in dict.fromkeys(n.kind for n in notifications):
                kind = get_kind(key)
                if kind is not None:
                    url = external_url(
                        "notifications.unsubscribe", token=unsubscribe_token(user.id, key)
                    )
                    kind_links.append((str(kind.label), url))
        now = utcnow()
        todo = (
            todo_list(user, coalitions_of(user.association_id), now)
            if delivery.kind == DIGEST
            else []
        )
        context = {
            "todo": [(t, when_text(t, now), todo_url(t, external_url)) for t in todo],
            "user": user,
            "items": items,
            "preferences_url": preferences_url,
            "unsubscribe_url": unsubscribe_url,
            "kind_links": kind_links,
            "kind_label": str(items[0].kind.label) if items and items[0].kind else "",
        }
        text = render_template(
            f"{template}.txt", bodies=[i.body("txt", user) for i in items], **context
        )
        html = render_template(
            f"{template}.html",
            # Our own templates rendered with autoescaping: already safe HTML.
            bodies=[Markup(i.body("html", user)) for i in items],  # noqa: S704
            **context,
        )
        lang = str(user.locale or "fr")
    return build_message(
        user.email,
        subject,
        text,
        html,
        message_id=deterministic_message_id(delivery.key),
        lang=lang,
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
