"""Preferences form: one switch per reminder kind, built from the registry."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField
from wtforms.validators import InputRequired

from coordination.notifications.models import APP_ONLY, DIGEST, IMMEDIATE
from coordination.notifications.registry import reminder_kinds

MODE_CHOICES = [
    (IMMEDIATE, _l("An e-mail for each reminder, as it comes")),
    (DIGEST, _l("One e-mail a day grouping the day's reminders (daily digest)")),
    (APP_ONLY, _l("No e-mail: reminders only in Concertation")),
]


def kind_field_name(key: str) -> str:
    return "kind_" + key.replace(".", "__")


class _PreferencesBase(FlaskForm):
    mode = RadioField(
        _l("How do you want to receive reminders?"),
        choices=MODE_CHOICES,
        validators=[InputRequired(_l("Choose how you receive reminders."))],
    )

    def kind_fields(self):
        return [(kind, self[kind_field_name(kind.key)]) for kind in reminder_kinds()]

    def enabled(self) -> dict[str, bool]:
        return {kind.key: bool(field.data) for kind, field in self.kind_fields()}


def preferences_form(enabled: dict[str, bool], mode: str, **kwargs) -> _PreferencesBase:
    """A form class with one checkbox per registered kind (kinds are known at run time)."""

    class PreferencesForm(_PreferencesBase):
        pass

    for kind in reminder_kinds():
        setattr(
            PreferencesForm,
            kind_field_name(kind.key),
            BooleanField(kind.label, description=kind.description or None),
        )
    data = {kind_field_name(k): v for k, v in enabled.items()}
    return PreferencesForm(data={**data, "mode": mode}, **kwargs)
