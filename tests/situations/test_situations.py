"""Recording and following situations: the operations (rules, the guard, who may change
what) and their pages (the form keeps what was typed, each association sees who follows
what, another collectif's situations are 404)."""

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from coordination.coalitions.models import GUEST, Membership
from coordination.situations import operations
from coordination.situations.models import Situation, SituationObstacle, SituationStep
from coordination.situations.operations import SituationError
from coordination.timezone import local_today


def test_record_close_reopen_and_close_again(db, directory, record):
    situation = record(opened=40, obstacles=("language", "no_answer"))
    assert situation.is_open and situation.association_id == directory.member.association_id
    operations.add_step(
        situation,
        by=directory.member,
        kind="referred",
        happened_on=local_today() - timedelta(days=35),
    )
    operations.close_situation(
        situation, by=directory.member, outcome="resolved", closed_on=local_today() - timedelta(5)
    )
    assert situation.outcome == "resolved" and situation.closed_on is not None
    operations.reopen_situation(situation, by=directory.member, note="Droits de nouveau coupés")
    assert situation.is_open and situation.closed_on is None and situation.reopened_count == 1
    operations.close_situation(
        situation, by=directory.member, outcome="resolved", closed_on=local_today()
    )
    assert (situation.closed_on - situation.opened_on).days == 40  # from the first opening
    kinds = db.session.scalars(sa.select(SituationStep.kind).order_by(SituationStep.id)).all()
    assert kinds == ["referred", "closed", "reopened", "closed"]


def test_the_guard_refuses_identities_in_every_text(db, directory, record):
    with pytest.raises(SituationError, match="sécurité sociale|social-security"):
        record(summary="NIR 1 85 05 78 006 084 91")
    situation = record()
    with pytest.raises(SituationError, match="M\\.|Mme"):
        operations.add_step(
            situation, by=directory.member, kind="answered", happened_on=local_today(),
            note="Réponse de Mme Fontaine",
        )  # fmt: skip
    with pytest.raises(SituationError):
        operations.close_situation(
            situation, by=directory.member, outcome="resolved", closed_on=local_today(),
            note="rappeler au 06 12 34 56 78",
        )  # fmt: skip
    with pytest.raises(SituationError):
        operations.add_term(
            directory.coalition, by=directory.member, kind="theme", label="Dossier de M. Durand"
        )


def test_links_and_dates_are_checked(db, directory, world, make):
    coalition, member = directory.coalition, directory.member
    today = local_today()
    other = operations.directory.institution_in  # the directory's public check
    assert other(coalition.id, directory.institution.id)
    from coordination.directory import operations as directory_ops

    theirs = directory_ops.create_institution(
        world.other_coalition, kind="caf", name="CAF d'ailleurs", by=world.outsider
    )
    base = dict(by=member, theme="ame", opened_on=today)
    with pytest.raises(SituationError):
        operations.record_situation(coalition, institution_id=theirs.id, **base)
    caf = directory_ops.create_institution(coalition, kind="caf", name="CAF", by=member)
    with pytest.raises(SituationError):  # the office is the CPAM's, not the CAF's
        operations.record_situation(
            coalition, institution_id=caf.id, office_id=directory.office.id, **base
        )
    with pytest.raises(SituationError):
        operations.record_situation(
            coalition, institution_id=caf.id, contact_id=directory.contact.id, **base
        )
    with pytest.raises(SituationError):
        operations.record_situation(coalition, institution_id=caf.id, **{**base, "theme": "x"})
    with pytest.raises(SituationError):
        operations.record_situation(
            coalition, institution_id=caf.id, **{**base, "opened_on": today + timedelta(1)}
        )
    with pytest.raises(SituationError):
        operations.record_situation(
            coalition, institution_id=caf.id, obstacles=("unknown",), **base
        )


def test_only_the_following_association_changes_it(db, directory, world, record):
    situation = record()
    colleague = world.delegates[1]  # another member association
    for attempt in (
        lambda: operations.add_step(
            situation, by=colleague, kind="answered", happened_on=local_today()
        ),
        lambda: operations.close_situation(
            situation, by=colleague, outcome="resolved", closed_on=local_today()
        ),
        lambda: operations.delete_situation(situation, by=colleague),
        lambda: operations.update_situation(situation, by=colleague, summary="x"),
    ):
        with pytest.raises(SituationError):
            attempt()
    operations.delete_situation(situation, by=directory.member)
    assert db.session.scalar(sa.select(sa.func.count(Situation.id))) == 0


def test_the_collectif_extends_its_lists(db, directory, record):
    term = operations.add_term(
        directory.coalition, by=directory.member, kind="theme", label="Chèque énergie"
    )
    assert term.code == "own-1"
    with pytest.raises(SituationError):
        operations.add_term(
            directory.coalition, by=directory.member, kind="theme", label="chèque énergie"
        )
    obstacle = operations.add_term(
        directory.coalition, by=directory.member, kind="obstacle", label="Guichet saturé"
    )
    situation = record(theme=term.code, obstacles=(obstacle.code, "language"))
    assert situation.theme == "own-1"


# --- pages ------------------------------------------------------------------------------


def _url(directory, tail=""):
    return f"/c/{directory.coalition.id}/situations{tail}"


