"""Contacts under GDPR safeguards: access log on every display of details, lists without
details, "still valid", staleness flags, erasure, exports logged and scoped."""

import csv
import io
from datetime import timedelta

import sqlalchemy as sa
import vobject

from coordination.coalitions.models import LogEntry
from coordination.directory import operations
from coordination.directory.models import (
    EXPORT,
    VIEW,
    Contact,
    ContactAccess,
    DirectoryExport,
)
from coordination.situations import operations as situations
from coordination.situations.models import Situation, SituationStep


def accesses(db, contact, kind=VIEW):
    return db.session.scalars(
        sa.select(ContactAccess).where(
            ContactAccess.contact_id == contact.id, ContactAccess.kind == kind
        )
    ).all()


def contact_url(d):
    return f"/c/{d.coalition.id}/directory/contacts/{d.contact.id}"


def test_each_display_of_details_is_logged(db, directory, login_as):
    first, second = directory.world.delegates
    assert accesses(db, directory.contact) == []
    page = login_as(first).get(contact_url(directory)).get_data(as_text=True)
    assert "01 99 00 21 01" in page and "isabelle.fontaine@cpam.example" in page
    login_as(second).get(contact_url(directory))
    login_as(first).get(contact_url(directory))
    db.session.expire_all()
    log = accesses(db, directory.contact)
    assert [a.user_id for a in log] == [first.id, second.id, first.id]
    assert {a.association_id for a in log} == {first.association_id, second.association_id}
    # The page shows its own access log to members.
    page = login_as(second).get(contact_url(directory)).get_data(as_text=True)
    assert page.count(first.name) >= 2 and second.name in page


def test_the_contact_page_is_not_cached(directory, login_as):
    response = login_as(directory.member).get(contact_url(directory))
    assert response.headers["Cache-Control"] == "no-store"


def test_lists_do_not_show_direct_details_nor_log(db, directory, login_as):
    client = login_as(directory.member)
    c = directory.coalition.id
    for url in (
        f"/c/{c}/directory",
        f"/c/{c}/directory/contacts",
        f"/c/{c}/directory/institutions/{directory.institution.id}",
        f"/c/{c}/directory/offices/{directory.office.id}",
    ):
        page = client.get(url).get_data(as_text=True)
        assert "01 99 00 21 01" not in page, url
        assert "isabelle.fontaine@cpam.example" not in page, url
    assert accesses(db, directory.contact) == []


def test_still_valid_records_who_and_when(db, directory, login_as):
    second = directory.world.delegates[1]
    directory.contact.last_checked_on = operations.local_today() - timedelta(days=400)
    db.session.flush()
    client = login_as(second)
    response = client.post(f"{contact_url(directory)}/check", token_from=contact_url(directory))
    assert response.status_code == 302
    db.session.expire_all()
    contact = db.session.get(Contact, directory.contact.id)
    assert contact.last_checked_on == operations.local_today()
    assert contact.last_checked_by_id == second.id
    assert contact.last_checked_by_association_id == second.association_id
    log = db.session.scalars(
        sa.select(LogEntry).where(LogEntry.action == "directory.contact_checked")
    ).all()
    assert len(log) == 1 and "Fontaine" not in log[0].summary


def test_stale_contacts_are_flagged_in_lists_and_on_the_home_page(db, directory, login_as):
    coalition = directory.coalition
    client = login_as(directory.member)
    contacts_page = f"/c/{coalition.id}/directory/contacts"
    assert "badge stale" not in client.get(contacts_page).get_data(as_text=True)
    assert "Isabelle Fontaine" not in client.get("/").get_data(as_text=True)
    directory.contact.last_checked_on = operations.local_today() - timedelta(days=200)
    db.session.flush()
    assert "badge stale" in client.get(contacts_page).get_data(as_text=True)
    stale_list = client.get(contacts_page + "?stale=1").get_data(as_text=True)
    assert "Isabelle Fontaine" in stale_list
    home = client.get("/").get_data(as_text=True)
    todo = home[home.index('id="todo-h"') :]
    # On the "À faire" list of the association that added it, by name, one tap away.
    assert (
        f'<a href="/c/{coalition.id}/directory/contacts/{directory.contact.id}">Vérifier que le '
        "contact Isabelle Fontaine (CPAM de Brie-et-Marne) est toujours à jour</a>"
    ) in todo
    assert "dernière vérification le" in todo
    # The coalition chooses the period: with 12 months the same contact is fresh again.
    coalition.stale_contact_months = 12
    db.session.flush()
    assert "Isabelle Fontaine" not in client.get(contacts_page + "?stale=1").get_data(as_text=True)
    assert operations.stale_counts([coalition]) == {}


