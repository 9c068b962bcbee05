"""One search function for every page: words in, ranked results of the viewer's coalitions
out. Two SQL statements whatever the number of documents: the viewer's coalitions, then
one page of results."""

from dataclasses import dataclass

import sqlalchemy as sa
from flask import url_for
from markupsafe import Markup
from werkzeug.routing import BuildError

from coordination.coalitions.models import Coalition, Membership
from coordination.extensions import db
from coordination.search import registry
from coordination.search.backends import backend_for, highlight, terms
from coordination.search.models import SearchDocument


@dataclass(frozen=True)
class Hit:
    kind: str
    label: str
    title: str
    snippet: Markup
    url: str
    coalition_id: int
    coalition_name: str


@dataclass(frozen=True)
class Results:
    query: str
    words: list
    hits: list
    page: int
    has_next: bool


def viewer_for(association_id: int) -> registry.Viewer:
    rows = db.session.execute(
        sa.select(Membership.role, Coalition)
        .join(Coalition, Coalition.id == Membership.coalition_id)
        .where(Membership.association_id == association_id, Membership.left_on.is_(None))
    ).all()
    return registry.Viewer(
        association_id=association_id,
        roles={c.id: role for role, c in rows},
        coalitions={c.id: c for _role, c in rows},
    )


def visibility(viewer: registry.Viewer, coalition_id: int | None = None):
    """The SQL condition: documents of kinds the viewer may find, in coalitions where they
    may find them (only `coalition_id` if given). None when nothing is visible."""
    allowed = set(viewer.roles)
    if coalition_id is not None:
        allowed &= {coalition_id}
    conditions = []
    for source in registry.sources():
        ids = sorted(allowed & set(source.coalitions(viewer)))
        if not ids:
            continue
        condition = sa.and_(
            SearchDocument.kind == source.kind, SearchDocument.coalition_id.in_(ids)
        )
        if source.condition is not None:
            condition = sa.and_(condition, source.condition(viewer))
        conditions.append(condition)
    return sa.or_(*conditions) if conditions else None


def search(
    viewer: registry.Viewer,
    query: str,
    *,
    coalition_id: int | None = None,
    page: int = 1,
    per_page: int = 20,
) -> Results:
    words = terms(query)
    where = visibility(viewer, coalition_id)
    if not words or where is None:
        return Results(query, words, [], page, False)
    backend = backend_for(db.engine.dialect.name)
    rows = db.session.execute(
        backend.statement(words, where, per_page + 1, (page - 1) * per_page)
    ).all()
    hits = []
    for document, snippet in rows[:per_page]:
        try:
            url = url_for(
                document.endpoint, coalition_id=document.coalition_id, **document.url_params
            )
        except BuildError:
            continue
        coalition = viewer.coalitions.get(document.coalition_id)
        hits.append(
            Hit(
                kind=document.kind,
                label=registry.kind_label(document.kind),
                title=document.title,
                snippet=highlight(snippet),
                url=url,
                coalition_id=document.coalition_id,
                coalition_name=getattr(coalition, "name", ""),
            )
        )
    return Results(query, words, hits, page, len(rows) > per_page)
