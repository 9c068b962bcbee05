"""A coalition's own words for the search: add an entry, remove one. Operations flush and
never commit; each change is written in the coalition's history."""

from flask_babel import gettext as _

from coordination.coalitions.transparency import record
from coordination.errors import Refused
from coordination.extensions import db
from coordination.search import synonyms
from coordination.search.models import SearchSynonym

MAX_ENTRIES = 200  # per coalition: a list nobody can read any more is no help


class SearchError(Refused):
    pass


def add_synonym(coalition, *, by, words: str, means: str) -> SearchSynonym:
    parsed = synonyms.parse_line(f"{words} {synonyms.ARROW} {means}")
    if parsed is None:
        raise SearchError(
            _(
                "Write at least one word on each side, with letters or digits"
                " (not only « de », « la »…)."
            )
        )
    listed, meaning = parsed
    count = db.session.query(SearchSynonym).filter_by(coalition_id=coalition.id).count()
    if count >= MAX_ENTRIES:
        raise SearchError(
            _("This coalition already has %(num)d entries; remove one first.", num=count)
        )
    entry = SearchSynonym(
        coalition_id=coalition.id,
        words=", ".join(listed)[:300],
        means=meaning[:100],
        created_by_id=by.id,
    )
    db.session.add(entry)
    db.session.flush()
    record(
        coalition.id,
        "search.synonym_added",
        f"{entry.words} → {entry.means}",
        user=by,
        obj=entry,
    )
    return entry


def remove_synonym(coalition, entry: SearchSynonym, *, by) -> None:
    """Remove one of the coalition's own words (the view loaded it scoped to the coalition)."""
    if entry.coalition_id != coalition.id:
        raise SearchError(_("This entry no longer exists."))
    record(coalition.id, "search.synonym_removed", f"{entry.words} → {entry.means}", user=by)
    db.session.delete(entry)
    db.session.flush()
