"""Answering from the e-mail, without logging in ("le numérique doit rester un choix").

Every reminder that asks for an association's answer — a collective decision, a
statement's sign-off, a date poll, who comes to the next meeting — carries a link to a
small page where the delegate confirms the answer; opening it changes nothing.

- models.py: AnswerLink, one row per link (only a hash of its token);
- links.py: issuing, finding, expiring and revoking links (why a table: its docstring);
- kinds.py: the four kinds, each on top of its feature's own operation;
- emails.py: the buttons the reminders' e-mails carry (notifications' registry);
- views.py, forms.py: the page (GET) and the confirmation (POST, token-protected).

Builds on consent, statements, meetings and notifications; nothing imports it.
"""

from flask import Blueprint, Flask

bp = Blueprint("answers", __name__)


def init_app(app: Flask) -> None:
    from coordination.accounts.sessions import on_credentials_reset
    from coordination.answers import emails, links, models, views  # noqa: F401
    from coordination.notifications.tasks import register_daily_step

    on_credentials_reset(links.revoke_all_of)
    register_daily_step("purge answer links", links.purge_expired)
    emails.register()
    app.register_blueprint(bp)
