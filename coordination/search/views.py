"""The search pages: one coalition's, and all of the delegate's coalitions at once."""

from functools import partial

import sqlalchemy as sa
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from coordination.extensions import db
from coordination.search import bp, operations, service, synonyms
from coordination.search.forms import SynonymForm
from coordination.search.models import SearchSynonym
from coordination.web.paging import page_number
from coordination.web.scoping import coalition_or_404, scoped_or_404
from coordination.web.writes import form_page, perform, posted_values, submit_then

PER_PAGE = 20


@bp.route("/search")
@login_required
def everywhere():
    return _results_page(None)


@bp.route("/c/<int:coalition_id>/search")
@login_required
def coalition(coalition_id):
    return _results_page(coalition_or_404(coalition_id, allow_guest=True))


def _results_page(coalition):
    """The results of `?q=` in `coalition`, or in all of the delegate's coalitions (None)."""
    query = request.args.get("q", "").strip()[:200]
    viewer = service.viewer_for(current_user.association_id)
    coalition_id = coalition.id if coalition is not None else None
    results = service.search(
        viewer, query, coalition_id=coalition_id, page=page_number(), per_page=PER_PAGE
    )
    return render_template("search/results.html", results=results, coalition=coalition)


@bp.route("/c/<int:coalition_id>/search/words", methods=["GET", "POST"])
@login_required
def words(coalition_id):
    """The words the search understands: the defaults, and the coalition's own."""
    coalition = coalition_or_404(coalition_id)
    form = SynonymForm()
    add = partial(operations.add_synonym, coalition, by=current_user, **posted_values(form))
    done = _("Added: the search now understands these words.")
    if answer := submit_then(
        form, add, field="words", done=done, then=lambda _added: _words_url(coalition)
    ):
        return answer
    own = db.session.scalars(
        sa.select(SearchSynonym)
        .where(SearchSynonym.coalition_id == coalition.id)
        .order_by(SearchSynonym.id)
    ).all()
    return form_page(
        "search/words.html", form, coalition=coalition, own=own, defaults=synonyms.defaults()
    )


@bp.route("/c/<int:coalition_id>/search/words/<int:synonym_id>/remove", methods=["POST"])
@login_required
def remove_word(coalition_id, synonym_id):
    coalition = coalition_or_404(coalition_id)
    entry = scoped_or_404(SearchSynonym, synonym_id, coalition)  # another coalition's: 404
    if perform(operations.remove_synonym, coalition, entry, by=current_user):
        flash(_("Removed."), "success")
    return redirect(_words_url(coalition))


def _words_url(coalition) -> str:
    return url_for("search.words", coalition_id=coalition.id)
