"""The search pages: one coalition's, and all of the delegate's coalitions at once."""

from flask import render_template, request
from flask_login import current_user, login_required

from coordination.search import bp, service
from coordination.web.scoping import coalition_or_404

PER_PAGE = 20


def _page() -> int:
    return max(request.args.get("page", 1, type=int), 1)


@bp.route("/search")
@login_required
def everywhere():
    query = request.args.get("q", "").strip()[:200]
    viewer = service.viewer_for(current_user.association_id)
    results = service.search(viewer, query, page=_page(), per_page=PER_PAGE)
    return render_template("search/results.html", results=results, coalition=None)


@bp.route("/c/<int:coalition_id>/search")
@login_required
def coalition(coalition_id):
    coalition = coalition_or_404(coalition_id, allow_guest=True)
    query = request.args.get("q", "").strip()[:200]
    viewer = service.viewer_for(current_user.association_id)
    results = service.search(
        viewer, query, coalition_id=coalition.id, page=_page(), per_page=PER_PAGE
    )
    return render_template("search/results.html", results=results, coalition=coalition)
