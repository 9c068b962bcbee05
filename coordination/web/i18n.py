"""Which language and time zone a request is shown in."""

from flask import current_app, has_request_context, request, session
from flask_login import current_user


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # commands and jobs choose with force_locale()
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    chosen = session.get("locale")
    if chosen in languages:
        return chosen
    # French is the default for everyone; English only when asked for.
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def select_timezone() -> str:
    return current_app.config["DISPLAY_TIMEZONE"]


def is_known_locale(code: str) -> bool:
    return code in current_app.config["LANGUAGES"]


def current_language_name() -> str:
    return current_app.config["LANGUAGES"].get(request.accept_languages.best or "fr", "")
