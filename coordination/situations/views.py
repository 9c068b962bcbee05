"""Situation pages: the collectif's list (who follows what), recording, one situation with
its steps, and the actions of the association following it (step, close, reopen, delete).
The collectif's own themes and obstacles: lists.html. Figures: views_figures.py."""

from functools import partial

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from coordination.directory import reads as directory
from coordination.directory.pages import institution_first
from coordination.situations import bp, identity_guard, operations, reads
from coordination.situations.access import (
    bare_situation_or_404,
    collectif_or_404,
    situation_or_404,
)
from coordination.situations.forms import (
    CloseForm,
    ReopenForm,
    SituationForm,
    StepForm,
    TermForm,
)
from coordination.timezone import local_today
from coordination.web.paging import choice_arg, flag_arg, list_page
from coordination.web.writes import (
    form_page,
    form_values,
    perform,
    posted_values,
    submit_then,
    submitted,
)

PAGE = 30
STATES = ("open", "closed")


def _situation_url(coalition, situation_id: int) -> str:
    return url_for("situations.situation", coalition_id=coalition.id, situation_id=situation_id)


def _to_situation(coalition, situation_id: int):
    return redirect(_situation_url(coalition, situation_id))


@bp.route("/c/<int:coalition_id>/situations", endpoint="index")
@login_required
def situations_index(coalition_id):
    coalition = collectif_or_404(coalition_id)
    state = choice_arg("state", STATES)
    mine = flag_arg("mine")
    stmt = reads.listing(
        coalition.id, state=state, association_id=current_user.association_id if mine else None
    )
    return list_page(
        "situations/index.html",
        partial(reads.lines_of, stmt),
        PAGE,
        "situations",
        coalition=coalition,
        state=state,
        mine=mine,
        vocab=reads.vocabulary(coalition.id),
    )


def _page_of_saved(coalition):
    """Where a situation form goes once committed: the page of the situation it returned."""
    return lambda situation: _situation_url(coalition, situation.id)


def _situation_form(coalition, vocab, obj=None) -> SituationForm:
    form = SituationForm(obj=obj)
    form.theme.choices = [(code, label) for code, label in vocab.themes.items()]
    form.institution_id.choices = directory.institution_choices(coalition.id)
    form.office_id.choices = directory.office_choices(coalition.id)
    form.contact_id.choices = directory.contact_choices(coalition.id)
    form.obstacles.choices = [(code, label) for code, label in vocab.obstacles.items()]
    if request.method == "GET":
        if obj is None:
            form.opened_on.data = local_today()
            form.institution_id.data = request.args.get("institution", type=int)
            form.office_id.data = request.args.get("office", 0, type=int)
            form.contact_id.data = request.args.get("contact", 0, type=int)
        else:
            form.office_id.data = obj.office_id or 0
            form.contact_id.data = obj.contact_id or 0
            form.obstacles.data = [o.code for o in obj.obstacles]
    return form


def _fields(form) -> dict:
    return {
        "theme": form.theme.data,
        "institution_id": form.institution_id.data,
        "office_id": form.office_id.data or None,
        "contact_id": form.contact_id.data or None,
        "opened_on": form.opened_on.data,
        "obstacles": list(form.obstacles.data or ()),
        "summary": form.summary.data or "",
    }


def _form_page(coalition, form, situation=None, status=None):
    return form_page(
        "situations/situation_form.html",
        form,
        status=status,
        coalition=coalition,
        situation=situation,
        rule=identity_guard.RULE,
    )


@bp.route("/c/<int:coalition_id>/situations/new", methods=["GET", "POST"], endpoint="new")
@login_required
def new_situation(coalition_id):
    coalition = collectif_or_404(coalition_id)
    vocab = reads.vocabulary(coalition.id)
    form = _situation_form(coalition, vocab)
    if missing := institution_first(
        coalition, form, _("Add the institution to the directory first.")
    ):
        return missing
    record = partial(operations.record_situation, coalition, by=current_user, **_fields(form))
    done = _("Situation recorded. Add its steps as they come.")
    then = _page_of_saved(coalition)
    if answer := submit_then(form, record, field="institution_id", done=done, then=then):
        return answer
    return _form_page(coalition, form)


@bp.route("/c/<int:coalition_id>/situations/<int:situation_id>")
@login_required
def situation(coalition_id, situation_id):
    coalition = collectif_or_404(coalition_id)
    found = situation_or_404(coalition, situation_id)
    step_form = StepForm(formdata=None, happened_on=local_today())
    close_form = CloseForm(formdata=None, closed_on=local_today())
    return _situation_page(coalition, found, step_form, close_form)


