import re

import pytest

from coordination.consent.models import Decision
from tests.conftest import count_queries


@pytest.fixture
def world(make):
    return make.world(n_members=3)


@pytest.mark.parametrize(
    "path",
    [
        "/c/{cid}",
        "/c/{cid}/decisions",
        "/c/{cid}/log",
        "/c/{cid}/settings",
        "/c/{cid}/members/propose",
    ],
)
def test_another_coalition_answers_404(world, login_as, path):
    c = login_as(world.outsider)
    assert c.get(path.format(cid=world.coalition.id)).status_code == 404
    assert c.get(path.format(cid=world.other_coalition.id)).status_code == 200


def test_another_coalitions_decision_answers_404(db, world, login_as):
    from coordination.coalitions import operations

    decision = operations.propose_settings(
        world.coalition, {"attendance_quota": 4}, by=world.delegates[0]
    )
    c = login_as(world.outsider)
    assert c.get(f"/c/{world.coalition.id}/decisions/{decision.id}").status_code == 404
    # Right coalition id of the outsider, wrong object: still 404.
    assert c.get(f"/c/{world.other_coalition.id}/decisions/{decision.id}").status_code == 404
    answer = c.post(
        f"/c/{world.other_coalition.id}/decisions/{decision.id}/answer",
        {"answer": "object", "reason": "x"},
    )
    assert answer.status_code == 404


def test_withdrawing_a_proposal_goes_through_its_confirmation(db, world, login_as):
    from coordination.coalitions import operations

    decision = operations.propose_settings(
        world.coalition, {"attendance_quota": 4}, by=world.delegates[0]
    )
    detail = f"/c/{world.coalition.id}/decisions/{decision.id}"
    url = detail + "/withdraw"
    c = login_as(world.delegates[0])
    assert f'href="{url}"' in c.get(detail).get_data(as_text=True)
    page = c.get(url).get_data(as_text=True)
    assert "Retirer la proposition" in page and "Ce qui va se passer" in page
    assert "une proposition retirée ne peut pas être rouverte" in page
    db.session.expire_all()
    assert decision.is_open  # opening the page changes nothing
    # Another member association may not withdraw it: the page says why, POST changes nothing.
    other = login_as(world.delegates[1])
    assert other.get(url).status_code == 409
    assert other.post(url, {}, token_from=detail).status_code == 409
    # Another coalition: 404, even with its own id.
    outsider = login_as(world.outsider)
    assert outsider.get(url).status_code == 404
    theirs = f"/c/{world.other_coalition.id}/decisions/{decision.id}/withdraw"
    assert outsider.get(theirs).status_code == 404
    r = c.post(url, {}, token_from=url)
    assert r.status_code == 302 and r.headers["Location"].endswith(detail)
    db.session.expire_all()
    assert decision.status == "withdrawn"


def test_post_without_csrf_token_is_refused(world, login_as):
    c = login_as(world.delegates[0])
    response = c.client.post(
        f"/c/{world.coalition.id}/members/propose",
        data={"role": "member", "association_id": 0, "name": "X"},
    )
    assert response.status_code == 400
    assert "expiré" in response.get_data(as_text=True)
    wrong = c.client.post(
        f"/c/{world.coalition.id}/members/propose",
        data={"role": "member", "name": "X", "csrf_token": "forged"},
    )
    assert wrong.status_code == 400


def test_admission_through_the_pages(db, world, login_as):
    first = login_as(world.delegates[0])
    response = first.post(
        f"/c/{world.coalition.id}/members/propose",
        {
            "role": "member",
            "association_id": 0,
            "name": "Les Jardins Partagés",
            "short_name": "LJP",
            "reason": "Ils distribuent des légumes",
        },
        token_from=f"/c/{world.coalition.id}/members/propose",
    )
    assert response.status_code == 302
    decision_url = response.headers["Location"]
    for delegate in world.delegates:
        c = login_as(delegate)
        c.post(decision_url + "/answer", {"answer": "agree"}, token_from=decision_url)
    page = first.get(f"/c/{world.coalition.id}").get_data(as_text=True)
    assert "Les Jardins Partagés" in page
    log = first.get(f"/c/{world.coalition.id}/log").get_data(as_text=True)
    assert "Association admise" in log


def test_objection_without_reason_keeps_the_choice_and_explains(db, world, login_as):
    from coordination.coalitions import operations

    decision = operations.propose_settings(
        world.coalition, {"attendance_quota": 4}, by=world.delegates[0]
    )
    url = f"/c/{world.coalition.id}/decisions/{decision.id}"
    c = login_as(world.delegates[1])
    response = c.post(url + "/answer", {"answer": "object", "reason": ""}, token_from=url)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Une objection a besoin d’une raison" in page or "objection" in page
    assert re.search(r'value="object"[^>]*checked|checked[^>]*value="object"', page)


def test_settings_form_rejects_bad_numbers_in_french(world, login_as):
    c = login_as(world.delegates[0])
    url = f"/c/{world.coalition.id}/settings"
    response = c.post(
        url,
        {
            "name": world.coalition.name,
            "cadence_months": "treize",
            "attendance_quota": "50",
            "decision_days": "14",
            "stale_contact_months": "6",
        },
        token_from=url,
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Entre 1 et 10." in page
    assert 'value="treize"' in page


def test_coalition_page_queries_do_not_grow_with_members(db, make, login_as):
    associations = [make.association() for _ in range(3)]
    coalition = make.coalition(associations)
    user = make.delegate(associations[0])
    c = login_as(user)
    c.get(f"/c/{coalition.id}")
    with count_queries() as small:
        c.get(f"/c/{coalition.id}")
    for _ in range(15):
        from coordination.coalitions.models import Membership

        db.session.add(Membership(coalition_id=coalition.id, association_id=make.association().id))
    db.session.flush()
    with count_queries() as large:
        c.get(f"/c/{coalition.id}")
    assert len(large) == len(small)


def test_decision_list_queries_do_not_grow(db, world, login_as):
    from coordination.consent import service

    c = login_as(world.delegates[0])
    url = f"/c/{world.coalition.id}/decisions"
    service.open_decision(
        world.coalition, "coalition.settings", "Un", by=world.delegates[0], payload={"changes": {}}
    )
    c.get(url)
    with count_queries() as small:
        c.get(url)
    for i in range(20):
        service.open_decision(
            world.coalition,
            "coalition.settings",
            f"D{i}",
            by=world.delegates[i % 3],
            payload={"changes": {}},
        )
    with count_queries() as large:
        c.get(url)
    assert len(large) == len(small)
    assert db.session.query(Decision).count() >= 21


def test_home_queries_do_not_grow_with_coalitions(db, make, login_as):
    association = make.association()
    user = make.delegate(association)
    make.coalition([association, make.association()])
    c = login_as(user)
    c.get("/")
    with count_queries() as small:
        c.get("/")
    for _ in range(10):
        make.coalition([association, make.association()])
    with count_queries() as large:
        c.get("/")
    assert len(large) == len(small)
