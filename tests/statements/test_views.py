"""Statement pages through HTTP: scoping, editing with two clients, sign-off, output."""

import io
import re
from datetime import date

import pytest

from coordination.statements import operations as ops
from coordination.statements import signoff
from coordination.statements.models import ADOPTED, CONSULTATION, DRAFT, Statement
from tests.conftest import count_queries
from tests.statements.conftest import BODY, edit


def _url(statement, suffix=""):
    return f"/c/{statement.coalition_id}/statements/{statement.id}{suffix}"


def _adopt(world, statement):
    signoff.open_consultation(statement, by=world.delegates[0])
    for delegate in world.delegates:
        signoff.answer(statement, by=delegate, value="agree")
    assert statement.status == ADOPTED


# --- scoping ------------------------------------------------------------------------------

GET_PATHS = [
    "",
    "/edit",
    "/revisions",
    "/revisions/1",
    "/compare?from=1&to=1",
    "/print",
    "/pdf",
    "/markdown",
]
POST_PATHS = [
    "/edit",
    "/revisions/1/restore",
    "/comments",
    "/comments/{comment}/resolve",
    "/consultation",
    "/consultation/stop",
    "/answer",
    "/events",
    "/withdraw",
    "/public-link",
]


@pytest.mark.parametrize("suffix", GET_PATHS)
def test_another_coalitions_statement_answers_404(db, world, draft, login_as, suffix):
    statement = draft()
    insider = login_as(world.delegates[1])
    assert insider.get(_url(statement, suffix)).status_code == 200
    outsider = login_as(world.outsider)
    assert outsider.get(_url(statement, suffix)).status_code == 404
    # The outsider's own coalition id with this statement's id: still 404.
    other = f"/c/{world.other_coalition.id}/statements/{statement.id}{suffix}"
    assert outsider.get(other).status_code == 404


@pytest.mark.parametrize("suffix", POST_PATHS)
def test_another_coalition_cannot_change_a_statement(db, world, draft, login_as, suffix):
    statement = draft()
    comment = ops.add_comment(statement, by=world.delegates[0], body="x")
    outsider = login_as(world.outsider)
    path = suffix.format(comment=comment.id)
    for cid in (statement.coalition_id, world.other_coalition.id):
        response = outsider.post(
            f"/c/{cid}/statements/{statement.id}{path}",
            {"body": "hacked", "answer": "agree", "enabled": "1"},
        )
        assert response.status_code == 404
    db.session.expire_all()
    assert db.session.get(Statement, statement.id).current_number == 1


def test_statement_list_and_new_statement_are_scoped(db, world, login_as):
    outsider = login_as(world.outsider)
    assert outsider.get(f"/c/{world.coalition.id}/statements").status_code == 404
    assert outsider.get(f"/c/{world.coalition.id}/statements/new").status_code == 404
    assert outsider.get(f"/c/{world.other_coalition.id}/statements").status_code == 200


def test_guests_do_not_see_the_drafts(db, make, login_as):
    member, guest = make.association(), make.association()
    coalition = make.coalition([member], guests=[guest])
    statement = ops.create_statement(
        coalition, by=make.delegate(member), title="T", recipient="R", body="x\n"
    )
    g = login_as(make.delegate(guest))
    assert g.get(f"/c/{coalition.id}/statements").status_code == 404
    assert g.get(_url(statement)).status_code == 404


# --- pages --------------------------------------------------------------------------------


def test_create_through_the_form_and_errors_keep_the_input(db, world, login_as):
    c = login_as(world.delegates[0])
    new = f"/c/{world.coalition.id}/statements/new"
    bad = c.post(new, {"title": "", "recipient": "", "body": "Mon texte précieux"}, token_from=new)
    assert bad.status_code == 400
    assert "Mon texte précieux" in bad.get_data(as_text=True)
    response = c.post(
        new,
        {"title": "Pour l'hiver", "recipient": "Préfecture", "body": "Texte\n", "summary": "v1"},
        token_from=new,
    )
    assert response.status_code == 302
    page = c.get(response.headers["Location"]).get_data(as_text=True)
    assert "Pour l&#39;hiver" in page and "Préfecture" in page and "Brouillon" in page


