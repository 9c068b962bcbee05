"""Which language and time zone a request is shown in."""

from functools import lru_cache

from flask import current_app, g, has_app_context, has_request_context, request, session
from flask_babel import (
    format_date,
    format_datetime,
    format_time,
    get_locale,
    get_translations,
)
from flask_login import current_user
from jinja2 import pass_eval_context
from markupsafe import Markup


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


# --- fast lookups for templates -----------------------------------------------------------
# A meeting page calls gettext a few hundred times and formats dozens of dates. Flask-Babel
# resolves context, domain and locale on every call (about a third of the page's time);
# the translations object and each formatted date only change with the locale, so they are
# looked up once per request and per locale (force_locale in e-mails gets its own).


def _current():
    locale = get_locale()
    cached = g.get("_translations_for")
    if cached is None or cached[0] is not locale:
        cached = g._translations_for = (locale, get_translations(), str(locale))
    return cached


def current_translations():
    return _current()[1]


@lru_cache(maxsize=8192)
def _formatted(kind: str, value, fmt: str, locale: str, tz: str) -> str:
    # The key names everything the result depends on; the arguments of the call below are
    # the same locale and zone, taken from the request.
    return _FORMATTERS[kind](value, fmt)


_FORMATTERS = {"date": format_date, "datetime": format_datetime, "time": format_time}


def formatted(kind: str, value, fmt: str) -> str:
    """format_date/format_datetime/format_time in the request's locale, memoised."""
    return _formatted(kind, value, fmt, _current()[2], current_app.config["DISPLAY_TIMEZONE"])


def _bound_gettext(translations) -> dict:
    """gettext and ngettext for one render, with Jinja's new-style semantics (escaped
    when autoescaping, always %-formatted) but no per-call locale lookup."""
    ugettext, ungettext = translations.ugettext, translations.ungettext

    @pass_eval_context
    def gettext(eval_ctx, string, **variables):
        rv = ugettext(string)
        # Translations are ours (reviewed catalogs), as Jinja itself assumes.
        return (Markup(rv) if eval_ctx.autoescape else rv) % variables  # noqa: S704

    @pass_eval_context
    def ngettext(eval_ctx, singular, plural, num, **variables):
        variables.setdefault("num", num)
        rv = ungettext(singular, plural, num)
        # Translations are ours (reviewed catalogs), as Jinja itself assumes.
        return (Markup(rv) if eval_ctx.autoescape else rv) % variables  # noqa: S704

    return {"gettext": gettext, "_": gettext, "ngettext": ngettext}


def install_fast_gettext(app) -> None:
    # Templates resolve `gettext` from their context first: each render gets functions
    # bound to the translations of the moment. Imported macros (no context) use the
    # globals below, which look the translations up per call.
    app.context_processor(lambda: _bound_gettext(current_translations()))
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: current_translations().ugettext(s),
        ngettext=lambda s, p, n: current_translations().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: current_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: current_translations().unpgettext(c, s, p, n),
    )


_LAZY_TEXT: dict[tuple, str] = {}


def lazy_text(key, lazy) -> str:
    """str(lazy) — a lazy translation (a label in a module's table) — memoised per locale:
    the same key in the same language always reads the same, and Flask-Babel's lookup per
    call is a tenth of a list page that shows such a label on every row."""
    if not has_app_context():  # a label read at import or in a plain script
        return str(lazy)
    cache_key = (key, _current()[2])
    text = _LAZY_TEXT.get(cache_key)
    if text is None:
        text = _LAZY_TEXT[cache_key] = str(lazy)
    return text
