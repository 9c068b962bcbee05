"""A delegate's own data: a readable page and a JSON download (right of access)."""

import json

from flask import Response, render_template
from flask_login import current_user, login_required

from coordination.accounts import bp, own_data
from coordination.db import utcnow


def _private(response):
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/profile/my-data")
@login_required
def my_data():
    data = own_data.own_data(current_user)
    page = render_template("accounts/my_data.html", data=data)
    return _private(Response(page))


@bp.route("/profile/my-data.json")
@login_required
def my_data_json():
    data = {"exported_at": utcnow().isoformat(), **own_data.own_data(current_user)}
    body = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    filename = f"concertation-mes-donnees-{utcnow():%Y%m%d}.json"
    response = Response(body, mimetype="application/json")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return _private(response)
