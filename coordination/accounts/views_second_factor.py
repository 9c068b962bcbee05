"""The second factor's pages: the code at login, setting up the authenticator application
from the profile, recovery codes, turning it off, proving it for a protected directory,
and a colleague of the same association resetting it after a lost phone."""

import io
import logging

import segno
from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from coordination.accounts import bp, second_factor, throttling
from coordination.accounts.forms import CodeForm, ConfirmForm, EnrolForm, PasswordAndCodeForm
from coordination.accounts.models import User
from coordination.accounts.pending import pending_login
from coordination.accounts.views import _start, colleague_or_404
from coordination.web.security import is_local_url
from coordination.web.writes import form_page, perform

log = logging.getLogger("coordination.auth")


def _no_store(page, status: int = 200) -> Response:
    response = Response(page, status=status)
    response.headers["Cache-Control"] = "no-store"
    return response


def _second_step(user: User | None, code: str, *, ip: str) -> bool:
    """One answer for every failure (unknown, withdrawn, wrong, replayed code), each
    recorded against the account's address like a wrong password (same throttling)."""
    ok = user is not None and user.active and second_factor.check_code(user, code)
    throttling.record_attempt(user.email if user is not None else "", ip, ok)
    if ok:
        _start(user, second_factor=True)
    return ok


@bp.route("/login/code", methods=["GET", "POST"])
def login_code():
    """The second step. The page is the same for everyone; a code sent with no password
    step behind it (or after its few minutes) is asked to log in again."""
    user, target = pending_login()
    form = CodeForm()
    if form.validate_on_submit():
        if user is None:
            form.code.errors = [_("Log in again: the time to type the code has passed.")]
            return render_template("accounts/login_code.html", form=form), 400
        ip = request.remote_addr or ""
        if throttling.is_throttled(user.email, ip):
            log.warning("code throttled user=%s ip=%s", user.id, ip)
            flash(_("Too many attempts. Wait a few minutes, or reset your password."), "error")
            return render_template("accounts/login_code.html", form=form), 429
        if perform(_second_step, user, form.code.data, ip=ip).value:
            log.info("login with code user=%s ip=%s", user.id, ip)
            return redirect(target if is_local_url(target) else url_for("coalitions.home"))
        log.warning("code refused user=%s ip=%s", user.id, ip)
        form.code.errors = [_("This code is not right, or was already used.")]
    return form_page("accounts/login_code.html", form)


# --- the profile's page -------------------------------------------------------------------


@bp.route("/profile/second-factor")
@login_required
def second_factor_page():
    enabled = second_factor.is_enabled(current_user)
    return render_template(
        "accounts/second_factor.html",
        enabled=enabled,
        remaining=second_factor.remaining_recovery_codes(current_user) if enabled else 0,
        codes_form=PasswordAndCodeForm(prefix="codes", formdata=None),
        off_form=PasswordAndCodeForm(prefix="off", formdata=None),
        confirm=ConfirmForm(),
    )


@bp.route("/profile/second-factor/start", methods=["POST"])
@login_required
def start_second_factor():
    if ConfirmForm().validate_on_submit() and perform(second_factor.start_enrolment, current_user):
        return redirect(url_for("accounts.second_factor_setup", next=request.args.get("next")))
    return redirect(url_for("accounts.second_factor_page"))


def _enrolling():
    factor = second_factor.factor_of(current_user)
    return factor if factor is not None and factor.confirmed_at is None else None


@bp.route("/profile/second-factor/setup", methods=["GET", "POST"])
@login_required
def second_factor_setup():
    factor = _enrolling()
    if factor is None:
        return redirect(url_for("accounts.second_factor_page"))
    form = EnrolForm()
    if form.validate_on_submit():
        outcome = perform(
            second_factor.confirm_enrolment,
            current_user,
            form.code.data,
            current_user.session_id,
            form=form,
            field="code",
        )
        if outcome:
            log.info("second factor on user=%s", current_user.id)
            return _recovery_codes_page(outcome.value, request.args.get("next", ""))
        factor = _enrolling()
    page = render_template(
        "accounts/second_factor_setup.html",
        form=form,
        secret=second_factor.grouped(factor.secret),
        next=request.args.get("next", ""),
    )
    return _no_store(page, 400 if form.errors else 200)


