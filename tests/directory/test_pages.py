"""Every directory and commitment page renders for members; other coalitions get 404;
guests only see the directory when their coalition decided so; lists run a constant
number of queries."""

import pytest

from coordination.coalitions.models import GUEST, Membership
from coordination.commitments import operations as commitments
from coordination.directory import operations
from coordination.directory.models import Contact
from coordination.situations import operations as situations
from tests.conftest import count_queries


@pytest.fixture
def promise(directory):
    return commitments.create_commitment(
        directory.coalition,
        by=directory.member,
        title="Réouverture d'un accueil",
        institution_id=directory.institution.id,
        contact_id=directory.contact.id,
        promised_on=operations.local_today(),
    )


def pages(d, promise):
    c = d.coalition.id
    return [
        f"/c/{c}/directory",
        f"/c/{c}/directory/contacts",
        f"/c/{c}/directory/contacts?stale=1&institution={d.institution.id}",
        f"/c/{c}/directory/institutions/{d.institution.id}",
        f"/c/{c}/directory/offices/{d.office.id}",
        f"/c/{c}/directory/contacts/{d.contact.id}",
        f"/c/{c}/commitments",
        f"/c/{c}/commitments?status=pending&when=overdue",
        f"/c/{c}/commitments/{promise.id}",
    ]


def forms(d, promise):
    c = d.coalition.id
    return [
        f"/c/{c}/directory/institutions/new",
        f"/c/{c}/directory/institutions/{d.institution.id}/edit",
        f"/c/{c}/directory/institutions/{d.institution.id}/offices/new",
        f"/c/{c}/directory/offices/{d.office.id}/edit",
        f"/c/{c}/directory/offices/{d.office.id}/hours",
        f"/c/{c}/directory/contacts/new",
        f"/c/{c}/directory/contacts/{d.contact.id}/edit",
        f"/c/{c}/directory/contacts/{d.contact.id}/erase",
        f"/c/{c}/directory/export",
        f"/c/{c}/directory/import",
        f"/c/{c}/commitments/new",
        f"/c/{c}/commitments/{promise.id}/edit",
    ]


def test_members_see_every_page(directory, promise, login_as):
    client = login_as(directory.member)
    for url in pages(directory, promise) + forms(directory, promise):
        response = client.get(url)
        assert response.status_code == 200, url


def test_other_coalitions_get_404_everywhere(directory, promise, login_as):
    outsider = login_as(directory.world.outsider)
    for url in pages(directory, promise) + forms(directory, promise):
        assert outsider.get(url).status_code == 404, url
    # The outsider's own coalition id with our objects' ids: still 404.
    other = directory.world.other_coalition.id
    for url in pages(directory, promise):
        swapped = url.replace(f"/c/{directory.coalition.id}/", f"/c/{other}/")
        if swapped.endswith(("/directory", "/contacts", "/commitments")) or "?" in swapped:
            continue
        assert outsider.get(swapped).status_code == 404, swapped
    check = outsider.post(
        f"/c/{other}/directory/contacts/{directory.contact.id}/check",
        token_from=f"/c/{other}/directory",
    )
    assert check.status_code == 404


def test_guests_see_the_directory_only_if_allowed_and_never_change_it(
    db, directory, promise, make, login_as
):
    guest_association = make.association()
    guest = make.delegate(guest_association)
    db.session.add(
        Membership(
            coalition_id=directory.coalition.id, association_id=guest_association.id, role=GUEST
        )
    )
    db.session.flush()
    client = login_as(guest)
    for url in pages(directory, promise):
        assert client.get(url).status_code == 404, url
    home = client.get(f"/c/{directory.coalition.id}").get_data(as_text=True)
    assert f"/c/{directory.coalition.id}/directory" not in home
    directory.coalition.guests_see_directory = True
    db.session.flush()
    for url in pages(directory, promise):
        assert client.get(url).status_code == 200, url
    assert f"/c/{directory.coalition.id}/directory" in client.get(
        f"/c/{directory.coalition.id}"
    ).get_data(as_text=True)
    for url in forms(directory, promise):
        assert client.get(url).status_code == 404, url


def test_sub_navigation_links(directory, login_as):
    page = login_as(directory.member).get(f"/c/{directory.coalition.id}").get_data(as_text=True)
    for path in ("/directory", "/commitments", "/search"):
        assert f"/c/{directory.coalition.id}{path}" in page


def _grow(directory, n):
    for i in range(n):
        inst = operations.create_institution(
            directory.coalition, kind="caf", name=f"CAF {i:03d}", by=directory.member
        )
        office = operations.create_office(
            directory.coalition, inst, name=f"Antenne {i}", by=directory.member
        )
        operations.create_contact(
            directory.coalition,
            inst,
            by=directory.member,
            name=f"Agent {i:03d}",
            office_id=office.id,
        )
        commitments.create_commitment(
            directory.coalition,
            by=directory.member,
            title=f"Promesse {i}",
            institution_id=inst.id,
            promised_on=operations.local_today(),
            due_on=operations.local_today(),
        )


@pytest.mark.parametrize(
    "path",
    ["/directory", "/directory/contacts", "/directory/contacts?stale=1", "/commitments"],
)
def test_lists_run_a_constant_number_of_queries(db, directory, promise, login_as, path):
    client = login_as(directory.member)
    url = f"/c/{directory.coalition.id}{path}"
    client.get(url)
    with count_queries() as few:
        assert client.get(url).status_code == 200
    _grow(directory, 60)
    db.session.flush()
    with count_queries() as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few), (len(few), len(many))


def test_lists_are_paginated(db, directory, login_as):
    _grow(directory, 55)
    client = login_as(directory.member)
    first = client.get(f"/c/{directory.coalition.id}/directory/contacts").get_data(as_text=True)
    second = client.get(f"/c/{directory.coalition.id}/directory/contacts?page=2").get_data(
        as_text=True
    )
    assert "Agent 000" in first and "Agent 054" not in first
    assert "Agent 054" in second
    assert db.session.query(Contact).count() == 56


def test_the_contact_page_runs_a_constant_number_of_queries(db, directory, promise, login_as):
    """Its notes, commitments and access log are each one query, however long."""
    member = directory.member
    client = login_as(member)
    url = f"/c/{directory.coalition.id}/directory/contacts/{directory.contact.id}"
    client.get(url)
    with count_queries() as few:
        assert client.get(url).status_code == 200
    for i in range(30):
        situations.record_situation(
            directory.coalition,
            by=member,
            theme="housing",
            institution_id=directory.institution.id,
            contact_id=directory.contact.id,
            opened_on=operations.local_today(),
            summary=f"Dossier {i:02d}",
        )
        commitments.create_commitment(
            directory.coalition,
            by=member,
            title=f"Promesse {i:02d}",
            institution_id=directory.institution.id,
            contact_id=directory.contact.id,
            promised_on=operations.local_today(),
        )
        client.get(url)
    db.session.flush()
    with count_queries() as many:
        page = client.get(url).get_data(as_text=True)
    assert len(many) == len(few), (len(few), len(many))
    # Every part is there: details, authors' associations, commitments, the access log
    # (its latest entries and a link to the whole of it).
    assert "01 99 00 21 01" in page and "Promesse 29" in page
    assert "Situations : 30" in page  # the situations' panel: their count
    assert member.name in page
    assert f"/directory/contacts/{directory.contact.id}/accesses" in page
