"""Template helpers for the directory: times of day, weekdays, labels, freshness."""

from datetime import time

from babel.dates import format_time
from flask import Flask
from flask_babel import get_locale

from coordination.directory import forms
from coordination.directory.freshness import is_stale
from coordination.timezone import local_today
from coordination.web.i18n import lazy_text


def time_of_day(value: time | None) -> str:
    return format_time(value, "short", locale=get_locale()) if value else ""


def labeller(table: str, labels):
    """key -> its translated label from a table of lazy labels (the key itself if absent)."""

    def label(key):
        try:
            lazy = labels[key]
        except (KeyError, IndexError, TypeError):
            return key
        return lazy_text((table, key), lazy)

    return label


def init_app(app: Flask) -> None:
    app.add_template_filter(time_of_day, "time_of_day")
    app.add_template_global(labeller("weekday", forms.WEEKDAYS), "weekday_name")
    app.add_template_global(
        labeller("institution kind", forms.INSTITUTION_KIND_LABELS), "institution_kind_label"
    )
    app.add_template_global(labeller("channel", forms.CHANNEL_LABELS), "channel_label")
    app.add_template_global(
        lambda contact, coalition: is_stale(
            contact.last_checked_on, local_today(), coalition.stale_contact_months
        ),
        "contact_is_stale",
    )
