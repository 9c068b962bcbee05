"""Work done once the response has been sent: e-mails whose lookup, building and sending
must not show in how long a request takes (no account enumeration by timing, ASVS 5.0).

`after_response(job)` registers `job()` to run when the WSGI server closes the response
(Werkzeug's `call_on_close`: gunicorn calls it after the last byte is written), in a fresh
request context on the address the request came to (or BASE_URL), so `url_for`,
`force_locale`, templates and the database session work as in a request; the job's
changes are committed. Outside a request (the CLI, the scheduler) the job runs at once
and the caller commits, as for any operation.

Why not a queue table drained by the scheduler: it needs a model, a migration and a job,
and delays a password reset by a scheduler tick. The cost of this simpler way: a message
is lost if the worker dies in the few milliseconds after answering; the person asks again.
A failure is logged and never shown: the answer is already on its way.
"""

import logging
from collections.abc import Callable

from flask import Flask, after_this_request, current_app, has_request_context

from coordination.extensions import db
from coordination.web.urls import base_url, served_base_url

log = logging.getLogger("coordination.after_response")


def after_response(job: Callable[[], None]) -> None:
    if not has_request_context():
        job()
        return
    app = current_app._get_current_object()
    # The address this request came to: links the job writes must point there too.
    address = base_url()

    @after_this_request
    def _attach(response):
        response.call_on_close(lambda: run_now(app, job, address))
        return response


def run_now(app: Flask, job: Callable[[], None], address: str | None = None) -> None:
    """Run one job in its own request context (on `address`) and transaction."""
    address = address or app.config.get("BASE_URL") or served_base_url()
    # Its own app context first: the request context would otherwise join one still
    # pushed (a test's), and share, then close, its database session.
    with app.app_context(), app.test_request_context("/", base_url=address, method="POST"):
        try:
            job()
            db.session.commit()
        except Exception:
            db.session.rollback()
            log.exception("job after the response failed")
        finally:
            db.session.remove()
