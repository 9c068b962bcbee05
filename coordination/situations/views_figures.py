"""The figures page (counts, delays, unresolved shares, obstacles; filters), its exports
(CSV, XLSX) and citing it in a draft statement. Everything shown here is aggregated: the
small-number rule applies (stats.protect, the `small` filter)."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.datastructures import MultiDict

from coordination.directory import reads as directory
from coordination.situations import bp, citation, citing, exports, reads
from coordination.situations.access import collectif_or_404
from coordination.situations.figures import compute
from coordination.situations.forms import CiteForm, FiltersForm
from coordination.statements.models import Statement
from coordination.timezone import local_today
from coordination.web.scoping import scoped_or_404
from coordination.web.writes import perform


class Page:
    """What every figures view needs: the collectif, its lists, the filters, the figures."""

    def __init__(self, coalition_id: int, args):
        self.coalition = collectif_or_404(coalition_id)
        self.vocab = reads.vocabulary(self.coalition.id)
        self.institutions = dict(directory.institution_choices(self.coalition.id))
        self.form = FiltersForm(args)
        self.form.theme.choices = [("", _("All themes"))] + [
            (code, label) for code, label in self.vocab.themes.items()
        ]
        self.form.institution.choices = [(0, _("All institutions"))] + list(
            self.institutions.items()
        )
        valid = self.form.validate()
        data = self.form.data if valid else {}
        self.filters = reads.Filters(
            start=data.get("start"),
            end=data.get("end"),
            theme=data.get("theme") or None,
            institution_id=data.get("institution") or None,
        )
        self.today = local_today()
        items = reads.items(self.coalition.id, self.filters)
        self.first_opened = min((i.opened_on for i in items), default=None)
        codes = reads.obstacle_codes(self.coalition.id, self.filters)
        self.figures = compute(items, codes, self.today)

    def url(self, endpoint: str, **extra) -> str:
        return url_for(endpoint, coalition_id=self.coalition.id, **self.filters.as_args(), **extra)

    def block(self) -> str:
        theme = self.filters.theme
        return citation.block(
            self.figures,
            coalition_name=self.coalition.name,
            start=self.filters.start,
            end=self.filters.end,
            first_opened=self.first_opened,
            theme_label=self.vocab.themes.get(theme, theme) if theme else None,
            institution_names=self.institutions,
            obstacle_labels=self.vocab.obstacles,
            live_url=self.url("situations.figures", _external=True),
            today=self.today,
        )

    def theme_rows(self) -> list[tuple[str, int]]:
        return [(self.vocab.themes.get(c, c), n) for c, n in self.figures.by_theme]

    def obstacle_rows(self) -> list[tuple[str, int]]:
        return [(self.vocab.obstacles.get(c, c), n) for c, n in self.figures.obstacles]

    def rows(self) -> list[list]:
        return exports.table(
            self.figures, self.vocab.themes, self.vocab.obstacles, self.institutions
        )

    def filename(self) -> str:
        return f"chiffres-situations-{self.today.isoformat()}"


@bp.route("/c/<int:coalition_id>/situations/figures")
@login_required
def figures(coalition_id):
    page = Page(coalition_id, request.args)
    cite_form = CiteForm(formdata=None, **page.filters.as_args())
    cite_form.statement_id.choices = citing.draft_choices(page.coalition.id)
    return _figures_page(page, cite_form)


def _figures_page(page: Page, cite_form, status: int = 200):
    return (
        render_template(
            "situations/figures.html",
            coalition=page.coalition,
            page=page,
            figures=page.figures,
            form=page.form,
            vocab=page.vocab,
            institutions=page.institutions,
            cite_form=cite_form,
            block=page.block(),
        ),
        status,
    )


@bp.route("/c/<int:coalition_id>/situations/figures.csv")
@login_required
def figures_csv(coalition_id):
    page = Page(coalition_id, request.args)
    return exports.csv_response(page.rows(), page.filename())


@bp.route("/c/<int:coalition_id>/situations/figures.xlsx")
@login_required
def figures_xlsx(coalition_id):
    page = Page(coalition_id, request.args)
    return exports.xlsx_response(page.rows(), page.filename())


@bp.route("/c/<int:coalition_id>/situations/figures/cite", methods=["POST"])
@login_required
def cite(coalition_id):
    """Insert the figures, as filtered on the page, into the chosen draft statement."""
    cite_form = CiteForm()
    names = ("start", "end", "theme", "institution")
    args = MultiDict({n: getattr(cite_form, n).data for n in names if getattr(cite_form, n).data})
    page = Page(coalition_id, args)
    cite_form.statement_id.choices = citing.draft_choices(page.coalition.id)
    if cite_form.validate_on_submit():
        statement = scoped_or_404(Statement, cite_form.statement_id.data, page.coalition)
        outcome = perform(
            citing.cite,
            statement,
            form=cite_form,
            field="statement_id",
            by=current_user,
            block=page.block(),
        )
        if outcome:
            number = outcome.value.number
            message = _("The figures are cited in the statement (revision %(n)d).", n=number)
            flash(message, "success")
            return redirect(
                url_for(
                    "statements.show", coalition_id=page.coalition.id, statement_id=statement.id
                )
            )
    return _figures_page(page, cite_form, 400)