def test_statement_list(db, world, draft, login_as):
    draft(title="Première déclaration")
    page = login_as(world.delegates[1]).get(f"/c/{world.coalition.id}/statements")
    text = page.get_data(as_text=True)
    assert "Première déclaration" in text and 'aria-current="page"' in text


def test_statement_page_escapes_and_sanitises(db, world, draft, login_as):
    statement = draft(
        title="<script>alert(1)</script>",
        body="<script>alert(2)</script>\n\n[x](javascript:alert(3))\n",
    )
    ops.add_comment(
        statement,
        by=world.delegates[0],
        body="<img src=x onerror=alert(4)>",
        quote="<script>alert(5)</script>",
    )
    page = login_as(world.delegates[0]).get(_url(statement)).get_data(as_text=True)
    assert "<script>alert" not in page
    assert "javascript:" not in page and "onerror" not in page


def _queries_for(client, url):
    client.get(url)  # warm up (session, translations)
    with count_queries() as statements:
        assert client.get(url).status_code == 200
    return len(statements)


def test_statement_page_and_revision_list_run_constant_queries(db, world, draft, login_as):
    statement = draft()
    ops.add_comment(statement, by=world.delegates[1], body="Un commentaire")
    c = login_as(world.delegates[0])
    few = {u: _queries_for(c, _url(statement, u)) for u in ("", "/revisions")}
    for i in range(25):
        edit(statement, world.delegates[i % 3], body=BODY + f"\nAjout {i}\n", summary=f"s{i}")
    ops.add_comment(statement, by=world.delegates[2], body="Un autre", quote="Ajout")
    many = {u: _queries_for(c, _url(statement, u)) for u in ("", "/revisions")}
    assert many == few
    # And during the sign-off, the page stays constant too.
    signoff.open_consultation(statement, by=world.delegates[0])
    signoff.answer(statement, by=world.delegates[1], value="abstain")
    during = _queries_for(c, _url(statement))
    edit(statement, world.delegates[2], body=BODY + "\nEncore\n")
    signoff.answer(statement, by=world.delegates[2], value="agree")
    assert _queries_for(c, _url(statement)) == during


# The statement page reads the statement with its coalition and decision, the people of
# the sign-off, the latest revisions, the comments and, once adopted, the co-signatories and
# events — one query each — besides what every page reads (session and user, unread count;
# the transaction's BEGIN is not counted here).
PAGE_QUERIES = {"draft": 6, "consultation": 6, "adopted": 7}


def test_statement_page_query_counts(db, world, draft, login_as):
    statement = draft()
    ops.add_comment(statement, by=world.delegates[1], body="Un commentaire")
    c = login_as(world.delegates[0])
    assert _queries_for(c, _url(statement)) == PAGE_QUERIES["draft"]
    signoff.open_consultation(statement, by=world.delegates[0])
    signoff.answer(statement, by=world.delegates[1], value="agree")
    assert _queries_for(c, _url(statement)) == PAGE_QUERIES["consultation"]
    for delegate in world.delegates:
        signoff.answer(statement, by=delegate, value="agree")
    ops.record_event(statement, "sent", by=world.delegates[0], on=date(2026, 3, 2))
    assert _queries_for(c, _url(statement)) == PAGE_QUERIES["adopted"]


def test_compare_runs_constant_queries(db, world, draft, login_as):
    statement = draft()
    edit(statement, world.delegates[1], body=BODY + "Ajout\n")
    c = login_as(world.delegates[2])
    few = _queries_for(c, _url(statement, "/compare?from=1&to=2"))
    for i in range(10):
        edit(statement, world.delegates[i % 3], body=BODY + f"Ajout {i}\n")
    assert _queries_for(c, _url(statement, "/compare?from=1&to=12")) == few == 4


