"""Account forms; validation lives here, messages in the user's language."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, PasswordField, SelectField
from wtforms.validators import InputRequired, Length, ValidationError

from coordination.accounts.passwords import MAX_LENGTH, password_problem
from coordination.web.fields import EMAIL_MAX, short_text, valid_email

LANGUAGE_CHOICES = [("fr", "Français"), ("en", "English")]


def _email_field(label=None):
    return EmailField(
        label or _l("E-mail address"),
        validators=[
            InputRequired(_l("Enter your e-mail address.")),
            valid_email(_l("Enter a valid e-mail address, like name@example.org.")),
            Length(max=EMAIL_MAX),
        ],
    )


class NewPasswordMixin:
    def validate_password(self, field):
        email = getattr(self, "email", None)
        name = getattr(self, "name", None)
        problem = password_problem(
            field.data or "",
            email=(email.data if email is not None else getattr(self, "_email", "")) or "",
            name=(name.data if name is not None else "") or "",
        )
        if problem:
            raise ValidationError(problem)


def _password(label, message):
    """A password the user already has, to prove who they are."""
    return PasswordField(label, validators=[InputRequired(message)])


def _current_password():
    return _password(_l("Current password"), _l("Enter your current password."))


def _new_password(label=None):
    return PasswordField(
        label or _l("New password"),
        validators=[InputRequired(_l("Choose a password.")), Length(max=MAX_LENGTH)],
        description=_l("At least 8 characters. A short sentence you remember is a good choice."),
    )


class LoginForm(FlaskForm):
    email = _email_field()
    password = _password(_l("Password"), _l("Enter your password."))
    next = HiddenField()


class InvitationForm(FlaskForm):
    email = _email_field(_l("Colleague's e-mail address"))
    name = short_text(_l("Colleague's name"), 120)


class AcceptInvitationForm(NewPasswordMixin, FlaskForm):
    name = short_text(_l("Your name"), 120, required=_l("Enter your name."))
    password = _new_password(_l("Choose a password"))
    locale = SelectField(_l("Language"), choices=LANGUAGE_CHOICES, default="fr")


class ResetRequestForm(FlaskForm):
    email = _email_field()


class ResetPasswordForm(NewPasswordMixin, FlaskForm):
    password = _new_password()


class ProfileForm(FlaskForm):
    name = short_text(_l("Name"), 120, required=_l("Enter your name."))
    phone = short_text(_l("Phone (optional)"), 40)
    locale = SelectField(_l("Language"), choices=LANGUAGE_CHOICES)


class ChangeEmailForm(FlaskForm):
    email = _email_field(_l("New e-mail address"))
    current_password = _current_password()


class ChangePasswordForm(NewPasswordMixin, FlaskForm):
    current_password = _current_password()
    password = _new_password()


class ConfirmForm(FlaskForm):
    """A form with only the CSRF token: for buttons that change something."""


def _code_field(label=None):
    return short_text(
        label or _l("6-digit code"),
        20,
        required=_l("Type the code."),
        description=_l("The 6 digits your authenticator application shows now."),
        render_kw={"inputmode": "numeric", "spellcheck": "false", "autocapitalize": "off"},
    )


def _code_or_recovery_code(**kw):
    """The authenticator's code or a recovery code (not only digits: no numeric keyboard)."""
    return short_text(
        _l("6-digit code, or a recovery code"),
        20,
        required=_l("Type the code."),
        render_kw={"spellcheck": "false", "autocapitalize": "off"},
        **kw,
    )


class CodeForm(FlaskForm):
    """The second step of a login, and proving the second factor later (next kept)."""

    code = _code_or_recovery_code(
        description=_l(
            "The 6 digits your authenticator application shows now. Lost your phone? "
            "Type one of your recovery codes instead."
        )
    )
    next = HiddenField()


class EnrolForm(FlaskForm):
    code = _code_field()


class PasswordAndCodeForm(FlaskForm):
    """Turning the second factor off, or new recovery codes: the password and a code."""

    password = _password(_l("Your password"), _l("Enter your password."))
    code = _code_or_recovery_code()


class LeaveForm(FlaskForm):
    password = _password(_l("Your password"), _l("Enter your password."))
