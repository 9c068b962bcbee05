"""Statement drafting pages: edit (with merges and conflicts), the revisions, one
revision, restore, the comparison of two revisions."""

from functools import partial

import sqlalchemy as sa
from flask import (
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from coordination.accounts.models import User
from coordination.extensions import db
from coordination.statements import bp, operations
from coordination.statements.forms import (
    EditForm,
    RestoreForm,
)
from coordination.statements.models import (
    CONSULTATION,
    Statement,
    StatementRevision,
)
from coordination.statements.views import REVISIONS_PAGE, _load, _read, _to_show
from coordination.web import textdiff
from coordination.web.confirm import Confirmation, confirm_then
from coordination.web.paging import page_of
from coordination.web.writes import form_values, perform

# --- editing --------------------------------------------------------------------------------


@bp.route("/c/<int:coalition_id>/statements/<int:statement_id>/edit", methods=["GET", "POST"])
@login_required
def edit(coalition_id, statement_id):
    coalition, statement = _load(coalition_id, statement_id)
    if request.method == "GET":
        if not statement.is_editable:
            flash(_("This statement can no longer be edited."), "info")
            return _to_show(statement)
        current = operations.current_revision(statement)
        form = EditForm(
            formdata=None, base_revision_id=str(current.id), **operations.values_of(current)
        )
        return _edit_page(coalition, statement, form, current)
    form = EditForm()
    if not form.validate_on_submit():
        return _edit_page(coalition, statement, form, None, 400)
    outcome = perform(
        _save_unless_conflict,
        statement,
        by=current_user,
        base_revision_id=int(form.base_revision_id.data),
        **form_values(form, "title", "recipient", "purpose", "body", "summary"),
        form=form,
    )
    if not outcome:
        statement = db.session.get(Statement, statement.id)
        return _edit_page(coalition, statement, form, None, 409)
    result = outcome.value
    if result.conflict:
        return _conflict_page(coalition, statement, form, result.conflict)
    if result.unchanged:
        flash(_("Nothing to save: the latest version already has this text."), "info")
    elif result.merged:
        flash(
            _(
                "Another delegate saved meanwhile. Their changes and yours touched different "
                "paragraphs: both are kept (revision %(n)d). Check the result.",
                n=result.revision.number,
            ),
            "warning",
        )
    else:
        flash(_("Saved as revision %(n)d.", n=result.revision.number), "success")
    if statement.status == CONSULTATION and not result.unchanged:
        flash(
            _(
                "The text changed during the sign-off: every association is asked to answer "
                "again on the new revision."
            ),
            "info",
        )
    return _to_show(statement)


def _save_unless_conflict(statement, **values):
    """`operations.save`, for `perform`. A conflict is not a refusal: the page shows both
    texts and no error message. Yet nothing of that request may be kept (not even the
    sign-off that `save` settles first), so it is undone here, within the operation, by
    a savepoint: `perform` then commits nothing."""
    savepoint = db.session.begin_nested()
    result = operations.save(statement, **values)
    if result.conflict:
        savepoint.rollback()
    else:
        savepoint.commit()
    return result


def _edit_page(coalition, statement, form, current, status=200):
    return render_template(
        "statements/edit.html",
        coalition=coalition,
        statement=statement,
        form=form,
        current=current,
        conflict=None,
    ), status


def _conflict_page(coalition, statement, form, conflict):
    """Nothing was saved. The author's text stays in the form, based on the latest
    revision; the other change and both versions are shown to reconcile them."""
    form.base_revision_id.data = str(conflict.current.id)
    base, theirs, mine = operations.values_of(conflict.base), conflict.current, conflict.mine
    changes = {
        name: textdiff.render_diff(base[name], getattr(theirs, name))
        for name in operations.FIELDS
        if base[name] != getattr(theirs, name)
    }
    differences = {
        name: textdiff.render_diff(getattr(theirs, name), mine[name])
        for name in operations.FIELDS
        if getattr(theirs, name) != mine[name]
    }
    return render_template(
        "statements/edit.html",
        coalition=coalition,
        statement=statement,
        form=form,
        current=theirs,
        conflict=conflict,
        their_changes=changes,
        my_differences=differences,
        author=db.session.get(User, theirs.author_id) if theirs.author_id else None,
    ), 409


# --- revisions ------------------------------------------------------------------------------


@bp.route("/c/<int:coalition_id>/statements/<int:statement_id>/revisions")
@login_required
def revisions(coalition_id, statement_id):
    coalition, statement = _load(coalition_id, statement_id)
    return render_template(
        "statements/revisions.html",
        coalition=coalition,
        statement=statement,
        **page_of(partial(operations.revisions, statement), REVISIONS_PAGE, "revisions"),
    )


def _revision_or_404(statement, number):
    rev = operations.revision(statement, number)
    if rev is None:
        abort(404)
    return rev


@bp.route("/c/<int:coalition_id>/statements/<int:statement_id>/revisions/<int:number>")
@login_required
def revision(coalition_id, statement_id, number):
    coalition, statement = _load(coalition_id, statement_id)
    rev = db.session.scalars(
        sa.select(StatementRevision)
        .where(StatementRevision.statement_id == statement.id, StatementRevision.number == number)
        .options(
            sa.orm.joinedload(StatementRevision.author),
            sa.orm.joinedload(StatementRevision.association),
        )
    ).first()
    if rev is None:
        abort(404)
    current = operations.current_revision(statement)
    return render_template(
        "statements/revision.html",
        coalition=coalition,
        statement=statement,
        rev=rev,
        current=current,
    )


@bp.route(
    "/c/<int:coalition_id>/statements/<int:statement_id>/revisions/<int:number>/restore",
    methods=["GET", "POST"],
)
@login_required
def restore(coalition_id, statement_id, number):
    """Restore an earlier revision as a new one, after the shared confirmation page; the
    form carries the revision that was current when the page was shown."""
    coalition, statement = _load(coalition_id, statement_id)
    _revision_or_404(statement, number)
    current = operations.current_revision(statement)
    form = RestoreForm(base_revision_id=str(current.id))
    refusal = None
    if not statement.is_editable:
        refusal = _("This statement can no longer be edited.")
    elif number == current.number:
        refusal = _("This revision is already the current text.")
    happens = [
        _(
            "The text of revision %(old)d becomes the current text again, as a new revision "
            "%(new)d, for every association.",
            old=number,
            new=current.number + 1,
        ),
        _("Nothing is deleted: the current text stays among the revisions."),
    ]
    cannot_undo = None
    if statement.status == CONSULTATION:
        happens.append(
            _("The sign-off starts again on the restored text: every association is asked again.")
        )
        cannot_undo = _("the answers already given to the sign-off will no longer count.")
    confirmation = Confirmation(
        title=_("Restore revision %(n)d of “%(title)s”?", n=number, title=statement.title),
        happens=happens,
        cannot_undo=cannot_undo,
        undo=_("To go back, restore revision %(n)d the same way.", n=current.number),
        button=_("Restore this revision"),
        back=url_for(
            "statements.revision",
            coalition_id=coalition.id,
            statement_id=statement.id,
            number=number,
        ),
        refusal=refusal,
    )
    if request.method == "POST" and _int(form.base_revision_id.data) != current.id:
        # Restoring from a stale page overwrites nothing: it shows what changed meanwhile.
        flash(_("The statement was changed meanwhile: look at the latest revision first."), "error")
        return redirect(
            url_for(
                "statements.compare",
                coalition_id=coalition.id,
                statement_id=statement.id,
                **{"from": number, "to": current.number},
            )
        )
    return confirm_then(
        confirmation,
        form,
        lambda: operations.restore(
            statement, number, by=current_user, base_revision_id=_int(form.base_revision_id.data)
        ),
        done=_("Revision %(old)d restored as revision %(n)d.", old=number, n=current.number + 1),
        then=url_for("statements.show", coalition_id=coalition.id, statement_id=statement.id),
    )


def _int(text) -> int:
    return int(text) if text and str(text).isdigit() else -1


@bp.route("/c/<int:coalition_id>/statements/<int:statement_id>/compare")
@login_required
def compare(coalition_id, statement_id):
    coalition, statement, _decision = _read(coalition_id, statement_id)
    to_number = request.args.get("to", statement.current_number, type=int)
    from_number = request.args.get("from", max(to_number - 1, 1), type=int)
    revs = operations.revisions_to_compare(statement, from_number, to_number)
    if from_number not in revs or to_number not in revs:
        abort(404)
    old, new = revs[from_number], revs[to_number]
    diffs = {}
    for name in operations.FIELDS:
        before, after = getattr(old, name), getattr(new, name)
        html, stats = textdiff.rendered_diff(before, after)
        diffs[name] = (html, stats, before != after)
    return render_template(
        "statements/compare.html",
        coalition=coalition,
        statement=statement,
        old=old,
        new=new,
        diffs=diffs,
    )
