"""The second factor: enrolment, login with and without it, codes used once, recovery codes,
throttling, turning off, and a lost phone reset by the delegate's own association only."""

import json
import re
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
import time_machine
from click.testing import CliRunner

from coordination.accounts import second_factor
from coordination.accounts.models import LoginAttempt, RecoveryCode, SecondFactor, UserSession
from coordination.coalitions.models import LogEntry
from tests.accounts.totp import code_for, code_step, enrol, password_step
from tests.conftest import LoggedInClient, last_mail_text, login
from tests.factories import TEST_PASSWORD

T0 = datetime(2026, 3, 2, 9, 0, 0, tzinfo=UTC)
REFUSED = "Ce code n’est pas bon, ou a déjà servi."


@pytest.fixture
def clock():
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


def _later(clock, seconds=30):
    clock.shift(timedelta(seconds=seconds))


def _sessions(db, user):
    return db.session.scalars(sa.select(UserSession).where(UserSession.user_id == user.id)).all()


# --- enrolment --------------------------------------------------------------------------


def test_enrolment_from_the_profile_confirmed_by_a_first_code(app, db, make, clock):
    me = make.delegate()
    client = login(app.test_client(), me)
    page = client.get("/profile/second-factor").get_data(as_text=True)
    assert "application d’authentification" in page or "application" in page
    assert client.post("/profile/second-factor/start").status_code == 302
    setup = client.get("/profile/second-factor/setup")
    body = setup.get_data(as_text=True)
    assert setup.status_code == 200 and setup.headers["Cache-Control"] == "no-store"
    secret = re.search(r'<code class="secret" id="secret">([A-Z2-7 ]+)</code>', body).group(1)
    assert secret.replace(" ", "") == second_factor.factor_of(me).secret
    qr = client.get("/profile/second-factor/qr.svg")
    assert qr.mimetype == "image/svg+xml" and qr.headers["Cache-Control"] == "no-store"
    assert b"<svg" in qr.data
    # Not in force before a right code.
    assert not second_factor.is_enabled(me)
    wrong = client.post("/profile/second-factor/setup", data={"code": "000000"})
    assert wrong.status_code == 400 and "pas bon" in wrong.get_data(as_text=True)
    right = client.post("/profile/second-factor/setup", data={"code": code_for(me)})
    text = right.get_data(as_text=True)
    assert right.status_code == 200 and right.headers["Cache-Control"] == "no-store"
    codes = re.findall(r"<li><code>([a-z2-9]{5}-[a-z2-9]{5})</code></li>", text)
    assert len(codes) == 10 and len(set(codes)) == 10
    db.session.expire_all()
    assert second_factor.is_enabled(me)
    # Stored hashed only: no code appears in the database.
    hashes = db.session.scalars(sa.select(RecoveryCode.code_hash)).all()
    assert len(hashes) == 10 and not set(hashes) & {c.replace("-", "") for c in codes}
    # This session proved it; the QR code is gone once it is in force.
    assert [s.second_factor_at for s in _sessions(db, me)] == [T0]
    assert client.get("/profile/second-factor/qr.svg").status_code == 404


# --- login ------------------------------------------------------------------------------


def test_login_without_the_factor_is_one_step(app, db, make):
    me = make.delegate()
    response = password_step(app.test_client(), me, TEST_PASSWORD)
    assert response.headers["Location"] == "/"
    assert [s.second_factor_at for s in _sessions(db, me)] == [None]


def test_login_asks_for_the_code_after_the_password(app, db, make, clock):
    me = make.delegate()
    enrol(db, me)
    client = app.test_client()
    response = password_step(client, me, TEST_PASSWORD, next="/profile")
    assert response.headers["Location"] == "/login/code"
    assert _sessions(db, me) == []  # nobody is logged in yet
    assert client.get("/").status_code == 302
    page = client.get("/login/code").get_data(as_text=True)
    assert "code à 6 chiffres" in page.lower() and 'autocomplete="one-time-code"' in page
    _later(clock)
    done = code_step(client, code_for(me))
    assert done.status_code == 302 and done.headers["Location"] == "/profile"
    assert client.get("/").status_code == 200
    [session] = _sessions(db, me)
    assert session.second_factor_at == T0 + timedelta(seconds=30)


def test_a_code_seen_once_cannot_be_replayed(app, db, make, clock):
    me = make.delegate()
    enrol(db, me)
    _later(clock)
    code = code_for(me)
    first = app.test_client()
    password_step(first, me, TEST_PASSWORD)
    assert code_step(first, code).status_code == 302
    # Someone who saw the code (over the shoulder, a phishing page) within its window.
    _later(clock, 10)
    second = app.test_client()
    password_step(second, me, TEST_PASSWORD)
    replay = code_step(second, code)
    assert replay.status_code == 400 and REFUSED in replay.get_data(as_text=True)
    # Nor the previous step's code, though inside the ±1 window.
    assert code_step(second, code_for(me, steps=-1)).status_code == 400
    _later(clock, 30)
    assert code_step(second, code_for(me)).status_code == 302


