"""Search sources: each feature says what it indexes, how, and when to reindex.

A feature registers one `Source` per kind of object, in its `init_app`:

    from coordination.search.registry import Document, Source, register_source

    def meeting_documents(session, ids):
        rows = session.execute(
            sa.select(Meeting.id, Meeting.coalition_id, Meeting.title, Meeting.place)
            .where(Meeting.id.in_(ids))
        )
        return [Document.of(r, "meeting", "meetings.show", r.title, r.place,
                            meeting_id=r.id) for r in rows]

    register_source(Source(
        kind="meeting", label=_l("Meeting"), model=Meeting, build=meeting_documents,
        watch={AgendaItem: lambda items: [i.meeting_id for i in items]},
    ))

- `build(session, ids)` returns the current documents of those objects. It runs inside a
  flush: read fresh rows with column selects on `session` (not ORM entities, no lazy
  loading). An id it returns no document for leaves the index (deleted, erased, private).
- When rows of `model` are added, changed or deleted through the session, their documents
  are rebuilt or removed in the same transaction. `watch` maps other models to the ids of
  this source's objects to rebuild when their rows change: a function of the changed (or
  deleted) instances returning ids or a select of ids (a renamed institution reindexes its
  offices; a new agenda item reindexes its meeting).
- `coalitions(viewer)`: in which of the viewer's coalitions this kind may be found
  (default: where their association is a member; guest associations find nothing unless a
  source says so). `condition(viewer)` may narrow further with a SQL condition on
  `SearchDocument` (e.g. only the meetings a guest association is invited to).
- A result links to `url_for(endpoint, coalition_id=document.coalition_id, **url_params)`.
- Never put what must not be shown in a result list (phone numbers, e-mails) in a document.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

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


def ids_of(objects) -> list[int]:
    """The ids of changed objects (for a Source's `watch`)."""
    return [o.id for o in objects]


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
