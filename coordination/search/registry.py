"""Search sources: each feature says what it indexes, how, and when to reindex.

A feature registers one `Source` per kind of object, in its `init_app`. Most declare their
documents with `indexed`: the rows to read, and each row's title, body and link; the
search builds the documents from them:

    register_source(indexed(
        kind="meeting", label=_l("Meeting"), model=Meeting,
        rows=sa.select(*columns_of(Meeting, "id coalition_id title place")),
        related={"speakers": texts_of(GuestInvitation.meeting_id, GuestInvitation.topic)},
        title=lambda r: r.title,
        body=lambda r: (r.place, *r.speakers),
        endpoint="meetings.show", url=lambda r: {"meeting_id": r.id},
        watch={GuestInvitation: watch_parent("meeting_id")},
    ))

A source whose documents cannot be declared so gives its own `build(session, ids)`
(returning `Document.of(row, kind, endpoint, title, *body, **url_params)` for each row).

- `build(session, ids)` returns the current documents of those objects. It runs inside a
  flush: read fresh rows with column selects on `session` (not ORM entities, no lazy
  loading). An id it returns no document for leaves the index (deleted, erased, private).
- When rows of `model` are added, changed or deleted through the session, their documents
  are rebuilt or removed in the same transaction. `watch` maps other models to the ids of
  this source's objects to rebuild when their rows change: a function of the changed (or
  deleted) instances returning ids or a select of ids (a renamed institution reindexes its
  offices: `watch_children(Office.institution_id)`; a new agenda item reindexes its
  meeting: `watch_parent("meeting_id")`).
- `coalitions(viewer)`: in which of the viewer's coalitions this kind may be found
  (default: where their association is a member; guest associations find nothing unless a
  source says so). `condition(viewer)` may narrow further with a SQL condition on
  `SearchDocument` (e.g. only the meetings a guest association is invited to).
- A result links to `url_for(endpoint, coalition_id=document.coalition_id, **url_params)`.
- Never put what must not be shown in a result list (phone numbers, e-mails) in a document.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session


@dataclass(frozen=True)
class Document:
    coalition_id: int
    kind: str
    object_id: int
    title: str
    body: str
    endpoint: str
    url_params: dict = field(default_factory=dict)

    @classmethod
    def of(cls, row, kind: str, endpoint: str, title: str, *body, **url_params) -> "Document":
        """The document of a selected row that carries `id` and `coalition_id`; the body
        is its non-empty parts, one a line."""
        return cls(
            coalition_id=row.coalition_id,
            kind=kind,
            object_id=row.id,
            title=title,
            body=join_text(*body),
            endpoint=endpoint,
            url_params=url_params,
        )


def join_text(*parts) -> str:
    return "\n".join(p for p in parts if p)


def texts_by_id(rows) -> dict[int, list[str]]:
    """Rows of (id, text, …) grouped by their id, in order, each row's texts joined: the
    speakers of meetings, the notes of commitments… for their documents' bodies."""
    grouped: dict[int, list[str]] = {}
    for object_id, *texts in rows:
        grouped.setdefault(object_id, []).append(join_text(*texts))
    return grouped


def texts_of(object_id, *texts) -> sa.Select:
    """For `indexed`'s `related`: the texts of the rows that belong to each indexed object
    (a commitment's follow-up notes, a meeting's guest speakers), in the order they were
    added. `object_id` is those rows' column holding the indexed object's id (it comes
    first); a join may be added (`.join(Institution, …)`) to read another table's text."""
    return sa.select(object_id, *texts).order_by(object_id.class_.id)


def ids_of(objects) -> list[int]:
    """The ids of changed objects (for a Source's `watch`)."""
    return [o.id for o in objects]


def watch_parent(attribute: str) -> Callable[[list], list[int]]:
    """For a Source's `watch`: changed rows that belong to an indexed object rebuild it (a
    new follow-up note reindexes its commitment: `watch_parent("commitment_id")`)."""
    return lambda objects: [getattr(o, attribute) for o in objects]


