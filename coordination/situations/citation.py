"""The block of text a statement cites: the figures of the moment, in words, dated, with
the filters they came from and a link back to the live figures. It is inserted as plain
text into a new revision of the statement (statements.operations.save), so it stays frozen
in the history: later situations change the live page, never the cited block.

Small numbers are protected (stats.protect) and delays computed from fewer than 3
situations are left out.
"""

from datetime import date

from flask_babel import get_locale, ngettext
from flask_babel import gettext as _

from coordination.situations import stats
from coordination.situations.figures import Figures
from coordination.web.i18n import formatted


def day_in_words(day: date) -> str:
    """ "1er janvier 2027" in French (the ordinal of the first day), the long date else."""
    text = formatted("date", day, "long")
    if str(get_locale()).startswith("fr") and day.day == 1 and text.startswith("1 "):
        return "1er " + text[2:]
    return text


def _days(whole: int) -> str:
    return ngettext("%(num)d day", "%(num)d days", whole)


def _period(start: date | None, end: date | None, first: date | None, today: date) -> str:
    start = start or first or today
    end = min(end or today, today)
    return _("Between %(start)s and %(end)s", start=day_in_words(start), end=day_in_words(end))


def block(
    figures: Figures,
    *,
    coalition_name: str,
    start: date | None,
    end: date | None,
    first_opened: date | None,
    theme_label: str | None,
    institution_names: dict,
    obstacle_labels: dict,
    live_url: str,
    today: date,
) -> str:
    """The frozen text, in Markdown (a quotation, so that it stands out in the statement)."""
    count = stats.protect(figures.total)
    if theme_label:
        what = _(
            "%(count)s situations of the theme “%(theme)s” followed by %(associations)d "
            "associations",
            count=count,
            theme=theme_label,
            associations=figures.associations,
        )
    else:
        what = _(
            "%(count)s situations followed by %(associations)d associations",
            count=count,
            associations=figures.associations,
        )
    parts = [f"{_period(start, end, first_opened, today)}, {what}"]
    for delays in figures.by_institution:
        if delays.shown:
            parts.append(
                _(
                    "median time to resolution by %(institution)s: %(median)s "
                    "(9 in 10 within %(p90)s; %(count)s situations)",
                    institution=institution_names.get(delays.key, "?"),
                    median=_days(delays.median_days),
                    p90=_days(delays.p90),
                    count=stats.protect(delays.count),
                )
            )
    for days, (part, whole) in ((30, figures.unresolved_30), (90, figures.unresolved_90)):
        percent = stats.share(part, whole)
        if percent is not None:
            parts.append(
                _("%(percent)d %% still unresolved after %(days)d days", percent=percent, days=days)
            )
    shown = [
        f"{str(obstacle_labels.get(code, code)).lower()} ({n})"
        for code, n in figures.obstacles
        if not stats.is_small(n)
    ]
    if shown:
        parts.append(_("most frequent obstacles: %(list)s", list=", ".join(shown)))
    heading = _(
        "Figures of the situations followed by %(name)s, as of %(day)s",
        name=coalition_name,
        day=day_in_words(today),
    )
    sentence = " ; ".join(parts) + "."
    link = _("See the figures as they are today")
    return f"> **{heading}**\n>\n> {sentence}\n>\n> [{link}]({live_url})\n"