def test_stale_counts_per_coalition_in_one_query(db, directory, make):
    from tests.conftest import count_queries

    other = make.coalition([directory.member.association], stale_contact_months=1)
    inst = operations.create_institution(other, kind="caf", name="CAF", by=directory.member)
    old = operations.local_today() - timedelta(days=40)
    operations.create_contact(other, inst, by=directory.member, name="A", checked_on=old)
    directory.contact.last_checked_on = old
    db.session.flush()
    with count_queries() as queries:
        counts = operations.stale_counts([directory.coalition, other])
    assert counts == {other.id: 1}
    assert len(queries) == 1


def test_erasure_deletes_personal_fields_and_keeps_a_trace(db, directory, login_as):
    member = directory.member
    followed = situations.record_situation(
        directory.coalition,
        by=member,
        theme="ame",
        institution_id=directory.institution.id,
        contact_id=directory.contact.id,
        opened_on=operations.local_today(),
        summary="Demande d'AME bloquée",
    )
    situations.add_step(
        followed,
        by=member,
        kind="referred",
        happened_on=operations.local_today(),
        note="La référente a pris le dossier",
    )
    login_as(member).get(contact_url(directory))  # an access-log entry exists before
    client = login_as(member)
    confirmation = client.get(f"{contact_url(directory)}/erase").get_data(as_text=True)
    assert (
        "Ce qui va se passer" in confirmation and "Ceci ne pourra pas être annulé" in confirmation
    )
    assert 'type="checkbox"' in confirmation and "Effacer définitivement" in confirmation
    refused = client.post(
        f"{contact_url(directory)}/erase", {}, token_from=f"{contact_url(directory)}/erase"
    )
    assert refused.status_code == 400
    assert "Cochez la case" in refused.get_data(as_text=True)
    done = client.post(
        f"{contact_url(directory)}/erase",
        {"confirm": "y"},
        token_from=f"{contact_url(directory)}/erase",
    )
    assert done.status_code == 302
    db.session.expire_all()
    contact = db.session.get(Contact, directory.contact.id)
    for field in operations.PERSONAL_FIELDS:
        assert getattr(contact, field) == "", field
    assert contact.erased_at is not None
    assert contact.erased_by_association_id == member.association_id
    # The steps' free text about how the contact handled it goes; the situation stays.
    step = db.session.scalars(sa.select(SituationStep)).one()
    assert step.note == "" and step.kind == "referred"
    kept = db.session.scalars(sa.select(Situation)).one()
    assert kept.summary == "Demande d'AME bloquée" and kept.contact_id == contact.id
    # The access log keeps the fact that someone looked, nothing about the person.
    assert len(accesses(db, contact)) == 1
    # The page shows the trace only; no further access is logged.
    page = client.get(contact_url(directory)).get_data(as_text=True)
    assert member.association.name in page
    assert "Fontaine" not in page and "01 99 00 21 01" not in page
    assert len(accesses(db, contact)) == 1
    # Nowhere else either: the transparency log never held the name.
    summaries = " ".join(db.session.scalars(sa.select(LogEntry.summary)))
    assert "Fontaine" not in summaries and "Isabelle" not in summaries
    assert "directory.contact_erased" in set(db.session.scalars(sa.select(LogEntry.action)))


