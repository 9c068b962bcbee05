"""The site's own address, for links written into files read elsewhere (e-mails, calendar
feeds, vCards): BASE_URL when it is set (production; `make run` passes the served host
and port), otherwise the address the current request came to, otherwise the address
`flask run` serves (FLASK_RUN_HOST, FLASK_RUN_PORT), 127.0.0.1:5000 by default."""

import os

from flask import current_app, has_request_context, request

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = "5000"


def configured_base_url() -> str:
    return (current_app.config.get("BASE_URL") or "").strip().rstrip("/")


def served_base_url() -> str:
    host = os.environ.get("FLASK_RUN_HOST") or DEFAULT_HOST
    port = os.environ.get("FLASK_RUN_PORT") or DEFAULT_PORT
    return f"http://{host}:{port}"


def base_url() -> str:
    """The absolute address of the site, without a trailing slash."""
    if configured := configured_base_url():
        return configured
    if has_request_context():
        return request.host_url.rstrip("/")
    return served_base_url()


def warn_if_unset(app) -> None:
    """In production, links in e-mails and calendars need BASE_URL: say so at start-up."""
    if app.config.get("PRODUCTION") and not (app.config.get("BASE_URL") or "").strip():
        app.logger.warning(
            "BASE_URL is not set: links in e-mails and calendar feeds will use the address "
            "of each request, or %s in background jobs. Set BASE_URL to the public address.",
            served_base_url(),
        )
