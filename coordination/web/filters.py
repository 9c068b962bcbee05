"""Template filters: dates shown in Europe/Paris in the user's language, Markdown."""

from datetime import date, datetime

from flask import Flask
from flask_babel import format_date, format_datetime, format_time

from coordination.web.markdown import render_markdown


def local_datetime(value: datetime | None, fmt: str = "medium") -> str:
    return format_datetime(value, fmt) if value else ""


def local_date(value: date | datetime | None, fmt: str = "long") -> str:
    if value is None:
        return ""
    return format_date(value, fmt)


def local_time(value: datetime | None, fmt: str = "short") -> str:
    return format_time(value, fmt) if value else ""


def iso_date(value: date | datetime | None) -> str:
    return value.isoformat() if value else ""


def init_app(app: Flask) -> None:
    app.add_template_filter(local_datetime, "datetime")
    app.add_template_filter(local_date, "date")
    app.add_template_filter(local_time, "time")
    app.add_template_filter(iso_date, "isodate")
    app.add_template_filter(render_markdown, "markdown")