def test_an_erased_contact_cannot_be_edited_checked_or_erased_again(db, directory):
    import pytest

    operations.erase_contact(directory.contact, by=directory.member)
    for action in (
        lambda: operations.update_contact(directory.contact, by=directory.member, name="X"),
        lambda: operations.confirm_contact(directory.contact, by=directory.member),
        lambda: operations.erase_contact(directory.contact, by=directory.member),
    ):
        with pytest.raises(operations.DirectoryError):
            action()


def _export(client, d, fmt="csv", purpose="Permanence d'accès aux droits du jeudi"):
    url = f"/c/{d.coalition.id}/directory/export"
    return client.post(url, {"format": fmt, "purpose": purpose}, token_from=url)


def test_export_csv_is_logged_with_its_purpose(db, directory, login_as, make):
    # A contact of another coalition never leaves with this export.
    other = directory.world.other_coalition
    inst = operations.create_institution(
        other, kind="caf", name="CAF voisine", by=directory.world.outsider
    )
    operations.create_contact(
        other, inst, by=directory.world.outsider, name="Voisin Secret", email="voisin@caf.example"
    )
    erased = operations.create_contact(
        directory.coalition,
        directory.institution,
        by=directory.member,
        name="Parti Ailleurs",
        email="parti@cpam.example",
    )
    operations.erase_contact(erased, by=directory.member)
    response = _export(login_as(directory.member), directory)
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(
        csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")), delimiter=";")
    )
    assert [r["nom"] for r in rows] == ["Isabelle Fontaine"]
    assert rows[0]["telephone"] == "01 99 00 21 01"
    db.session.expire_all()
    export = db.session.scalars(sa.select(DirectoryExport)).one()
    assert (export.user_id, export.count, export.format) == (directory.member.id, 1, "csv")
    assert export.purpose == "Permanence d'accès aux droits du jeudi"
    logged = accesses(db, directory.contact, EXPORT)
    assert len(logged) == 1 and logged[0].export_id == export.id
    entry = db.session.scalars(
        sa.select(LogEntry).where(LogEntry.action == "directory.exported")
    ).one()
    assert "Permanence" in entry.summary and "1" in entry.summary
    page = login_as(directory.member).get(contact_url(directory)).get_data(as_text=True)
    assert "Permanence d&#39;accès aux droits du jeudi" in page or "Permanence d'accès" in page


def test_export_vcard(db, directory, login_as):
    response = _export(login_as(directory.member), directory, fmt="vcf")
    assert response.mimetype == "text/vcard"
    cards = list(vobject.readComponents(response.get_data(as_text=True)))
    assert len(cards) == 1
    assert cards[0].fn.value == "Isabelle Fontaine"
    assert cards[0].email.value == "isabelle.fontaine@cpam.example"
    assert cards[0].org.value[0] == "CPAM de Brie-et-Marne"


def test_export_needs_a_purpose_and_membership(db, directory, login_as):
    response = _export(login_as(directory.member), directory, purpose="")
    assert response.status_code == 400
    assert db.session.scalar(sa.select(sa.func.count(DirectoryExport.id))) == 0
    outsider = login_as(directory.world.outsider)
    url = f"/c/{directory.coalition.id}/directory/export"
    own = f"/c/{directory.world.other_coalition.id}/directory/export"
    assert (
        outsider.post(url, {"format": "csv", "purpose": "curiosité"}, token_from=own).status_code
        == 404
    )


def test_csv_cells_cannot_become_formulas(db, directory):
    from coordination.directory.exports import to_csv

    operations.update_contact(
        directory.contact, by=directory.member, name="=HYPERLINK(1)", phone="+33 1 99 00 21 01"
    )
    text = to_csv(operations.exportable_contacts(directory.coalition.id))
    assert "'=HYPERLINK(1)" in text
    assert ";+33 1 99 00 21 01;" in text


def test_contact_form_carries_the_no_identity_warning(directory, login_as):
    client = login_as(directory.member)
    c = directory.coalition.id
    for url in (f"/c/{c}/directory/contacts/new",):
        page = client.get(url).get_data(as_text=True)
        assert "bénéficiaire" in page or "beneficiary" in page, url
