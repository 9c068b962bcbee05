"""Login, logout, invitations, password reset, profile, sessions, language."""

import logging
from functools import partial

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user, logout_user

from coordination.accounts import bp, operations, second_factor, sessions, throttling, tokens
from coordination.accounts.forms import (
    AcceptInvitationForm,
    ChangeEmailForm,
    ChangePasswordForm,
    ConfirmForm,
    InvitationForm,
    LeaveForm,
    LoginForm,
    ProfileForm,
    ResetPasswordForm,
    ResetRequestForm,
)
from coordination.accounts.models import User
from coordination.accounts.passwords import check_login, hash_password, needs_rehash
from coordination.accounts.pending import ask_for_code
from coordination.extensions import db
from coordination.web.i18n import is_known_locale
from coordination.web.security import is_local_url
from coordination.web.writes import perform, submitted

log = logging.getLogger("coordination.auth")


def _start(user: User, *, second_factor: bool = False) -> None:
    session.clear()  # a fresh session on login: no fixation
    key = sessions.start_session(user, second_factor=second_factor)
    user.session_key = key
    session.permanent = True
    login_user(user)


def _log_in(user: User | None, password: str, *, email: str, ip: str) -> str:
    """Check the password, record the attempt (throttling) and, when right, start the
    session (rehashing an outdated password hash) or, for a delegate with an
    authenticator application, ask for the code (the attempt is recorded at that step).
    "in", "code" or "refused"."""
    ok = check_login(user, password)  # one Argon2 check, known account or not
    if ok and needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    if ok and second_factor.is_enabled(user):
        return "code"
    throttling.record_attempt(email, ip, ok)
    if ok:
        _start(user)
    return "in" if ok else "refused"


def _accept(row, name: str, password: str, locale: str) -> User:
    user = operations.accept_invitation(row, name, password, locale)
    _start(user)
    return user


def _remember_locale(user: User, code: str) -> None:
    user.locale = code


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("coalitions.home"))
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        email = operations.normalise_email(form.email.data)
        ip = request.remote_addr or ""
        if throttling.is_throttled(email, ip):
            log.warning("login throttled email=%s ip=%s", email, ip)
            flash(_("Too many attempts. Wait a few minutes, or reset your password."), "error")
            return render_template("accounts/login.html", form=form), 429
        user = operations.find_by_email(email)
        result = perform(_log_in, user, form.password.data, email=email, ip=ip).value
        if result == "refused":
            log.warning("login failed email=%s ip=%s", email, ip)
            flash(_("E-mail address or password not recognised."), "error")
            return render_template("accounts/login.html", form=form), 200
        target = form.next.data if is_local_url(form.next.data) else url_for("coalitions.home")
        if result == "code":
            log.info("login password right, code asked user=%s ip=%s", user.id, ip)
            return ask_for_code(user, target)
        log.info("login user=%s ip=%s", user.id, ip)
        return redirect(target)
    return render_template("accounts/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    log.info("logout user=%s", current_user.id)
    perform(sessions.end_session, current_user.session_key)
    logout_user()
    session.clear()
    flash(_("You are logged out."), "info")
    return redirect(url_for("accounts.login"))


@bp.route("/invitation/<token>", methods=["GET", "POST"])
def accept_invitation(token):
    row = tokens.find_valid("invite", token)
    if row is None:
        return render_template("accounts/link_invalid.html"), 404
    form = AcceptInvitationForm(name=row.name)
    form._email = row.email
    if form.validate_on_submit():
        outcome = perform(_accept, row, form.name.data, form.password.data, form.locale.data)
        if not outcome:  # the refusal is flashed
            return redirect(url_for("accounts.login"))
        user = outcome.value
        log.info("invitation accepted user=%s", user.id)
        flash(_("Welcome! Your account is ready."), "success")
        return redirect(url_for("coalitions.home"))
    return render_template("accounts/accept_invitation.html", form=form, invitation=row)


@bp.route("/password/forgotten", methods=["GET", "POST"])
def forgotten_password():
    form = ResetRequestForm()
    if form.validate_on_submit():
        perform(operations.request_password_reset, form.email.data)
        flash(
            _(
                "If this address has an account, a link to choose a new password has been "
                "sent to it."
            ),
            "info",
        )
        return redirect(url_for("accounts.login"))
    return render_template("accounts/forgotten.html", form=form)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token):
    row = tokens.find_valid("reset", token)
    if row is None:
        return render_template("accounts/link_invalid.html"), 404
    form = ResetPasswordForm()
    form._email = row.email
    if form.validate_on_submit():
        if not perform(operations.reset_password, row, form.password.data):
            return redirect(url_for("accounts.login"))  # the refusal is flashed
        log.info("password reset user=%s", row.user_id)
        flash(_("Your password has been changed. You can log in."), "success")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/reset.html", form=form)


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def profile():
    form = ProfileForm(obj=current_user)
    if form.validate_on_submit():
        perform(
            operations.update_profile,
            current_user,
            form.name.data,
            form.phone.data,
            form.locale.data,
        )
        flash(_("Your profile is saved."), "success")
        return redirect(url_for("accounts.profile"))
    return _profile_page(200, form=form)


