"""Comments on a statement: add, resolve, reopen."""

from flask import (
    abort,
    flash,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from coordination.accounts.forms import ConfirmForm
from coordination.statements import bp, operations
from coordination.statements.forms import (
    CommentForm,
)
from coordination.statements.models import (
    StatementComment,
)
from coordination.statements.views import _form_page, _load, _show_url, _to_show
from coordination.web.scoping import scoped_or_404
from coordination.web.writes import form_values, perform, submit_then

# --- comments -------------------------------------------------------------------------------


@bp.route("/c/<int:coalition_id>/statements/<int:statement_id>/comments", methods=["POST"])
@login_required
def comment(coalition_id, statement_id):
    coalition, statement = _load(coalition_id, statement_id)
    form = CommentForm()
    return submit_then(
        form,
        operations.add_comment,
        statement,
        by=current_user,
        **form_values(form, "body", "quote"),
        field="body",
        done=lambda: _("Your comment is added."),
        then=lambda c: _show_url(statement, f"comment-{c.id}"),
        again=lambda: _form_page(coalition, statement, comment_form=form),
    )


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
            perform(operations.resolve_comment, c, by=current_user)
            flash(_("Comment marked as resolved."), "success")
        else:
            perform(operations.reopen_comment, c, by=current_user)
            flash(_("Comment reopened."), "success")
    return _to_show(statement, f"comment-{c.id}")