@bp.route("/profile/second-factor/qr.svg")
@login_required
def second_factor_qr():
    """The set-up address as a QR code: an image of our own origin, only while setting
    up, only for its owner, never cached (it carries the secret)."""
    factor = _enrolling()
    if factor is None:
        abort(404)
    image = io.BytesIO()
    segno.make(second_factor.provisioning_uri(current_user, factor), error="m").save(
        image, kind="svg", scale=5, dark="#000", light="#fff", title=_("QR code to scan")
    )
    response = Response(image.getvalue(), mimetype="image/svg+xml")
    response.headers["Cache-Control"] = "no-store"
    return response


def _recovery_codes_page(codes: list[str], target: str = ""):
    page = render_template(
        "accounts/recovery_codes.html",
        codes=codes,
        next=target if target and is_local_url(target) else "",
    )
    return _no_store(page)


def _password_and_code(prefix: str, operation):
    """The form asking for the password and a code, and the operation's outcome (None
    when refused: the reason is on the form's field)."""
    form = PasswordAndCodeForm(prefix=prefix)
    if not form.validate_on_submit():
        return None, form
    outcome = perform(
        operation, current_user, form.password.data, form.code.data, form=form, field="code"
    )
    if outcome:
        log.info("%s user=%s", operation.__name__, current_user.id)
    return outcome or None, form


@bp.route("/profile/second-factor/recovery-codes", methods=["POST"])
@login_required
def new_recovery_codes():
    outcome, form = _password_and_code("codes", second_factor.regenerate_recovery_codes)
    if outcome:
        return _recovery_codes_page(outcome.value)
    return _profile_page_with(codes_form=form)


@bp.route("/profile/second-factor/off", methods=["POST"])
@login_required
def second_factor_off():
    outcome, form = _password_and_code("off", second_factor.turn_off)
    if outcome:
        flash(_("The authenticator application is off."), "success")
        return redirect(url_for("accounts.second_factor_page"))
    return _profile_page_with(off_form=form)


def _profile_page_with(**forms):
    page = {
        "enabled": True,
        "remaining": second_factor.remaining_recovery_codes(current_user),
        "codes_form": PasswordAndCodeForm(prefix="codes", formdata=None),
        "off_form": PasswordAndCodeForm(prefix="off", formdata=None),
        "confirm": ConfirmForm(),
    }
    page.update(forms)
    return render_template("accounts/second_factor.html", **page), 400


# --- a protected directory asks for it --------------------------------------------------


@bp.route("/second-factor/needed", methods=["GET", "POST"])
@login_required
def second_factor_needed():
    """Asked before a protected directory's details: set the application up, or (set up
    after this session began) type a code once for this session."""
    target = request.values.get("next", "")
    target = target if is_local_url(target) else url_for("coalitions.home")
    if getattr(current_user, "second_factor_passed", False):
        return redirect(target)
    enabled = second_factor.is_enabled(current_user)
    form = CodeForm(next=target)
    if enabled and form.validate_on_submit():
        ip = request.remote_addr or ""
        if throttling.is_throttled(current_user.email, ip):
            flash(_("Too many attempts. Wait a few minutes, or reset your password."), "error")
            return render_template("accounts/second_factor_needed.html", form=form), 429
        if perform(_prove_now, current_user, form.code.data, ip=ip).value:
            return redirect(target)
        form.code.errors = [_("This code is not right, or was already used.")]
    page = render_template(
        "accounts/second_factor_needed.html", form=form, enabled=enabled, next=target
    )
    return page, 400 if form.errors else 200


def _prove_now(user: User, code: str, *, ip: str) -> bool:
    ok = second_factor.check_code(user, code)
    throttling.record_attempt(user.email, ip, ok)
    if ok:
        second_factor.mark_session(user.session_id)
    return ok


# --- a colleague's lost phone -------------------------------------------------------------


@bp.route("/association/delegates/<int:user_id>/second-factor/reset", methods=["POST"])
@login_required
def reset_second_factor(user_id):
    delegate = colleague_or_404(user_id)
    if ConfirmForm().validate_on_submit() and perform(
        second_factor.reset_for, delegate, by=current_user
    ):
        log.warning("second factor reset user=%s by=%s", delegate.id, current_user.id)
        flash(
            _(
                "%(name)s can log in with their password alone and set up the application again.",
                name=delegate.name,
            ),
            "success",
        )
    return redirect(url_for("accounts.delegates"))