def test_statement_page_forms_in_each_language_and_after_an_error(db, make, world, draft, login_as):
    statement = draft()
    english = make.delegate(world.associations[1], locale="en")
    for client, label in (
        (login_as(world.delegates[0]), "Votre commentaire"),
        (login_as(english), "Your comment"),
        (login_as(world.delegates[0]), "Votre commentaire"),
    ):
        page = client.get(_url(statement)).get_data(as_text=True)
        assert f'<label for="body">{label}</label>' in page
    # A refused comment shows the page again with what was typed and the error.
    refused = client.post(
        _url(statement, "/comments"),
        {"quote": "stable <funding>", "body": ""},
        token_from=_url(statement),
    )
    assert refused.status_code == 400
    text = refused.get_data(as_text=True)
    assert "stable &lt;funding&gt;</textarea>" in text
    assert 'aria-invalid="true"' in text and 'id="body-error"' in text
    # …and the next visit shows empty fields again.
    page = client.get(_url(statement)).get_data(as_text=True)
    assert "stable &lt;funding&gt;" not in page and 'id="body-error"' not in page


def test_revision_pages_compare_and_restore(db, world, draft, login_as):
    statement = draft()
    edit(
        statement,
        world.delegates[1],
        body=BODY.replace("stable funding", "lasting funding"),
        summary="Mot plus fort",
    )
    c = login_as(world.delegates[2])
    listing = c.get(_url(statement, "/revisions")).get_data(as_text=True)
    assert "Mot plus fort" in listing and world.associations[1].name in listing
    diff = c.get(_url(statement, "/compare?from=1&to=2")).get_data(as_text=True)
    assert re.search(r"<del><span class=\"visually-hidden\">[^<]+</span>stable</del>", diff)
    assert re.search(r"<ins><span class=\"visually-hidden\">[^<]+</span>lasting</ins>", diff)
    assert c.get(_url(statement, "/compare?from=1&to=9")).status_code == 404
    page = _url(statement, "/revisions/1")
    assert f'href="{_url(statement, "/revisions/1/restore")}"' in c.get(page).get_data(as_text=True)
    confirmation = c.get(_url(statement, "/revisions/1/restore")).get_data(as_text=True)
    assert "Rétablir la version 1 de" in confirmation and "nouvelle version 3" in confirmation
    assert (
        "Rien n’est supprimé" in confirmation and "Rétablir cette version</button>" in confirmation
    )
    db.session.expire_all()
    assert db.session.get(Statement, statement.id).current_number == 2  # nothing changed yet
    response = c.post(
        _url(statement, "/revisions/1/restore"),
        {"base_revision_id": str(ops.current_revision(statement).id)},
        token_from=page,
    )
    assert response.status_code == 302
    db.session.expire_all()
    statement = db.session.get(Statement, statement.id)
    assert statement.current_number == 3
    assert ops.current_revision(statement).body == BODY
    # Restoring from a stale page does not overwrite: it shows what changed.
    stale = c.post(
        _url(statement, "/revisions/2/restore"),
        {"base_revision_id": str(ops.revision(statement, 2).id)},
        token_from=page,
    )
    assert stale.status_code == 302 and "/compare" in stale.headers["Location"]
    db.session.expire_all()
    assert db.session.get(Statement, statement.id).current_number == 3


# --- two delegates editing at once --------------------------------------------------------


def _form(client, statement):
    """Open the edit form; return its fields as the browser would send them back."""
    page = client.get(_url(statement, "/edit")).get_data(as_text=True)
    base = re.search(r'name="base_revision_id" type="hidden" value="(\d+)"', page).group(1)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    rev = ops.current_revision(db_statement(statement))
    return {
        "csrf_token": token,
        "base_revision_id": base,
        "title": rev.title,
        "recipient": rev.recipient,
        "purpose": rev.purpose,
        "body": rev.body,
        "summary": "",
    }