def test_each_failure_of_the_code_step_answers_the_same(app, db, make, clock):
    me = make.delegate()
    codes = enrol(db, me)
    _later(clock)
    client = app.test_client()
    password_step(client, me, TEST_PASSWORD)
    bodies = []
    for code in ("123456", code_for(me, steps=-1), "abcde-fghjk", "x"):
        response = code_step(client, code)
        bodies.append((response.status_code, _main(response.get_data(as_text=True))))
    assert len(set(bodies)) == 1 and bodies[0][0] == 400
    assert codes  # (the recovery codes were not tried)


def _main(page: str) -> str:
    page = re.sub(r'value="[^"]*"', "", page)
    return page[page.index("<main") : page.index("</main>")]


def test_the_code_step_without_a_password_step_goes_back_to_login(app, db, make):
    client = app.test_client()
    response = code_step(client, "123456")
    assert response.status_code == 400 and "Connectez-vous à nouveau" in response.get_data(
        as_text=True
    )
    assert client.get("/").status_code == 302


def test_the_time_to_type_the_code_is_limited(app, db, make, clock):
    me = make.delegate()
    enrol(db, me)
    client = app.test_client()
    password_step(client, me, TEST_PASSWORD)
    _later(clock, 6 * 60)
    late = code_step(client, code_for(me))
    assert late.status_code == 400 and "Connectez-vous à nouveau" in late.get_data(as_text=True)
    assert client.get("/").status_code == 302


def _codes_in_a_new_login(app, user, *codes) -> list[int]:
    """The password, then each code in turn: the status of each code's answer."""
    client = app.test_client()
    password_step(client, user, TEST_PASSWORD)
    return [code_step(client, code).status_code for code in codes]


def test_recovery_codes_work_once_each(app, db, make, clock):
    me = make.delegate()
    codes = enrol(db, me)
    client = app.test_client()
    password_step(client, me, TEST_PASSWORD)
    assert code_step(client, codes[0].upper().replace("-", " ")).status_code == 302
    assert second_factor.remaining_recovery_codes(me) == 9
    assert _codes_in_a_new_login(app, me, codes[0], codes[1]) == [400, 302]


def test_wrong_codes_are_throttled_like_passwords(app, db, make, clock):
    me = make.delegate()
    enrol(db, me)
    client = app.test_client()
    password_step(client, me, TEST_PASSWORD)
    for _ in range(5):
        assert code_step(client, "000000").status_code == 400
    _later(clock)
    blocked = code_step(client, code_for(me))  # even the right code, for a while
    assert blocked.status_code == 429
    failures = db.session.scalar(
        sa.select(sa.func.count()).where(
            LoginAttempt.email == me.email, LoginAttempt.succeeded.is_(False)
        )
    )
    assert failures == 5
    # The same counters hold the password step of that account from that address.
    assert password_step(app.test_client(), me, TEST_PASSWORD).status_code == 429
    _later(clock, 16 * 60)
    fresh = app.test_client()
    password_step(fresh, me, TEST_PASSWORD)
    assert code_step(fresh, code_for(me)).status_code == 302


def test_a_withdrawn_delegate_between_the_steps_gets_the_same_refusal(app, db, make, clock):
    me = make.delegate()
    enrol(db, me)
    client = app.test_client()
    password_step(client, me, TEST_PASSWORD)
    me.active = False
    db.session.commit()
    _later(clock)
    response = code_step(client, code_for(me))
    assert response.status_code == 400 and REFUSED in response.get_data(as_text=True)


# --- sessions, password reset ----------------------------------------------------------


def _logged_in_with_code(app, user, clock) -> LoggedInClient:
    client = app.test_client()
    password_step(client, user, TEST_PASSWORD)
    _later(clock)
    assert code_step(client, code_for(user)).status_code == 302
    return LoggedInClient(client, user)


def test_log_out_other_sessions_and_password_reset_keep_working(app, db, make, clock):
    me = make.delegate()
    enrol(db, me)
    phone = _logged_in_with_code(app, me, clock)
    laptop = _logged_in_with_code(app, me, clock)
    assert phone.post("/profile/sessions/end-others").status_code == 302
    assert laptop.get("/").status_code == 302 and phone.get("/").status_code == 200
    # A password reset ends every session; the next login still asks for the code.
    from coordination.accounts import operations, tokens

    row, _token = tokens.issue("reset", me.email, timedelta(hours=2), user_id=me.id)
    operations.reset_password(row, "une autre phrase de passe")
    db.session.commit()
    assert phone.get("/").status_code == 302
    client = app.test_client()
    assert password_step(client, me, "une autre phrase de passe").headers["Location"] == (
        "/login/code"
    )


# --- turning off, new recovery codes --------------------------------------------------