def _situation_page(coalition, found, step_form, close_form, status=200, reopen_form=None):
    return (
        render_template(
            "situations/situation.html",
            coalition=coalition,
            situation=found,
            vocab=reads.vocabulary(coalition.id),
            ours=found.association_id == current_user.association_id,
            step_form=step_form,
            close_form=close_form,
            reopen_form=reopen_form or ReopenForm(formdata=None),
            rule=identity_guard.RULE,
        ),
        status,
    )


@bp.route("/c/<int:coalition_id>/situations/<int:situation_id>/edit", methods=["GET", "POST"])
@login_required
def edit(coalition_id, situation_id):
    coalition = collectif_or_404(coalition_id)
    found = situation_or_404(coalition, situation_id)
    vocab = reads.vocabulary(coalition.id)
    form = _situation_form(coalition, vocab, obj=found)
    save = partial(operations.update_situation, found, by=current_user, **_fields(form))
    outcome = submitted(form, save, field="institution_id")
    if outcome:
        flash(_("Situation saved."), "success")
        return _to_situation(coalition, situation_id)
    if outcome.error is not None:  # the rollback expired what was loaded
        found = situation_or_404(coalition, situation_id)
    return _form_page(coalition, form, found)


def _act(coalition_id, situation_id, form_class, operation, done: str, **fixed):
    """The situation page's forms: validate, perform, back to the page (kept on error)."""
    coalition = collectif_or_404(coalition_id)
    found = bare_situation_or_404(coalition, situation_id)
    form = form_class()
    if submitted(form, operation, found, by=current_user, **posted_values(form), **fixed):
        flash(done, "success")
        return _to_situation(coalition, situation_id)
    found = situation_or_404(coalition, situation_id)
    forms = {
        "step_form": StepForm(formdata=None, happened_on=local_today()),
        "close_form": CloseForm(formdata=None, closed_on=local_today()),
        "reopen_form": None,
    }
    # The refused form is shown again as typed, with its messages, where it was.
    forms[{StepForm: "step_form", CloseForm: "close_form"}.get(form_class, "reopen_form")] = form
    if form.form_errors:
        flash(" ".join(str(e) for e in form.form_errors), "error")
    return _situation_page(coalition, found, status=400, **forms)


@bp.route("/c/<int:coalition_id>/situations/<int:situation_id>/steps", methods=["POST"])
@login_required
def add_step(coalition_id, situation_id):
    return _act(coalition_id, situation_id, StepForm, operations.add_step, _("Step added."))


@bp.route("/c/<int:coalition_id>/situations/<int:situation_id>/close", methods=["POST"])
@login_required
def close(coalition_id, situation_id):
    return _act(
        coalition_id, situation_id, CloseForm, operations.close_situation, _("Situation closed.")
    )


@bp.route("/c/<int:coalition_id>/situations/<int:situation_id>/reopen", methods=["POST"])
@login_required
def reopen(coalition_id, situation_id):
    return _act(
        coalition_id,
        situation_id,
        ReopenForm,
        operations.reopen_situation,
        _("Situation reopened."),
    )


@bp.route("/c/<int:coalition_id>/situations/<int:situation_id>/delete", methods=["GET", "POST"])
@login_required
def delete(coalition_id, situation_id):
    """Confirmed on a page of its own: what will go, and that it cannot be undone."""
    coalition = collectif_or_404(coalition_id)
    found = situation_or_404(coalition, situation_id)
    if request.method == "POST":
        if perform(operations.delete_situation, found, by=current_user):
            flash(_("Situation deleted."), "success")
            return redirect(url_for("situations.index", coalition_id=coalition.id))
        return _to_situation(coalition, situation_id)
    return render_template(
        "situations/delete.html",
        coalition=coalition,
        situation=found,
        vocab=reads.vocabulary(coalition.id),
        ours=found.association_id == current_user.association_id,
    )


@bp.route("/c/<int:coalition_id>/situations/lists", methods=["GET", "POST"])
@login_required
def lists(coalition_id):
    """The collectif's themes and obstacles; any member association adds to them."""
    coalition = collectif_or_404(coalition_id)
    form = TermForm()
    add = partial(
        operations.add_term, coalition, by=current_user, **form_values(form, "kind", "label")
    )
    done = _("Added to the list.")
    if answer := submit_then(
        form, add, field="label", done=done, then=lambda _added: _lists_url(coalition)
    ):
        return answer
    return form_page(
        "situations/lists.html", form, coalition=coalition, vocab=reads.vocabulary(coalition.id)
    )


def _lists_url(coalition) -> str:
    return url_for("situations.lists", coalition_id=coalition.id)
