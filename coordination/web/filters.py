"""Template filters: dates shown in Europe/Paris in the user's language, Markdown."""

import re
from datetime import UTC, date, datetime
from urllib.parse import urlsplit

from flask import Flask
from markupsafe import Markup, escape

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


def day_and_time(value: datetime | None) -> str:
    """A moment in words, as the meeting pages write it: "mardi 16 mars 2027, 14:00"."""
    return f"{local_date(value, 'full')}, {local_time(value)}" if value else ""


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


def machine_datetime(value: datetime | None) -> str:
    """For <time datetime>: UTC to the second, as HTML's valid global date and time
    string (2026-12-02T17:45:00Z); microseconds are not valid there. Naive is UTC."""
    if value is None:
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


_SELECT_START = re.compile(r"(<select\b[^>]*>)(\s*)(<option\b[^>]*>)")


def with_empty_option(html: str, label: str) -> Markup:
    """A rendered required <select> with an empty first option (HTML requires one: a
    required list must not open on a real choice), unless its first option is empty."""

    def insert(match: re.Match) -> str:
        if re.search(r'value=""', match[3]):
            return match[0]
        empty = f'<option value="">{escape(label)}</option>'
        return f"{match[1]}{match[2]}{empty}{match[3]}"

    return Markup(_SELECT_START.sub(insert, str(html), count=1))  # noqa: S704 - escaped


def init_app(app: Flask) -> None:
    app.add_template_filter(with_empty_option, "with_empty_option")
    app.add_template_filter(machine_datetime, "machine_datetime")
    app.add_template_filter(local_datetime, "datetime")
    app.add_template_filter(local_date, "date")
    app.add_template_filter(local_time, "time")
    app.add_template_filter(iso_date, "isodate")
    app.add_template_filter(web_url, "web_url")
    app.add_template_filter(render_markdown, "markdown")
