"""The registry's helpers for declaring a source: `indexed` (documents from rows and their
related texts), `texts_of`, `watch_parent` and `watch_children`."""

import sqlalchemy as sa

from coordination.db import columns_of
from coordination.directory import operations
from coordination.directory.models import Contact, Institution, Office
from coordination.search.registry import (
    Document,
    indexed,
    texts_of,
    watch_children,
    watch_parent,
)


def institutions_with_offices(**options):
    """A source (never registered) of institutions whose bodies list their offices."""
    return indexed(
        kind="test_institution",
        label="Institution",
        model=Institution,
        rows=sa.select(*columns_of(Institution, "id coalition_id name territory")),
        related={"offices": texts_of(Office.institution_id, Office.name, Office.address)},
        title=lambda r: r.name.upper(),
        body=lambda r: (r.territory, *r.offices),
        endpoint="directory.institution",
        url=lambda r: {"institution_id": r.id, "_anchor": "offices"},
        **options,
    )


def test_indexed_builds_documents_with_related_texts_in_order(db, directory):
    cpam = directory.institution
    operations.create_office(directory.coalition, cpam, name="Antenne", by=directory.member)
    source = institutions_with_offices(order=99)
    assert (source.kind, source.model, source.order) == ("test_institution", Institution, 99)
    assert source.build(db.session, [cpam.id]) == [
        Document(
            coalition_id=directory.coalition.id,
            kind="test_institution",
            object_id=cpam.id,
            title="CPAM DE BRIE-ET-MARNE",
            body="Brie\nAccueil de Meaux-sur-Brie\n5 rue de l'Assurance\nAntenne",
            endpoint="directory.institution",
            url_params={"institution_id": cpam.id, "_anchor": "offices"},
        )
    ]


def test_indexed_keeps_only_the_rows_and_bodies_asked_for(db, directory):
    bare = operations.create_institution(
        directory.coalition, kind="other", name="Sans bureau", by=directory.member
    )
    ids = [directory.institution.id, bare.id]
    every = institutions_with_offices().build(db.session, ids)
    assert sorted(d.object_id for d in every) == sorted(ids)
    with_body = institutions_with_offices(skip_empty=True).build(db.session, ids)
    assert [d.object_id for d in with_body] == [directory.institution.id]
    kept = institutions_with_offices(keep=lambda r: r.name.startswith("Sans"))
    assert [d.object_id for d in kept.build(db.session, ids)] == [bare.id]


def test_watch_helpers_name_the_objects_to_rebuild(db, directory):
    contact = directory.contact
    assert watch_parent("office_id")([contact]) == [directory.office.id]
    offices = watch_children(Office.institution_id)([directory.institution])
    assert list(db.session.scalars(offices)) == [directory.office.id]
    through = watch_children(Contact.office_id, Contact.institution_id)([directory.office])
    assert list(db.session.scalars(through)) == [directory.institution.id]
