"""One search function for every page: words in, ranked results of the viewer's coalitions
out. One SQL statement whatever the number of documents: one page of results (the viewer's
coalitions are the memberships every page reads once)."""

from dataclasses import dataclass

import sqlalchemy as sa
from flask import url_for
from markupsafe import Markup
from werkzeug.routing import BuildError

from coordination.coalitions.operations import memberships_of
from coordination.db import read_rows
from coordination.extensions import db
from coordination.search import registry, synonyms
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
    memberships = memberships_of(association_id)
    return registry.Viewer(
        association_id=association_id,
        roles={c.id: role for c, role in memberships},
        coalitions={c.id: c for c, _role in memberships},
    )


def _searched(viewer: registry.Viewer, coalition_id: int | None) -> list[tuple[object, list]]:
    """[(source, coalition ids where the viewer may find its kind)], searched ones only."""
    allowed = set(viewer.roles)
    if coalition_id is not None:
        allowed &= {coalition_id}
    found = []
    for source in registry.sources():
        ids = sorted(allowed & set(source.coalitions(viewer)))
        if ids:
            found.append((source, ids))
    return found


def _plan(viewer: registry.Viewer, searched) -> tuple[list[tuple[list, list]], list]:
    """([(kinds, coalition ids)], [further SQL conditions]): kinds found in the same
    coalitions with no condition of their own share one `kind IN (…)` test."""
    plain: dict[tuple, list[str]] = {}
    extras = []
    for source, ids in searched:
        extra = source.condition(viewer) if source.condition is not None else None
        if extra is None or isinstance(extra, sa.sql.elements.True_):
            plain.setdefault(tuple(ids), []).append(source.kind)
        else:
            extras.append(
                sa.and_(
                    SearchDocument.kind == source.kind,
                    SearchDocument.coalition_id.in_(ids),
                    extra,
                )
            )
    return [(kinds, list(ids)) for ids, kinds in plain.items()], extras


def _group_condition(n: int) -> sa.ColumnElement:
    """Documents of the n-th group's kinds in its coalitions (bound parameters)."""
    return sa.and_(
        SearchDocument.kind.in_(sa.bindparam(f"kinds_{n}", expanding=True)),
        SearchDocument.coalition_id.in_(sa.bindparam(f"coalitions_{n}", expanding=True)),
    )


_statements: dict[tuple[str, int], sa.Select] = {}


def _statement(backend, groups: int, extras: list) -> sa.Select:
    """The results statement; built once per engine and number of groups when no source
    adds a condition of its own (the usual case), else for this search."""
    if extras:
        conditions = [_group_condition(n) for n in range(groups)] + extras
        return backend.statement(sa.or_(*conditions))
    key = (backend.name, groups)
    if key not in _statements:
        conditions = [_group_condition(n) for n in range(groups)]
        _statements[key] = backend.statement(sa.or_(*conditions))
    return _statements[key]


def visibility(viewer: registry.Viewer, coalition_id: int | None = None):
    """The SQL condition: documents of kinds the viewer may find, in coalitions where they
    may find them (only `coalition_id` if given). None when nothing is visible."""
    searched = _searched(viewer, coalition_id)
    if not searched:
        return None
    groups, extras = _plan(viewer, searched)
    conditions = [
        sa.and_(SearchDocument.kind.in_(kinds), SearchDocument.coalition_id.in_(ids))
        for kinds, ids in groups
    ]
    return sa.or_(*conditions, *extras)


def search(
    viewer: registry.Viewer,
    query: str,
    *,
    coalition_id: int | None = None,
    page: int = 1,
    per_page: int = 20,
) -> Results:
    words = terms(query)
    searched = _searched(viewer, coalition_id) if words else []
    if not searched:
        return Results(query, words, [], page, False)
    groups, extras = _plan(viewer, searched)
    backend = backend_for(db.engine.dialect.name)
    scope = sorted({i for _source, ids in searched for i in ids})
    expanded = synonyms.expand(words, synonyms.entries_for(scope))
    params = backend.params(expanded, scope)
    params.update(limit=per_page + 1, offset=(page - 1) * per_page)
    for n, (kinds, ids) in enumerate(groups):
        params[f"kinds_{n}"], params[f"coalitions_{n}"] = kinds, ids
    rows = read_rows(_statement(backend, len(groups), extras), params)
    hits = []
    labels: dict[str, str] = {}
    for row in rows[:per_page]:
        try:
            url = url_for(row.endpoint, coalition_id=row.coalition_id, **row.url_params)
        except BuildError:
            continue
        if row.kind not in labels:
            labels[row.kind] = registry.kind_label(row.kind)
        coalition = viewer.coalitions.get(row.coalition_id)
        hits.append(
            Hit(
                kind=row.kind,
                label=labels[row.kind],
                title=row.title,
                snippet=highlight(row.snippet),
                url=url,
                coalition_id=row.coalition_id,
                coalition_name=getattr(coalition, "name", ""),
            )
        )
    return Results(query, words, hits, page, len(rows) > per_page)