def db_statement(statement):
    from coordination.extensions import db

    db.session.expire_all()
    return db.session.get(Statement, statement.id)


def _save(client, statement, form):
    return client.client.post(_url(statement, "/edit"), data=form)


def _current_body(statement):
    return ops.current_revision(db_statement(statement)).body


PARAGRAPHS = ["Alpha paragraph.", "Bravo paragraph.", "Charlie paragraph.", "Delta paragraph."]
TEXT = "\n\n".join(PARAGRAPHS) + "\n"


@pytest.fixture
def two(db, world, draft, login_as):
    statement = draft(body=TEXT)
    return statement, login_as(world.delegates[0]), login_as(world.delegates[1])


def _with(paragraph_index, words):
    parts = list(PARAGRAPHS)
    parts[paragraph_index] = parts[paragraph_index].replace("paragraph", words)
    return "\n\n".join(parts) + "\n"


def test_two_clients_different_paragraphs_merge_automatically(two):
    statement, a, b = two
    form_a, form_b = _form(a, statement), _form(b, statement)
    form_a["body"] = _with(0, "edited-by-A")
    form_b["body"] = _with(3, "edited-by-B")
    assert _save(a, statement, form_a).status_code == 302
    response = _save(b, statement, form_b)
    assert response.status_code == 302
    shown = b.get(response.headers["Location"]).get_data(as_text=True)
    assert "fusionn" in shown  # the flash says both were merged
    body = _current_body(statement)
    assert "edited-by-A" in body and "edited-by-B" in body
    assert db_statement(statement).current_number == 3


def test_two_clients_same_paragraph_conflict_keeps_the_text_then_resolves(two):
    statement, a, b = two
    form_a, form_b = _form(a, statement), _form(b, statement)
    form_a["body"] = _with(1, "rewritten-by-A")
    form_b["body"] = _with(1, "rewritten-by-B")
    form_b["title"] = "Title by B"
    assert _save(a, statement, form_a).status_code == 302
    conflict = _save(b, statement, form_b)
    assert conflict.status_code == 409
    page = conflict.get_data(as_text=True)
    # B's text is in the textarea; A's change is shown; the new base is A's revision.
    textarea = re.search(r'<textarea[^>]*name="body"[^>]*>(.*?)</textarea>', page, re.S).group(1)
    assert "rewritten-by-B" in textarea
    assert "rewritten-by-A" in page and "<ins>" in page
    assert "Title by B" in page
    new_base = re.search(r'name="base_revision_id" type="hidden" value="(\d+)"', page).group(1)
    assert int(new_base) == ops.current_revision(db_statement(statement)).id
    assert db_statement(statement).current_number == 2  # nothing saved
    # B reconciles both and saves on the new base.
    form_b["base_revision_id"] = new_base
    form_b["body"] = _with(1, "rewritten-by-A-and-B")
    assert _save(b, statement, form_b).status_code == 302
    assert "rewritten-by-A-and-B" in _current_body(statement)


