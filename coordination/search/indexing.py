"""Keeping the index in step: after every flush, the objects of registered sources that
were added, changed or deleted in it (directly or through a watched model) get their
documents rebuilt or removed, in the same transaction. A rollback undoes both.

Changes that bypass the session (bulk `UPDATE`/`DELETE` statements, database cascades)
must call `reindex_objects` or `forget` themselves; `reindex_all` rebuilds everything
(`flask search reindex`).
"""

import contextlib
import logging
from collections import defaultdict

import sqlalchemy as sa
from sqlalchemy.orm import Session

from coordination.search import registry
from coordination.search.models import SearchDocument

log = logging.getLogger(__name__)
CHUNK = 500
_table = SearchDocument.__table__


def _ids_from(result, session) -> set[int]:
    if isinstance(result, sa.Select):
        return set(session.execute(result).scalars())
    return {int(i) for i in result if i is not None}


def changed_ids(session: Session) -> tuple[dict[str, set[int]], dict[str, set[int]]]:
    """(kind -> ids to rebuild, kind -> ids deleted) for the objects of this flush."""
    touched = list(session.new) + list(session.dirty)
    deleted = list(session.deleted)
    rebuild: dict[str, set[int]] = defaultdict(set)
    gone: dict[str, set[int]] = defaultdict(set)
    for source in registry.sources():
        for obj in touched:
            if isinstance(obj, source.model) and obj.id is not None:
                rebuild[source.kind].add(obj.id)
        for obj in deleted:
            if isinstance(obj, source.model) and obj.id is not None:
                gone[source.kind].add(obj.id)
        for model, mapper in source.watch.items():
            related = [o for o in touched + deleted if isinstance(o, model)]
            if related:
                rebuild[source.kind] |= _ids_from(mapper(related), session)
        rebuild[source.kind] -= gone[source.kind]
    return rebuild, gone


def _after_flush(session: Session, _flush_context) -> None:
    if session.info.get("search_paused"):
        return
    rebuild, gone = changed_ids(session)
    connection = session.connection()
    for kind, ids in gone.items():
        if ids:
            forget(connection, kind, ids)
    for kind, ids in rebuild.items():
        if ids:
            reindex_objects(session, kind, ids)


_MARKERS = str.maketrans("", "", "\x02\x03")


def _plain(text: str | None) -> str:
    """Without the control characters the backends use to mark matches in excerpts."""
    return (text or "").translate(_MARKERS)


def reindex_objects(session: Session, kind: str, ids) -> int:
    """Rebuild the documents of these objects; an object without a document is removed."""
    source = registry.source(kind)
    if source is None:
        return 0
    ids = sorted(set(ids))
    connection = session.connection()
    written = 0
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        documents = {d.object_id: d for d in source.build(session, chunk) if d.kind == kind}
        existing = dict(
            connection.execute(
                sa.select(_table.c.object_id, _table.c.id).where(
                    _table.c.kind == kind, _table.c.object_id.in_(chunk)
                )
            ).all()
        )
        missing = [i for i in chunk if i not in documents and i in existing]
        if missing:
            forget(connection, kind, missing)
        inserts, updates = [], []
        for object_id, doc in documents.items():
            values = {
                "coalition_id": doc.coalition_id,
                "kind": kind,
                "object_id": object_id,
                "title": _plain(doc.title)[:300],
                "body": _plain(doc.body),
                "endpoint": doc.endpoint,
                "url_params": doc.url_params,
            }
            if object_id in existing:
                updates.append({"doc_id": existing[object_id], **values})
            else:
                inserts.append(values)
        if inserts:
            connection.execute(sa.insert(_table), inserts)
        if updates:
            connection.execute(
                sa.update(_table)
                .where(_table.c.id == sa.bindparam("doc_id"))
                .values({k: sa.bindparam(k) for k in updates[0] if k != "doc_id"}),
                updates,
            )
        written += len(documents)
    return written


def forget(connection, kind: str, ids) -> None:
    """Remove these objects' documents from the index."""
    ids = list(ids)
    for start in range(0, len(ids), CHUNK):
        connection.execute(
            sa.delete(_table).where(
                _table.c.kind == kind, _table.c.object_id.in_(ids[start : start + CHUNK])
            )
        )


def reindex_all(session: Session, kinds: list[str] | None = None) -> dict[str, int]:
    """Rebuild every document of every (or the given) source; drop orphans."""
    counts = {}
    connection = session.connection()
    for source in registry.sources():
        if kinds and source.kind not in kinds:
            continue
        ids = list(session.execute(sa.select(source.model.id)).scalars())
        counts[source.kind] = reindex_objects(session, source.kind, ids)
        connection.execute(
            sa.delete(_table).where(
                _table.c.kind == source.kind,
                _table.c.object_id.not_in(sa.select(source.model.id).scalar_subquery()),
            )
        )
    return counts


@contextlib.contextmanager
def paused(session: Session):
    """`with paused(session):` — no automatic indexing (bulk loads; call reindex_all after)."""
    session.info["search_paused"] = True
    try:
        yield
    finally:
        session.info.pop("search_paused", None)


def install() -> None:
    """Listen to every session's flushes (idempotent)."""
    if not sa.event.contains(Session, "after_flush", _after_flush):
        sa.event.listen(Session, "after_flush", _after_flush)
