"""Template filters: dates shown in Europe/Paris in the user's language, Markdown."""

from datetime import date, datetime
from urllib.parse import urlsplit

from flask import Flask

from coordination.web.i18n import formatted
from coordination.web.markdown import render_markdown


def local_datetime(value: datetime | None, fmt: str = "medium") -> str:
    return formatted("datetime", value, fmt) if value else ""


def local_date(value: date | datetime | None, fmt: str = "long") -> str:
    if value is None:
        return ""
    return formatted("date", value, fmt)


def local_time(value: datetime | None, fmt: str = "short") -> str:
    return formatted("time", value, fmt) if value else ""


def web_url(value: str | None) -> str:
    """The URL if it is an http(s) address, else "" — for href attributes of stored links,
    whatever path they came in by (forms check too; this is the last line)."""
    if not value:
        return ""
    candidate = value.strip()
    parts = urlsplit(candidate)
    if (
        parts.scheme.lower() in ("http", "https")
        and parts.netloc
        and not any(ord(c) < 32 for c in candidate)
    ):
        return candidate
    return ""


def iso_date(value: date | datetime | None) -> str:
    return value.isoformat() if value else ""


def init_app(app: Flask) -> None:
    app.add_template_filter(local_datetime, "datetime")
    app.add_template_filter(local_date, "date")
    app.add_template_filter(local_time, "time")
    app.add_template_filter(iso_date, "isodate")
    app.add_template_filter(web_url, "web_url")
    app.add_template_filter(render_markdown, "markdown")