@pytest.mark.parametrize(
    "order",
    [
        "AB",  # A saves then B (B merges or conflicts)
        "BA",
        "AAB",  # A saves twice (second on its new base) before B
        "ABA",  # A saves, B saves (merge), A saves again on its stale base
    ],
)
@pytest.mark.parametrize("same_paragraph", [False, True])
def test_no_text_is_lost_in_any_interleaving(two, order, same_paragraph):
    """Every word typed by either delegate ends up either saved or in the conflict form
    (then saved when they resubmit it): nothing is silently overwritten."""
    statement, a, b = two
    clients = {"A": a, "B": b}
    forms = {"A": _form(a, statement), "B": _form(b, statement)}
    typed = []
    for step, who in enumerate(order):
        index = 1 if same_paragraph else (0 if who == "A" else 3)
        marker = f"{who}{step}-words"
        typed.append(marker)
        form = forms[who]
        # Edit on top of what this delegate currently has in their form.
        parts = form["body"].split("\n\n")
        parts[index] = parts[index].rstrip("\n") + f" {marker}"
        form["body"] = "\n\n".join(parts) if parts[-1].endswith("\n") else "\n\n".join(parts)
        response = _save(clients[who], statement, form)
        if response.status_code == 409:
            page = response.get_data(as_text=True)
            kept = re.search(r'<textarea[^>]*name="body"[^>]*>(.*?)</textarea>', page, re.S)
            assert marker in kept.group(1)  # the author's text is in the form
            # The author reconciles: keeps their text and adds what the others saved.
            latest = _current_body(statement)
            missing = [m for m in typed if m in latest and m not in form["body"]]
            base = re.search(r'name="base_revision_id" type="hidden" value="(\d+)"', page)
            form["base_revision_id"] = base.group(1)
            form["body"] = form["body"].rstrip("\n") + " " + " ".join(missing) + "\n"
            response = _save(clients[who], statement, form)
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        # After a save the delegate goes on from the page they see: the latest text.
        forms[who] = _form(clients[who], statement)
    final = _current_body(statement)
    for marker in typed:
        assert marker in final, (order, same_paragraph, marker, final)


# --- sign-off through the pages -----------------------------------------------------------


def test_sign_off_through_the_statement_page(db, world, draft, login_as):
    statement = draft()
    first = login_as(world.delegates[0])
    page = _url(statement)
    assert first.post(_url(statement, "/consultation"), {}, token_from=page).status_code == 302
    db.session.expire_all()
    assert db.session.get(Statement, statement.id).status == CONSULTATION
    text = first.get(page).get_data(as_text=True)
    assert "n’a pas encore répondu" in text or "has not answered" in text
    # An objection without a reason is refused, keeping the page.
    refused = login_as(world.delegates[1]).post(
        _url(statement, "/answer"), {"answer": "object", "reason": ""}, token_from=page
    )
    assert refused.status_code == 400
    for delegate in world.delegates:
        c = login_as(delegate)
        assert (
            c.post(_url(statement, "/answer"), {"answer": "agree"}, token_from=page).status_code
            == 302
        )
    db.session.expire_all()
    statement = db.session.get(Statement, statement.id)
    assert statement.status == ADOPTED
    text = first.get(page).get_data(as_text=True)
    for association in world.associations:
        assert association.name in text


def test_blocked_sign_off_shows_the_objection(db, world, draft, login_as):
    statement = draft()
    signoff.open_consultation(statement, by=world.delegates[0])
    signoff.answer(statement, by=world.delegates[1], value="object", reason="Le chiffre est faux")
    assert statement.status == DRAFT
    text = login_as(world.delegates[2]).get(_url(statement)).get_data(as_text=True)
    assert "Le chiffre est faux" in text and world.associations[1].name in text


def test_fate_event_through_the_page(db, world, draft, login_as):
    statement = draft()
    _adopt(world, statement)
    c = login_as(world.delegates[0])
    bad = c.post(
        _url(statement, "/events"),
        {"kind": "sent", "on": "pas une date"},
        token_from=_url(statement),
    )
    assert bad.status_code == 400
    ok = c.post(
        _url(statement, "/events"),
        {"kind": "sent", "on": "2026-03-02", "note": "Remis au cabinet"},
        token_from=_url(statement),
    )
    assert ok.status_code == 302
    assert "Remis au cabinet" in c.get(_url(statement)).get_data(as_text=True)


