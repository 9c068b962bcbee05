"""Statement pages: list, drafting with revisions and conflicts, comments, sign-off,
fate, print/PDF/Markdown output and the optional public page."""

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from coordination.accounts.forms import ConfirmForm
from coordination.accounts.models import User
from coordination.consent.forms import AnswerForm
from coordination.extensions import db
from coordination.statements import bp, operations, signoff, textdiff
from coordination.statements.forms import (
    CommentForm,
    ConsultationForm,
    EditForm,
    EventForm,
    RestoreForm,
    StatementForm,
    WithdrawForm,
)
from coordination.statements.models import (
    CONSULTATION,
    DRAFT,
    Statement,
    StatementComment,
    StatementRevision,
)
from coordination.web.scoping import coalition_or_404, scoped_or_404

RECENT_REVISIONS = 5
REVISIONS_PAGE = 50


def _load(coalition_id: int, statement_id: int):
    coalition = coalition_or_404(coalition_id)
    return coalition, scoped_or_404(Statement, statement_id, coalition)


def _to_show(statement, anchor: str | None = None):
    return redirect(
        url_for(
            "statements.show",
            coalition_id=statement.coalition_id,
            statement_id=statement.id,
            _anchor=anchor,
        )
    )


@bp.route("/c/<int:coalition_id>/statements")
@login_required
def index(coalition_id):
    coalition = coalition_or_404(coalition_id)
    return render_template(
        "statements/index.html",
        coalition=coalition,
        statements=operations.statements_of(coalition),
    )


@bp.route("/c/<int:coalition_id>/statements/new", methods=["GET", "POST"])
@login_required
def new(coalition_id):
    coalition = coalition_or_404(coalition_id)
    form = StatementForm()
    if form.validate_on_submit():
        statement = operations.create_statement(
            coalition,
            by=current_user,
            title=form.title.data,
            recipient=form.recipient.data,
            purpose=form.purpose.data,
            body=form.body.data,
            summary=form.summary.data,
        )
        db.session.commit()
        flash(_("The statement is started. The other delegates can now improve it."), "success")
        return _to_show(statement)
    return render_template(
        "statements/new.html", coalition=coalition, form=form
    ), 400 if form.errors else 200


# --- the statement page -------------------------------------------------------------------


def _show(coalition, statement, status=200, **forms):
    consult = signoff.consultation(statement)
    mine = consult.answers.get(current_user.association_id) if consult else None
    may_answer = bool(
        consult
        and consult.decision.is_open
        and statement.status == CONSULTATION
        and current_user.association_id in consult.tally.electorate
    )
    context = {
        "coalition": coalition,
        "statement": statement,
        "current": operations.current_revision(statement),
        "recent": operations.revisions(statement, limit=RECENT_REVISIONS),
        "comments": operations.comments(statement),
        "consult": consult,
        "mine": mine,
        "may_answer": may_answer,
        "signatories": operations.signatories(statement) if statement.is_adopted else [],
        "events": operations.events(statement),
        "confirm": ConfirmForm(),
        "comment_form": forms.get("comment_form") or CommentForm(formdata=None),
        "answer_form": forms.get("answer_form")
        or AnswerForm(formdata=None, answer=mine.answer if mine else None),
        "consultation_form": ConsultationForm(formdata=None),
        "event_form": forms.get("event_form") or EventForm(formdata=None),
        "withdraw_form": forms.get("withdraw_form") or WithdrawForm(formdata=None),
        "has_guests": bool(signoff.consent.member_ids(coalition.id, "guest"))
        if statement.status == DRAFT
        else False,
    }
    return render_template("statements/show.html", **context), status


@bp.route("/c/<int:coalition_id>/statements/<int:statement_id>")
@login_required
def show(coalition_id, statement_id):
    coalition, statement = _load(coalition_id, statement_id)
    if signoff.is_due(statement):  # rare: the deadline passed, close the sign-off now
        try:
            signoff.sync(statement)
            db.session.commit()
        except sa.exc.OperationalError:
            # SQLite: another writer came first in this reading transaction; the
            # scheduler or the next visit closes it.
            db.session.rollback()
    return _show(coalition, statement)


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
    try:
        result = operations.save(
            statement,
            by=current_user,
            base_revision_id=int(form.base_revision_id.data),
            title=form.title.data,
            recipient=form.recipient.data,
            purpose=form.purpose.data,
            body=form.body.data,
            summary=form.summary.data,
        )
    except operations.StatementError as error:
        db.session.rollback()
        statement = db.session.get(Statement, statement.id)
        form.form_errors.append(str(error))
        return _edit_page(coalition, statement, form, None, 409)
    if result.conflict:
        db.session.rollback()
        return _conflict_page(coalition, statement, form, result.conflict)
    db.session.commit()
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
    page = max(request.args.get("page", 1, type=int), 1)
    rows = operations.revisions(
        statement, limit=REVISIONS_PAGE + 1, offset=(page - 1) * REVISIONS_PAGE
    )
    return render_template(
        "statements/revisions.html",
        coalition=coalition,
        statement=statement,
        revisions=rows[:REVISIONS_PAGE],
        page=page,
        has_next=len(rows) > REVISIONS_PAGE,
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
        restore_form=RestoreForm(formdata=None, base_revision_id=str(current.id)),
    )