def watch_children(foreign_key, ids=None) -> Callable[[list], sa.Select]:
    """For a Source's `watch`: the indexed objects whose `foreign_key` points at a changed
    row are rebuilt (a renamed institution reindexes its offices:
    `watch_children(Office.institution_id)`). `ids`, another column of that table, gives
    the indexed objects' ids when it is a link table (the campaigns that target a renamed
    institution: `watch_children(CampaignTarget.institution_id, CampaignTarget.campaign_id)`)."""
    selected = foreign_key.class_.id if ids is None else ids
    return lambda objects: sa.select(selected).where(foreign_key.in_(ids_of(objects)))


@dataclass(frozen=True)
class Viewer:
    """Whoever searches: their association's role in each coalition they take part in."""

    association_id: int
    roles: Mapping[int, str]  # coalition id -> "member" / "guest"
    coalitions: Mapping[int, object]  # coalition id -> Coalition (settings, name)

    @property
    def member_of(self) -> list[int]:
        return [cid for cid, role in self.roles.items() if role == "member"]


def members_only(viewer: Viewer) -> Iterable[int]:
    return viewer.member_of


@dataclass(frozen=True)
class Source:
    kind: str
    label: object  # lazy string shown on results ("Contact", "Meeting"…)
    model: type
    build: Callable[[Session, list[int]], Iterable[Document]]
    watch: Mapping[type, Callable[[list], "sa.Select | Iterable[int]"]] = field(
        default_factory=dict
    )
    coalitions: Callable[[Viewer], Iterable[int]] = members_only
    condition: Callable[[Viewer], sa.ColumnElement] | None = None
    order: int = 50  # among kinds with equal rank, lower first


def indexed(
    *,
    kind: str,
    label,
    model: type,
    rows: sa.Select,
    title: Callable[[Any], str],
    body: Callable[[Any], Iterable[str | None]],
    endpoint: str,
    url: Callable[[Any], dict],
    related: Mapping[str, sa.Select] | None = None,
    keep: Callable[[Any], bool] | None = None,
    skip_empty: bool = False,
    **options,
) -> Source:
    """A Source whose documents are declared: what is read, what a document says.

    - `rows`: a select of the indexed objects' columns, with `id` and `coalition_id` (and
      joined tables' labelled columns); the search reads those of `model.id IN ids`.
    - `related`: more texts of each object, by name (see `texts_of`): a row then also
      carries, under that name, the list of its texts (`r.notes`), each on one line.
    - `title(r)`, `body(r)` (its parts in order, the empty ones left out) and `url(r)`, the
      arguments of `endpoint` besides the coalition, make each row's document.
    - `keep(r)`: whether a row has a document at all (not an erased contact's).
    - `skip_empty`: no document while its body is empty (minutes nothing is written in).
    - `options`: the Source's other fields (`watch`, `coalitions`, `condition`, `order`).
    """
    related = dict(related or {})

    def build(session: Session, ids: list[int]) -> list[Document]:
        found = session.execute(rows.where(model.id.in_(ids))).all()
        related_texts = {  # name -> {object id: [texts]}; the first column is the object id
            name: texts_by_id(
                session.execute(statement.where(statement.selected_columns[0].in_(ids)))
            )
            for name, statement in related.items()
        }
        documents = []
        for row in found:
            if keep is not None and not keep(row):
                continue
            if related_texts:  # the row's columns and, under each name, its related texts
                row = SimpleNamespace(
                    **row._mapping,
                    **{name: by_id.get(row.id, []) for name, by_id in related_texts.items()},
                )
            document = Document.of(row, kind, endpoint, title(row), *body(row), **url(row))
            if document.body.strip() or not skip_empty:
                documents.append(document)
        return documents

    return Source(kind=kind, label=label, model=model, build=build, **options)


_sources: dict[str, Source] = {}


def register_source(source: Source) -> None:
    """Register (or replace, for the same kind) a source. Idempotent across app factories."""
    _sources[source.kind] = source


def sources() -> list[Source]:
    return sorted(_sources.values(), key=lambda s: (s.order, s.kind))


def source(kind: str) -> Source | None:
    return _sources.get(kind)


def kind_label(kind: str) -> str:
    found = _sources.get(kind)
    return str(found.label) if found else kind
