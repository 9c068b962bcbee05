"""Template helpers for the directory: times of day, weekdays, labels, freshness."""

from datetime import time

from babel.dates import format_time
from flask import Flask
from flask_babel import get_locale

from coordination.directory import forms
from coordination.directory.freshness import is_stale
from coordination.directory.operations import local_today


def time_of_day(value: time | None) -> str:
    return format_time(value, "short", locale=get_locale()) if value else ""


def init_app(app: Flask) -> None:
    app.add_template_filter(time_of_day, "time_of_day")
    app.add_template_global(lambda i: str(forms.WEEKDAYS[i]), "weekday_name")
    app.add_template_global(
        lambda k: str(forms.INSTITUTION_KIND_LABELS.get(k, k)), "institution_kind_label"
    )
    app.add_template_global(lambda k: str(forms.CHANNEL_LABELS.get(k, k)), "channel_label")
    app.add_template_global(lambda k: str(forms.CASE_TYPES.get(k, k)), "case_type_label")
    app.add_template_global(lambda k: str(forms.OUTCOMES.get(k, k)), "outcome_label")
    app.add_template_global(lambda k: str(forms.STATUS_LABELS.get(k, k)), "commitment_status_label")
    app.add_template_global(
        lambda contact, coalition: is_stale(
            contact.last_checked_on, local_today(), coalition.stale_contact_months
        ),
        "contact_is_stale",
    )
