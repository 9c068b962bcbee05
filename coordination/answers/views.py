"""The answer page an e-mail's link opens, without logging in.

GET shows the question and the association's current answer, and changes nothing.
POST records the answer through the feature's own operation. The POST is exempt from the
session's CSRF check, narrowly (this one view): it is protected instead by the link's
token in the form, unguessable and bound to one delegate and one object (see links.py).
"""

from contextlib import nullcontext
from dataclasses import dataclass

from flask import abort, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from coordination.accounts.models import User
from coordination.answers import bp, links
from coordination.answers.kinds import KIND_OF
from coordination.coalitions.models import Association, Coalition
from coordination.db import utcnow
from coordination.extensions import csrf, db

# Why a link does not open the page -> HTTP status of the page that says so. A mistyped
# or tampered token, a revoked link and an association that left: 403; an expired link
# and a settled question: 410 (gone for good). A token on another object's URL: 404.
STATUS = {links.INVALID: 403, links.REVOKED: 403, "left": 403, links.EXPIRED: 410, "closed": 410}
TITLES = {
    links.INVALID: _l("This link does not work"),
    links.REVOKED: _l("This link no longer works"),
    links.EXPIRED: _l("This link has expired"),
    "closed": _l("This question is settled"),
    "left": _l("Your association no longer takes part"),
    "recorded": _l("Answer recorded"),
}


# The URL holds the link's token: never sent to another site, never indexed.
PRIVATE = {"Referrer-Policy": "no-referrer", "X-Robots-Tag": "noindex"}


class LinkRefused(Exception):
    """The link cannot be used now: `reason` (a key of STATUS), with the link and its
    delegate when known, the kind's message and the object's own page for "closed"."""

    def __init__(self, reason: str, link=None, user=None, message=None, page=None):
        super().__init__(reason)
        self.reason = reason
        self.link = link
        self.user = user
        self.message = message
        self.page = page

    @property
    def answered_just_now(self) -> bool:
        """Back from this link's own POST, whose answer settled the question (a last
        objection, the last association agreeing): say it is recorded, and closed."""
        return (
            self.reason == "closed"
            and request.args.get("done") == "1"
            and self.link is not None
            and self.link.last_used_at is not None
        )


@dataclass
class Opened:
    link: object
    kind: object
    obj: object
    user: User
    token: str


def _open(coalition_id: int, kind_key: str, object_id: int, token: str) -> Opened:
    """The link and its object, or LinkRefused (a clear page) or 404 (another object)."""
    kind = KIND_OF.get(kind_key) or abort(404)
    link = links.find(token)
    reason = links.refusal(link)
    if reason == links.INVALID:
        raise LinkRefused(reason)
    if not links.matches(link, coalition_id, kind_key, object_id):
        abort(404)  # a token for one object opens nothing else
    user = db.session.get(User, link.user_id)
    if reason is None and not user.active:
        reason = links.REVOKED
    if reason is not None:
        raise LinkRefused(reason, link, user)
    obj = kind.load(coalition_id, object_id)
    if obj is None:
        raise LinkRefused("closed", link, user)
    closed = kind.closed(obj, utcnow())
    if closed is not None:
        raise LinkRefused("closed", link, user, closed, kind.page_link(obj))
    if not kind.takes_part(obj, user):
        raise LinkRefused("left", link, user)
    return Opened(link, kind, obj, user, token)


@bp.errorhandler(LinkRefused)
def refused(error: LinkRefused):
    user = error.user
    recorded = error.answered_just_now
    # In the delegate's own language once the link is known; else the visitor's.
    with force_locale(user.locale) if user is not None else nullcontext():
        page = render_template(
            "answers/refused.html",
            reason=error.reason,
            recorded=recorded,
            association=db.session.get(Association, user.association_id) if recorded else None,
            title=TITLES["recorded" if recorded else error.reason],
            message=error.message,
            page_url=url_for(error.page[0], **error.page[1]) if error.page else None,
        )
    return page, 200 if recorded else STATUS[error.reason], PRIVATE


def _page(opened: Opened, form, status: int = 200):
    kind, obj, user = opened.kind, opened.obj, opened.user
    with force_locale(user.locale):
        page = render_template(
            kind.template,
            form=form,
            user=user,
            association=db.session.get(Association, user.association_id),
            coalition=db.session.get(Coalition, opened.link.coalition_id),
            action=url_for(
                "answers.confirm",
                coalition_id=opened.link.coalition_id,
                kind=kind.key,
                object_id=opened.link.object_id,
            ),
            token=opened.token,
            done=request.args.get("done") == "1",
            choice=request.args.get("choice", ""),
            page_url=url_for(kind.page_link(obj)[0], **kind.page_link(obj)[1]),
            **kind.context(obj, user),
        )
    return page, status, PRIVATE


@bp.route("/c/<int:coalition_id>/reply/<kind>/<int:object_id>/<token>")
def reply(coalition_id, kind, object_id, token):
    opened = _open(coalition_id, kind, object_id, token)
    form = opened.kind.form(opened.obj, opened.user)
    if "choice" in request.args and hasattr(form, "answer"):
        form.answer.data = request.args["choice"]  # the e-mail's "agree" / "object" button
    return _page(opened, form)


@bp.route("/c/<int:coalition_id>/reply/<kind>/<int:object_id>", methods=["POST"])
@csrf.exempt  # protected by the link's token in the form instead (see the module docstring)
def confirm(coalition_id, kind, object_id):
    opened = _open(coalition_id, kind, object_id, request.form.get("token", ""))
    with force_locale(opened.user.locale):
        form = opened.kind.form(opened.obj, opened.user, formdata=request.form)
        if form.validate():
            links.mark_used(opened.link)
            if opened.kind.record(opened.obj, opened.user, form):
                return redirect(
                    url_for(
                        "answers.reply",
                        coalition_id=coalition_id,
                        kind=kind,
                        object_id=object_id,
                        token=opened.token,
                        done=1,
                    )
                )
            # Refused and rolled back: read the object again before showing it.
            opened.obj = opened.kind.load(coalition_id, object_id)
    return _page(opened, form, 400)