def test_comments_through_the_page(db, world, draft, login_as):
    statement = draft()
    c = login_as(world.delegates[1])
    response = c.post(
        _url(statement, "/comments"),
        {"quote": "stable funding", "body": "Précisons le montant."},
        token_from=_url(statement),
    )
    assert response.status_code == 302
    page = c.get(_url(statement)).get_data(as_text=True)
    assert "Précisons le montant." in page and "stable funding" in page
    assert world.associations[1].name in page
    comment = ops.comments(db_statement(statement))[0]
    resolve = c.post(
        _url(statement, f"/comments/{comment.id}/resolve"), {}, token_from=_url(statement)
    )
    assert resolve.status_code == 302
    assert "résolu" in c.get(_url(statement)).get_data(as_text=True)
    empty = c.post(_url(statement, "/comments"), {"body": ""}, token_from=_url(statement))
    assert empty.status_code == 400


# --- output -------------------------------------------------------------------------------


def test_pdf_has_title_recipient_and_co_signatories(db, world, draft, login_as):
    from pypdf import PdfReader

    statement = draft(title="Pour une aide alimentaire stable", recipient="Conseil départemental")
    _adopt(world, statement)
    response = login_as(world.delegates[0]).get(_url(statement, "/pdf"))
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.data)).pages)
    text = " ".join(text.split())
    assert "Pour une aide alimentaire stable" in text
    assert "Conseil départemental" in text
    assert "Second paragraph" in text
    for association in world.associations:
        assert association.name in text
    assert world.delegates[0].name not in text


def test_print_page_and_plain_text_download(db, world, draft, login_as):
    statement = draft()
    c = login_as(world.delegates[0])
    printed = c.get(_url(statement, "/print")).get_data(as_text=True)
    assert "Pour une aide alimentaire stable" in printed and "Projet — non adopté" in printed
    _adopt(world, statement)
    md = c.get(_url(statement, "/markdown"))
    assert md.mimetype == "text/plain" and md.mimetype_params["charset"] == "utf-8"
    assert md.headers["Content-Disposition"].startswith("attachment;")
    assert md.headers["Content-Disposition"].endswith('.txt"')
    text = md.get_data(as_text=True)
    assert text.startswith("# Pour une aide alimentaire stable")
    assert "Second paragraph: we ask for stable funding." in text
    assert f"- {world.associations[2].name}" in text


def test_public_link(db, world, draft, login_as, client):
    statement = draft()
    _adopt(world, statement)
    c = login_as(world.delegates[0])
    c.post(_url(statement, "/public-link"), {"enabled": "1"}, token_from=_url(statement))
    db.session.expire_all()
    assert db.session.get(Statement, statement.id).public_token is None  # off by default
    world.coalition.public_statements = True
    db.session.flush()
    c.post(_url(statement, "/public-link"), {"enabled": "1"}, token_from=_url(statement))
    token = db_statement(statement).public_token
    assert token
    public = client.get(f"/public/statements/{token}")
    assert public.status_code == 200
    text = public.get_data(as_text=True)
    assert "Pour une aide alimentaire stable" in text and world.associations[0].name in text
    assert world.delegates[0].name not in text  # no delegate's name
    assert public.headers["Referrer-Policy"] == "no-referrer"
    assert client.get(f"/public/statements/{token[:-1]}x").status_code == 404
    c.post(_url(statement, "/public-link"), {"enabled": "0"}, token_from=_url(statement))
    assert client.get(f"/public/statements/{token}").status_code == 404


def test_home_to_do_lists_statements_awaiting_sign_off(db, world, draft, login_as):
    statement = draft(title="À signer vite")
    signoff.open_consultation(statement, by=world.delegates[0])
    signoff.answer(statement, by=world.delegates[0], value="agree")
    home = login_as(world.delegates[1]).get("/").get_data(as_text=True)
    todo = home[home.index('id="todo-h"') :]
    assert f'href="{_url(statement)}#sign-off">Signer la déclaration « À signer vite »</a>' in todo
    assert home.count("À signer vite") == 1  # not also as a collective decision
    home = login_as(world.delegates[0]).get("/").get_data(as_text=True)
    assert "À signer vite" not in home  # already answered


