"""What a coalition's protected pages ask of the session: that it proved the second factor.

Used by the directory for contact details, situations and exports when the coalition
decided so (Coalition.directory_second_factor); the lists stay visible without it."""

from flask import abort, redirect, request, url_for
from flask_login import current_user


def require_second_factor(coalition) -> None:
    """Nothing if the coalition does not ask for it or this session proved it; otherwise
    the delegate is sent to set it up or type a code, then brought back (GET pages)."""
    if not coalition.directory_second_factor:
        return
    if getattr(current_user, "second_factor_passed", False):
        return
    back = request.full_path.rstrip("?") if request.method == "GET" else request.path
    abort(redirect(url_for("accounts.second_factor_needed", next=back)))