def test_turning_off_asks_for_the_password_and_a_code(app, db, make, clock):
    me = make.delegate()
    enrol(db, me)
    client = _logged_in_with_code(app, me, clock)
    _later(clock)
    wrong = client.post(
        "/profile/second-factor/off", data={"off-password": "pas le bon", "off-code": code_for(me)}
    )
    assert wrong.status_code == 400 and "mot de passe" in wrong.get_data(as_text=True)
    assert 'value="' + code_for(me) + '"' in wrong.get_data(as_text=True)  # input kept
    db.session.expire_all()
    assert second_factor.is_enabled(me)
    no_code = client.post(
        "/profile/second-factor/off", data={"off-password": TEST_PASSWORD, "off-code": ""}
    )
    assert no_code.status_code == 400
    _later(clock)
    done = client.post(
        "/profile/second-factor/off",
        data={"off-password": TEST_PASSWORD, "off-code": code_for(me)},
    )
    assert done.status_code == 302
    db.session.expire_all()
    assert second_factor.factor_of(me) is None
    assert db.session.scalar(sa.select(sa.func.count(RecoveryCode.id))) == 0


def test_new_recovery_codes_replace_the_old_ones(app, db, make, clock):
    me = make.delegate()
    old = enrol(db, me)
    client = _logged_in_with_code(app, me, clock)
    response = client.post(
        "/profile/second-factor/recovery-codes",
        data={"codes-password": TEST_PASSWORD, "codes-code": old[3]},
    )
    new = re.findall(r"<li><code>([a-z2-9-]{11})</code></li>", response.get_data(as_text=True))
    assert len(new) == 10 and not set(new) & set(old)
    assert _codes_in_a_new_login(app, me, old[5], new[5]) == [400, 302]


# --- a lost phone --------------------------------------------------------------------------


def test_a_colleague_of_the_same_association_resets_it_and_it_is_logged(app, db, make, clock):
    world = make.world()
    me = world.delegates[0]
    colleague = make.delegate(world.associations[0])
    enrol(db, me)
    _logged_in_with_code(app, me, clock)
    client = login(app.test_client(), colleague)
    page = client.get("/association/delegates").get_data(as_text=True)
    assert f"/association/delegates/{me.id}/second-factor/reset" in page
    reset = client.post(f"/association/delegates/{me.id}/second-factor/reset")
    assert reset.status_code == 302
    reset.close()  # the e-mail goes after the response
    db.session.expire_all()
    assert second_factor.factor_of(me) is None and _sessions(db, me) == []
    entry = db.session.scalars(
        sa.select(LogEntry).where(LogEntry.action == "account.second_factor_reset")
    ).one()
    assert entry.user_id == colleague.id and entry.summary == me.name
    assert entry.coalition_id == world.coalition.id
    # The delegate hears of it, and logs in with the password alone again.
    mail = last_mail_text(app, me.email)
    assert colleague.name in mail and "a réinitialisé le code" in mail
    assert password_step(app.test_client(), me, TEST_PASSWORD).headers["Location"] == "/"


def test_another_association_cannot_reset_it(app, db, make, clock):
    world = make.world()
    me = world.delegates[0]
    enrol(db, me)
    stranger = login(app.test_client(), world.delegates[1])  # same coalition, other association
    assert stranger.post(f"/association/delegates/{me.id}/second-factor/reset").status_code == 404
    with pytest.raises(second_factor.SecondFactorError):
        second_factor.reset_for(me, by=world.delegates[1])
    db.session.rollback()
    assert second_factor.is_enabled(me)


def test_the_command_line_resets_it_and_it_is_logged(app, db, make, clock):
    world = make.world()
    me = world.delegates[0]
    enrol(db, me)
    result = CliRunner().invoke(
        app.cli, ["user", "reset-second-factor", "--email", me.email], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert second_factor.factor_of(me) is None
    entry = db.session.scalars(
        sa.select(LogEntry).where(LogEntry.action == "account.second_factor_reset")
    ).one()
    assert entry.user_id is None and "command line" in entry.summary
    assert "L’opérateur de la plateforme a réinitialisé" in last_mail_text(app, me.email)


# --- own data ------------------------------------------------------------------------------


def test_own_data_holds_the_factor_but_never_its_key_nor_the_codes(app, db, make, clock):
    me = make.delegate()
    codes = enrol(db, me)
    client = _logged_in_with_code(app, me, clock)
    text = client.get("/profile/my-data.json").get_data(as_text=True)
    sections = {s["table"]: s["rows"] for s in json.loads(text)["sections"]}
    [factor] = sections["second_factor"]
    assert factor["confirmed_at"] and "secret" not in factor
    assert len(sections["recovery_code"]) == 10
    assert all("code_hash" not in r for r in sections["recovery_code"])
    secret = db.session.get(SecondFactor, me.id).secret
    assert secret not in text and not any(c in text for c in codes)


def test_the_delegates_page_reads_the_factors_in_one_statement(app, db, make, clock):
    from tests.conftest import count_queries

    association = make.association()
    me = make.delegate(association)
    client = login(app.test_client(), me)

    def statements() -> int:
        with count_queries() as queries:
            page = client.get("/association/delegates")
        assert page.status_code == 200
        return len(queries)

    make.delegate(association)
    db.session.commit()
    few = statements()
    for _ in range(4):
        enrol(db, make.delegate(association))
    assert statements() == few
    page = client.get("/association/delegates").get_data(as_text=True)
    assert page.count("/second-factor/reset") == 4