def test_record_through_the_form_keeps_input_on_refusal(db, directory, login_as):
    client = login_as(directory.member)
    url = _url(directory, "/new")
    page = client.get(url).get_data(as_text=True)
    assert "jamais la personne" in page or "never the person" in page  # the rule, before typing
    data = {
        "theme": "ame",
        "institution_id": str(directory.institution.id),
        "office_id": str(directory.office.id),
        "contact_id": "0",
        "opened_on": local_today().isoformat(),
        "obstacles": ["language", "online_only"],
        "summary": "Demande d'AME de Mme Durand, née le 2 mai 1960",
    }
    refused = client.post(url, data, token_from=url)
    assert refused.status_code == 400
    text = refused.get_data(as_text=True)
    assert "Mme Durand" in text  # what was typed stays
    assert "identifie" in text or "identifies" in text
    data["summary"] = "Demande d'AME bloquée, justificatif de domicile refusé"
    done = client.post(url, data, token_from=url)
    assert done.status_code == 302
    situation = db.session.scalars(sa.select(Situation)).one()
    assert situation.office_id == directory.office.id and situation.contact_id is None
    shown = client.get(done.headers["Location"]).get_data(as_text=True)
    assert "justificatif de domicile refusé" in shown


def test_close_and_reopen_through_the_page(db, directory, record, login_as):
    situation = record(opened=10)
    client = login_as(directory.member)
    page = _url(directory, f"/{situation.id}")
    closed = client.post(
        f"{page}/close",
        {"outcome": "resolved", "closed_on": local_today().isoformat(), "note": ""},
        token_from=page,
    )
    assert closed.status_code == 302
    db.session.expire_all()
    assert db.session.get(Situation, situation.id).outcome == "resolved"
    reopened = client.post(f"{page}/reopen", {"note": ""}, token_from=page)
    assert reopened.status_code == 302
    db.session.expire_all()
    assert db.session.get(Situation, situation.id).is_open
    bad = client.post(
        f"{page}/steps",
        {"kind": "answered", "happened_on": local_today().isoformat(), "note": "tel 0612345678"},
        token_from=page,
    )
    assert bad.status_code == 400 and "tel 0612345678" in bad.get_data(as_text=True)


def test_each_association_sees_who_follows_what(db, directory, world, record, login_as):
    record(summary="Suivie par la première association")
    colleague = world.delegates[1]
    page = login_as(colleague).get(_url(directory)).get_data(as_text=True)
    assert directory.member.association.short_name in page and directory.member.name in page
    situation = db.session.scalars(sa.select(Situation)).one()
    detail = login_as(colleague).get(_url(directory, f"/{situation.id}")).get_data(as_text=True)
    assert "Suivie par la première association" in detail
    assert "/close" not in detail  # not theirs to close
    delete = _url(directory, f"/{situation.id}/delete")
    refused = login_as(colleague).post(delete, {}, token_from=delete)
    assert refused.status_code == 302
    assert db.session.scalar(sa.select(sa.func.count(Situation.id))) == 1


def test_other_collectifs_and_guests_get_404(db, directory, world, record, login_as, make):
    situation = record()
    outsider = login_as(world.outsider)
    for tail in ("", "/new", f"/{situation.id}", "/figures", "/figures.csv", "/lists"):
        assert outsider.get(_url(directory, tail)).status_code == 404, tail
    guest_association = make.association()
    guest = make.delegate(guest_association)
    db.session.add(
        Membership(
            coalition_id=directory.coalition.id, association_id=guest_association.id, role=GUEST
        )
    )
    directory.coalition.guests_see_directory = True  # even then: situations are members'
    db.session.flush()
    client = login_as(guest)
    for tail in ("", f"/{situation.id}", "/figures"):
        assert client.get(_url(directory, tail)).status_code == 404, tail
    office = f"/c/{directory.coalition.id}/directory/offices/{directory.office.id}"
    page = client.get(office)
    assert page.status_code == 200 and "/situations/new" not in page.get_data(as_text=True)


def test_edit_through_the_page(db, directory, record, login_as):
    situation = record(obstacles=("language",), summary="Première version")
    client = login_as(directory.member)
    url = _url(directory, f"/{situation.id}/edit")
    page = client.get(url).get_data(as_text=True)
    assert "Première version" in page
    checked = r'<input checked id="obstacles-\d+" name="obstacles" [^>]*value="language">'
    assert re.search(checked, page)
    data = {
        "theme": "c2s",
        "institution_id": str(directory.institution.id),
        "office_id": "0",
        "contact_id": str(directory.contact.id),
        "opened_on": (local_today() - timedelta(days=3)).isoformat(),
        "obstacles": ["no_answer", "online_only"],
        "summary": "Complémentaire santé interrompue",
    }
    assert client.post(url, data, token_from=url).status_code == 302
    db.session.expire_all()
    saved = db.session.get(Situation, situation.id)
    assert (saved.theme, saved.office_id, saved.contact_id) == ("c2s", None, directory.contact.id)
    codes = sorted(
        db.session.scalars(
            sa.select(SituationObstacle.code).where(SituationObstacle.situation_id == saved.id)
        )
    )
    assert codes == ["no_answer", "online_only"]
    data["summary"] = "écrire à quelqu.un@exemple.fr"
    refused = client.post(url, data, token_from=url)
    assert refused.status_code == 400 and "quelqu.un@exemple.fr" in refused.get_data(as_text=True)