def _profile_page(status: int, *, form=None, email_form=None, password_form=None, leave_form=None):
    """The profile page: the forms not given are shown empty."""
    if form is None:
        form = ProfileForm(obj=current_user, formdata=None)
    if email_form is None:
        email_form = ChangeEmailForm(formdata=None, prefix="email")
    if password_form is None:
        password_form = ChangePasswordForm(formdata=None, prefix="pw")
    if leave_form is None:
        leave_form = LeaveForm(formdata=None, prefix="leave")
    return render_template(
        "accounts/profile.html",
        form=form,
        email_form=email_form,
        password_form=password_form,
        leave_form=leave_form,
        sessions=sessions.sessions_of(current_user),
        confirm=ConfirmForm(),
    ), status


def _password_form() -> ChangePasswordForm:
    form = ChangePasswordForm(prefix="pw")
    form._email = current_user.email  # the new password may not contain it
    return form


# The profile's changes checked by the current password: how the form is made, the name the
# profile page shows it under, the operation and its values after the current password,
# what is logged and what the delegate is told.
PROFILE_CHANGES = {
    "email": (
        lambda: ChangeEmailForm(prefix="email"),
        "email_form",
        operations.change_email,
        lambda form: [form.email.data],
        "email changed user=%s",
        _l("Your e-mail address is changed."),
    ),
    "password": (
        _password_form,
        "password_form",
        operations.change_password,
        lambda form: [form.password.data, current_user.session_key],
        "password changed user=%s",
        _l("Your password is changed; your other sessions are ended."),
    ),
}


def _change(which: str):
    """Change the e-mail address or the password (the operation checks the current
    password); the profile page again (400), with the form as typed, on a refusal."""
    make_form, name, operation, values, logged, message = PROFILE_CHANGES[which]
    form = make_form()
    change = partial(operation, current_user, form.current_password.data, *values(form))
    if submitted(form, change, field="current_password"):
        log.info(logged, current_user.id)
        flash(str(message), "success")
        return redirect(url_for("accounts.profile"))
    return _profile_page(400, **{name: form})


@bp.route("/profile/email", methods=["POST"])
@login_required
def change_email():
    return _change("email")


@bp.route("/profile/password", methods=["POST"])
@login_required
def change_password():
    return _change("password")


@bp.route("/profile/leave", methods=["POST"])
@login_required
def leave():
    """A delegate stops representing their association: the account is off at once."""
    form = LeaveForm(prefix="leave")
    if form.validate_on_submit() and perform(
        operations.leave, current_user, form.password.data, form=form, field="password"
    ):
        log.info("delegate left user=%s", current_user.id)
        logout_user()
        session.clear()
        flash(_("Your account is closed. Thank you for your work."), "info")
        return redirect(url_for("accounts.login"))
    return _profile_page(400, leave_form=form)


@bp.route("/profile/sessions/end-others", methods=["POST"])
@login_required
def end_other_sessions():
    if ConfirmForm().validate_on_submit():
        count = perform(sessions.end_other_sessions, current_user, current_user.session_key).value
        log.info("other sessions ended user=%s count=%s", current_user.id, count)
        flash(_("Your other sessions are ended."), "success")
    return redirect(url_for("accounts.profile"))


@bp.route("/association/delegates", methods=["GET", "POST"])
@login_required
def delegates():
    form = InvitationForm()
    if form.validate_on_submit() and perform(
        operations.invite_delegate,
        current_user,
        form.email.data,
        form.name.data,
        form=form,
        field="email",
    ):
        flash(_("Invitation sent to %(email)s.", email=form.email.data), "success")
        return redirect(url_for("accounts.delegates"))
    people = operations.colleagues(current_user)
    return render_template(
        "accounts/delegates.html",
        form=form,
        people=people,
        with_second_factor=second_factor.enabled_among([p.id for p in people]),
        invitations=operations.pending_invitations(current_user),
        confirm=ConfirmForm(),
    )


def colleague_or_404(user_id: int) -> User:
    """A delegate of the current delegate's own association; any other id gives 404."""
    delegate = db.session.get(User, user_id)
    if delegate is None or delegate.association_id != current_user.association_id:
        abort(404)
    return delegate


@bp.route("/association/delegates/<int:user_id>/withdraw", methods=["POST"])
@login_required
def withdraw(user_id):
    delegate = colleague_or_404(user_id)
    if ConfirmForm().validate_on_submit() and perform(
        operations.withdraw_delegate, current_user, delegate
    ):
        log.info("delegate withdrawn user=%s by=%s", delegate.id, current_user.id)
        flash(_("%(name)s no longer represents your association.", name=delegate.name), "success")
    return redirect(url_for("accounts.delegates"))


@bp.route("/language", methods=["POST"])
def set_language():
    code = request.form.get("locale", "")
    if ConfirmForm().validate_on_submit() and is_known_locale(code):
        session["locale"] = code
        if current_user.is_authenticated:
            perform(_remember_locale, current_user, code)
    target = request.form.get("next", "")
    return redirect(target if is_local_url(target) else url_for("coalitions.home"))