@bp.route(
    "/c/<int:coalition_id>/statements/<int:statement_id>/revisions/<int:number>/restore",
    methods=["POST"],
)
@login_required
def restore(coalition_id, statement_id, number):
    coalition, statement = _load(coalition_id, statement_id)
    _revision_or_404(statement, number)
    form = RestoreForm()
    if not form.validate_on_submit() or not form.base_revision_id.data.isdigit():
        abort(400)
    try:
        rev = operations.restore(
            statement, number, by=current_user, base_revision_id=int(form.base_revision_id.data)
        )
    except operations.StatementError as error:
        db.session.rollback()
        flash(str(error), "error")
        statement = db.session.get(Statement, statement.id)
        return redirect(
            url_for(
                "statements.compare",
                coalition_id=coalition.id,
                statement_id=statement.id,
                **{"from": number, "to": statement.current_number},
            )
        )
    db.session.commit()
    flash(_("Revision %(old)d restored as revision %(n)d.", old=number, n=rev.number), "success")
    return _to_show(statement)


@bp.route("/c/<int:coalition_id>/statements/<int:statement_id>/compare")
@login_required
def compare(coalition_id, statement_id):
    coalition, statement = _load(coalition_id, statement_id)
    to_number = request.args.get("to", statement.current_number, type=int)
    from_number = request.args.get("from", max(to_number - 1, 1), type=int)
    old = _revision_or_404(statement, from_number)
    new = _revision_or_404(statement, to_number)
    diffs = {}
    for name in operations.FIELDS:
        ops = textdiff.diff_ops(getattr(old, name), getattr(new, name))
        changed = getattr(old, name) != getattr(new, name)
        diffs[name] = (textdiff.render(ops), textdiff.stats(ops), changed)
    return render_template(
        "statements/compare.html",
        coalition=coalition,
        statement=statement,
        old=old,
        new=new,
        diffs=diffs,
        names=_names_of(old, new),
    )


def _names_of(*revs):
    """Author and association names of a few revisions (one query)."""
    ids = {r.author_id for r in revs if r.author_id}
    users = {u.id: u for u in db.session.scalars(sa.select(User).where(User.id.in_(ids)))}
    return {
        r.id: (
            users[r.author_id].name if r.author_id in users else "",
            users[r.author_id].association.name if r.author_id in users else "",
        )
        for r in revs
    }


# --- comments -------------------------------------------------------------------------------


@bp.route("/c/<int:coalition_id>/statements/<int:statement_id>/comments", methods=["POST"])
@login_required
def comment(coalition_id, statement_id):
    coalition, statement = _load(coalition_id, statement_id)
    form = CommentForm()
    if not form.validate_on_submit():
        return _show(coalition, statement, 400, comment_form=form)
    try:
        c = operations.add_comment(
            statement, by=current_user, body=form.body.data, quote=form.quote.data
        )
    except operations.StatementError as error:
        db.session.rollback()
        form.body.errors = [str(error)]
        return _show(coalition, statement, 400, comment_form=form)
    db.session.commit()
    flash(_("Your comment is added."), "success")
    return _to_show(statement, f"comment-{c.id}")


@bp.route(
    "/c/<int:coalition_id>/statements/<int:statement_id>/comments/<int:comment_id>/<action>",
    methods=["POST"],
)
@login_required
def comment_state(coalition_id, statement_id, comment_id, action):
    coalition, statement = _load(coalition_id, statement_id)
    c = scoped_or_404(StatementComment, comment_id, coalition)
    if c.statement_id != statement.id or action not in ("resolve", "reopen"):
        abort(404)
    if ConfirmForm().validate_on_submit():
        if action == "resolve":
            operations.resolve_comment(c, by=current_user)
            flash(_("Comment marked as resolved."), "success")
        else:
            operations.reopen_comment(c, by=current_user)
            flash(_("Comment reopened."), "success")
        db.session.commit()
    return _to_show(statement, f"comment-{c.id}")