def test_invited_guest_co_signs_on_the_decision_page(db, make, login_as):
    member, guest = make.association(), make.association()
    coalition = make.coalition([member], guests=[guest])
    m, g = make.delegate(member), make.delegate(guest)
    statement = ops.create_statement(
        coalition, by=m, title="Texte commun", recipient="Préfecture", body="Notre demande.\n"
    )
    decision = signoff.open_consultation(statement, by=m, invite_guests=True)
    guest_client = login_as(g)
    home = guest_client.get("/").get_data(as_text=True)
    assert "Texte commun" in home and f"/decisions/{decision.id}" in home
    page = f"/c/{coalition.id}/decisions/{decision.id}"
    text = guest_client.get(page).get_data(as_text=True)
    assert "Notre demande." in text  # the text to sign is on the decision page
    answer = guest_client.post(page + "/answer", {"answer": "agree"}, token_from=page)
    assert answer.status_code == 302
    signoff.answer(db_statement(statement), by=m, value="agree")
    statement = db_statement(statement)
    assert statement.status == ADOPTED
    assert {s.association_id for s in ops.signatories(statement)} == {member.id, guest.id}


def test_the_statement_page_closes_a_sign_off_past_its_deadline(db, world, draft, login_as):
    from datetime import timedelta

    from coordination.db import utcnow

    statement = draft()
    decision = signoff.open_consultation(statement, by=world.delegates[0])
    signoff.answer(statement, by=world.delegates[1], value="agree")
    c = login_as(world.delegates[2])
    assert c.get(_url(statement)).status_code == 200
    assert db_statement(statement).status == CONSULTATION  # not due yet: nothing written
    decision = db.session.get(type(decision), decision.id)
    decision.deadline = utcnow() - timedelta(minutes=1)
    db.session.flush()
    page = c.get(_url(statement)).get_data(as_text=True)
    statement = db_statement(statement)
    assert statement.status == ADOPTED
    assert {s.association_id for s in ops.signatories(statement)} == {world.associations[1].id}
    assert "Associations cosignataires" in page


def test_withdrawing_on_the_decision_page_brings_the_draft_back(db, world, draft, login_as):
    statement = draft()
    decision = signoff.open_consultation(statement, by=world.delegates[0])
    c = login_as(world.delegates[0])
    page = f"/c/{statement.coalition_id}/decisions/{decision.id}"
    assert c.post(page + "/withdraw", {}, token_from=page).status_code == 302
    text = c.get(_url(statement)).get_data(as_text=True)
    assert db_statement(statement).status == DRAFT
    assert "La dernière demande de validation a été retirée." in text


def test_restoring_during_the_sign_off_says_the_answers_will_no_longer_count(
    db, world, draft, login_as
):
    statement = draft()
    edit(statement, world.delegates[1], body=BODY.replace("stable funding", "lasting funding"))
    signoff.open_consultation(statement, by=world.delegates[0])
    signoff.answer(statement, by=world.delegates[1], value="agree")
    c = login_as(world.delegates[2])
    url = _url(statement, "/revisions/1/restore")
    page = c.get(url).get_data(as_text=True)
    assert "La validation reprend sur le texte rétabli" in page
    assert "Ceci ne pourra pas être annulé" in page and "ne compteront plus" in page
    assert c.post(url, {"base_revision_id": ""}, token_from=url).status_code == 302  # stale
    db.session.expire_all()
    assert db.session.get(Statement, statement.id).current_number == 2
    r = c.post(url, {"base_revision_id": str(ops.current_revision(statement).id)}, token_from=url)
    assert r.status_code == 302
    db.session.expire_all()
    statement = db.session.get(Statement, statement.id)
    assert statement.current_number == 3 and statement.status == CONSULTATION
