"""Statement rules through the operations (no HTTP)."""

from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from coordination.coalitions.models import LogEntry
from coordination.consent import service as consent
from coordination.consent.models import BLOCKED, OPEN, PASSED, Decision, DecisionAnswer
from coordination.db import utcnow
from coordination.statements import operations as ops
from coordination.statements import revisions, signoff
from coordination.statements.models import (
    ADOPTED,
    ANSWERED,
    CONSULTATION,
    DRAFT,
    SENT,
    TAKEN_UP,
    WITHDRAWN,
    StatementRevision,
)
from tests.statements.conftest import BODY, edit

# --- revisions ------------------------------------------------------------------------------


def test_every_save_is_a_revision_with_author_association_and_summary(db, world, draft):
    a, b = world.delegates[0], world.delegates[1]
    statement = draft(summary="First draft")
    first = ops.current_revision(statement)
    assert (first.number, first.summary, first.author_id, first.association_id) == (
        1,
        "First draft",
        a.id,
        a.association_id,
    )
    result = edit(statement, b, body=BODY + "\nA fourth paragraph.\n", summary="Adds a paragraph")
    assert result.revision.number == 2 and not result.merged
    edit(statement, a, title="Pour une aide alimentaire stable et juste")
    history = ops.revisions(statement)
    assert [r.number for r in history] == [3, 2, 1]
    assert [r.association_id for r in history] == [
        a.association_id,
        b.association_id,
        a.association_id,
    ]
    assert history[1].summary == "Adds a paragraph"
    assert statement.title == "Pour une aide alimentaire stable et juste"
    assert statement.current_number == 3
    # Every revision keeps its full text and title.
    assert ops.revision(statement, 1).title == "Pour une aide alimentaire stable"
    assert "fourth paragraph" in ops.revision(statement, 2).body
    assert "fourth paragraph" not in ops.revision(statement, 1).body


def test_saving_the_same_text_adds_no_revision(db, world, draft):
    statement = draft()
    result = edit(statement, world.delegates[1])
    assert result.unchanged and statement.current_number == 1


def test_restore_makes_an_old_revision_current_as_a_new_revision(db, world, draft):
    statement = draft()
    edit(statement, world.delegates[1], body="A completely different text.\n")
    current = ops.current_revision(statement)
    restored = ops.restore(statement, 1, by=world.delegates[2], base_revision_id=current.id)
    assert (restored.number, restored.kind, restored.restored_from) == (3, "restore", 1)
    assert restored.body == BODY and restored.author_id == world.delegates[2].id
    assert [r.number for r in ops.revisions(statement)] == [3, 2, 1]  # nothing deleted
    assert ops.revision(statement, 2).body == "A completely different text.\n"
    with pytest.raises(ops.StatementError):  # the same text as the current one
        ops.restore(statement, 1, by=world.delegates[2], base_revision_id=restored.id)


def test_restore_refuses_when_the_text_changed_meanwhile(db, world, draft):
    statement = draft()
    seen = ops.current_revision(statement)
    edit(statement, world.delegates[1], body="Changed meanwhile.\n")
    with pytest.raises(ops.StatementError):
        ops.restore(statement, 1, by=world.delegates[2], base_revision_id=seen.id)
    assert statement.current_number == 2


def test_rendered_html_is_kept_per_revision_and_sanitised(db, world, draft):
    statement = draft(
        body="Hello **all**\n\n<script>alert(1)</script>\n\n[link](javascript:alert(1)) "
        '<img src=x onerror="alert(1)"> [ok](https://example.org)\n'
    )
    html = ops.current_revision(statement).body_html
    assert "<strong>all</strong>" in html
    assert "<script" not in html and "javascript:" not in html and "onerror" not in html
    assert "<img" not in html
    assert 'href="https://example.org"' in html


# --- no lost edits ---------------------------------------------------------------------------


def test_concurrent_edits_to_different_paragraphs_are_merged(db, world, draft):
    statement = draft()
    base = ops.current_revision(statement)
    edit(statement, world.delegates[1], base=base, body=BODY.replace("First", "Opening"))
    result = edit(statement, world.delegates[2], base=base, body=BODY.replace("Third", "Last"))
    assert result.merged and result.revision.number == 3
    assert result.revision.kind == "merge"
    assert "Opening paragraph" in result.revision.body
    assert "Last paragraph" in result.revision.body


def test_concurrent_edits_to_the_same_paragraph_conflict_and_save_nothing(db, world, draft):
    statement = draft()
    base = ops.current_revision(statement)
    edit(statement, world.delegates[1], base=base, body=BODY.replace("stable", "lasting"))
    mine = BODY.replace("stable", "secure")
    result = edit(statement, world.delegates[2], base=base, body=mine)
    assert result.conflict is not None and result.revision is None
    assert result.conflict.fields == ["body"]
    assert result.conflict.mine["body"] == mine  # the author's text comes back
    assert result.conflict.current.number == 2
    assert statement.current_number == 2


def test_concurrent_title_changes(db, world, draft):
    statement = draft()
    base = ops.current_revision(statement)
    edit(statement, world.delegates[1], base=base, title="Their title")
    # A body change on the old base keeps their title.
    merged = edit(statement, world.delegates[2], base=base, body=BODY + "\nMore.\n")
    assert merged.merged and merged.revision.title == "Their title"
    # Two different titles conflict.
    conflict = edit(statement, world.delegates[0], base=base, title="My title")
    assert conflict.conflict.fields == ["title"]


def test_revision_numbers_are_unique_per_statement(db, world, draft):
    """The guard at flush: two saves can never both become revision n+1."""
    statement = draft()
    with pytest.raises(IntegrityError), db.session.begin_nested():
        db.session.add(
            StatementRevision(
                statement_id=statement.id,
                coalition_id=statement.coalition_id,
                number=1,
                title="x",
            )
        )
        db.session.flush()


def test_a_save_that_loses_the_race_at_flush_merges_again(db, world, draft, monkeypatch):
    """A concurrent save commits between our read and our write: our stale "revision 2"
    collides at flush; the save reads again and merges instead of overwriting."""
    from coordination.statements.models import Statement

    statement = draft()
    base = ops.current_revision(statement)
    theirs = {**ops.values_of(base), "body": BODY.replace("First", "Opening")}
    real_lock = revisions.lock
    raced = []

    def lock_then_race(s):
        real_lock(s)
        if not raced:
            raced.append(True)
            # The other save lands after our read: revision 2 and the new counter.
            db.session.add(
                StatementRevision(
                    statement_id=s.id,
                    coalition_id=s.coalition_id,
                    number=2,
                    author_id=world.delegates[1].id,
                    **theirs,
                )
            )
            db.session.flush()
            db.session.execute(
                sa.update(Statement).where(Statement.id == s.id).values(current_number=2),
                execution_options={"synchronize_session": False},
            )

    monkeypatch.setattr(revisions, "lock", lock_then_race)
    result = ops.save(
        statement,
        by=world.delegates[2],
        base_revision_id=base.id,
        **{**ops.values_of(base), "body": BODY.replace("Third", "Last")},
    )
    assert raced and result.merged and result.revision.number == 3
    assert "Opening paragraph" in result.revision.body
    assert "Last paragraph" in result.revision.body
    assert [r.number for r in ops.revisions(statement)] == [3, 2, 1]


# --- comments ----------------------------------------------------------------------------------


def test_comments_with_quote_resolve_and_reopen(db, world, draft):
    statement = draft()
    c = ops.add_comment(statement, by=world.delegates[1], body="Too vague", quote="stable funding")
    assert (c.quote, c.revision_number, c.association_id) == (
        "stable funding",
        1,
        world.delegates[1].association_id,
    )
    ops.resolve_comment(c, by=world.delegates[0])
    assert c.is_resolved and c.resolved_by_id == world.delegates[0].id
    ops.reopen_comment(c, by=world.delegates[2])
    assert not c.is_resolved
    with pytest.raises(ops.StatementError):
        ops.add_comment(statement, by=world.delegates[1], body="   ")
    listed = ops.comments(statement)
    assert [x.id for x in listed] == [c.id] and listed[0].author.name


# --- sign-off -----------------------------------------------------------------------------------


def _answers(statement, world, *values):
    for delegate, value in zip(world.delegates, values, strict=False):
        if value:
            signoff.answer(
                statement,
                by=delegate,
                value=value,
                reason="Pas d'accord sur le chiffre" if value == "object" else "",
            )


def _signers(statement):
    return {s.association_id for s in ops.signatories(statement)}


def test_all_agree_adopts_with_every_association_as_co_signatory(db, world, draft):
    statement = draft()
    decision = signoff.open_consultation(statement, by=world.delegates[0])
    assert statement.status == CONSULTATION and statement.frozen_number == 1
    assert decision.kind == signoff.ADOPT and decision.payload["statement_id"] == statement.id
    assert BODY.strip() in decision.description  # what is signed is on the decision page
    _answers(statement, world, "agree", "agree", "agree")
    assert decision.status == PASSED
    assert statement.status == ADOPTED and statement.adopted_at is not None
    assert _signers(statement) == {a.id for a in world.associations}


def test_one_abstention_adopts_without_that_association(db, world, draft):
    statement = draft()
    signoff.open_consultation(statement, by=world.delegates[0])
    _answers(statement, world, "agree", "abstain", "agree")
    assert statement.status == ADOPTED
    assert _signers(statement) == {world.associations[0].id, world.associations[2].id}


def test_one_objection_blocks_and_the_objection_stays_visible(db, world, draft):
    statement = draft()
    decision = signoff.open_consultation(statement, by=world.delegates[0])
    _answers(statement, world, "agree", "object")
    assert decision.status == BLOCKED
    assert statement.status == DRAFT and statement.frozen_number is None
    assert _signers(statement) == set()
    state, _has_guests = signoff.page_consultation(statement, _facts(statement))
    assert [a.reason for a in state.objections] == ["Pas d'accord sur le chiffre"]
    assert [a.association_id for a in state.objections] == [world.associations[1].id]
    assert state.names[world.associations[1].id] == world.associations[1].name
    # The draft can be put to the sign-off again, as a new decision.
    again = signoff.open_consultation(statement, by=world.delegates[1])
    assert again.id != decision.id and statement.decision_id == again.id


def test_an_objection_needs_a_reason(db, world, draft):
    statement = draft()
    signoff.open_consultation(statement, by=world.delegates[0])
    with pytest.raises(ops.StatementError):
        signoff.answer(statement, by=world.delegates[1], value="object", reason="")


def test_editing_during_consultation_reopens_it_on_the_new_revision(db, world, draft):
    statement = draft()
    decision = signoff.open_consultation(statement, by=world.delegates[0])
    _answers(statement, world, "agree", "agree")  # two of three answered
    assert decision.round == 1
    result = edit(statement, world.delegates[2], body=BODY + "\nOne more demand.\n")
    assert statement.status == CONSULTATION
    assert decision.round == 2 and decision.status == OPEN
    assert statement.frozen_number == result.revision.number == 2
    assert decision.payload["revision_id"] == result.revision.id
    assert "One more demand." in decision.description
    # Earlier answers are kept for the record but no longer count.
    rows = db.session.scalars(
        sa.select(DecisionAnswer).where(DecisionAnswer.decision_id == decision.id)
    ).all()
    assert {(r.round, r.answer) for r in rows} == {(1, "agree")} and len(rows) == 2
    assert consent.tally_of(decision).answered == frozenset()
    # The third answer alone does not adopt it any more: everyone must answer again.
    _answers(statement, world, None, None, "agree")
    assert statement.status == CONSULTATION
    _answers(statement, world, "agree", "agree")
    assert statement.status == ADOPTED and statement.frozen_number == 2


def test_restoring_during_consultation_also_reopens(db, world, draft):
    statement = draft()
    edit(statement, world.delegates[1], body="Second text.\n")
    decision = signoff.open_consultation(statement, by=world.delegates[0])
    ops.restore(
        statement, 1, by=world.delegates[0], base_revision_id=ops.current_revision(statement).id
    )
    assert decision.round == 2 and statement.frozen_number == 3


def test_the_deadline_adopts_without_objection(db, world, draft):
    statement = draft()
    decision = signoff.open_consultation(statement, by=world.delegates[0])
    _answers(statement, world, "agree")
    signoff.sync(statement, now=decision.deadline + timedelta(minutes=1))
    assert statement.status == ADOPTED
    assert _signers(statement) == {world.associations[0].id}


def test_silence_until_the_deadline_adopts_nothing(db, world, draft):
    statement = draft()
    decision = signoff.open_consultation(statement, by=world.delegates[0])
    signoff.sync(statement, now=decision.deadline + timedelta(minutes=1))
    assert decision.status == PASSED
    assert statement.status == DRAFT and _signers(statement) == set()


def test_guests_may_co_sign_without_a_veto(db, make):
    members = [make.association(), make.association()]
    guest = make.association()
    coalition = make.coalition(members, guests=[guest])
    a, b, g = (make.delegate(x) for x in (*members, guest))
    statement = ops.create_statement(coalition, by=a, title="T", recipient="R", body="Text\n")
    decision = signoff.open_consultation(statement, by=a, invite_guests=True)
    assert decision.guests_may_answer
    with pytest.raises(ops.StatementError):
        signoff.answer(statement, by=g, value="object", reason="No")
    signoff.answer(statement, by=g, value="agree")
    signoff.answer(statement, by=a, value="agree")
    signoff.answer(statement, by=b, value="abstain")
    assert statement.status == ADOPTED
    signatories = ops.signatories(statement)
    assert {(s.association_id, s.guest) for s in signatories} == {
        (a.association_id, False),
        (guest.id, True),
    }


def test_guests_not_invited_cannot_answer(db, make):
    members = [make.association()]
    guest = make.association()
    coalition = make.coalition(members, guests=[guest])
    a, g = make.delegate(members[0]), make.delegate(guest)
    statement = ops.create_statement(coalition, by=a, title="T", recipient="R", body="Text\n")
    signoff.open_consultation(statement, by=a)
    with pytest.raises(ops.StatementError):
        signoff.answer(statement, by=g, value="agree")


def test_only_a_draft_with_text_goes_to_consultation(db, world, draft):
    empty = draft(body="")
    with pytest.raises(ops.StatementError):
        signoff.open_consultation(empty, by=world.delegates[0])
    statement = draft()
    signoff.open_consultation(statement, by=world.delegates[0])
    with pytest.raises(ops.StatementError):
        signoff.open_consultation(statement, by=world.delegates[0])


def test_an_adopted_statement_cannot_be_edited(db, world, draft):
    statement = draft()
    signoff.open_consultation(statement, by=world.delegates[0])
    _answers(statement, world, "agree", "agree", "agree")
    with pytest.raises(ops.StatementError):
        edit(statement, world.delegates[0], body="Changed after signature\n")
    assert statement.current_number == 1


def test_withdrawing_the_decision_on_its_page_brings_the_draft_back(db, world, draft):
    statement = draft()
    decision = signoff.open_consultation(statement, by=world.delegates[0])
    consent.withdraw(decision, by=world.delegates[0])
    signoff.sync(statement)
    assert statement.status == DRAFT


def test_stop_consultation_is_for_the_association_that_asked(db, world, draft):
    statement = draft()
    signoff.open_consultation(statement, by=world.delegates[0])
    with pytest.raises(ops.StatementError):
        signoff.stop_consultation(statement, by=world.delegates[1])
    signoff.stop_consultation(statement, by=world.delegates[0])
    assert statement.status == DRAFT


# --- after adoption -----------------------------------------------------------------------------


def _adopted(world, draft):
    statement = draft()
    signoff.open_consultation(statement, by=world.delegates[0])
    _answers(statement, world, "agree", "agree", "agree")
    return statement


def test_fate_is_tracked_with_dates_and_notes(db, world, draft):
    statement = _adopted(world, draft)
    ops.record_event(
        statement, SENT, by=world.delegates[0], on=date(2026, 3, 2), note="Par courrier"
    )
    assert statement.status == SENT
    ops.record_event(statement, TAKEN_UP, by=world.delegates[1], on=date(2026, 5, 1), note="Fédé")
    ops.record_event(statement, ANSWERED, by=world.delegates[1], on=date(2026, 4, 2))
    assert statement.status == TAKEN_UP  # the status never goes back
    assert [(e.kind, e.on) for e in ops.events(statement)] == [
        (SENT, date(2026, 3, 2)),
        (ANSWERED, date(2026, 4, 2)),
        (TAKEN_UP, date(2026, 5, 1)),
    ]
    draft_statement = draft()
    with pytest.raises(ops.StatementError):
        ops.record_event(draft_statement, SENT, by=world.delegates[0], on=date(2026, 3, 2))


def test_withdraw(db, world, draft):
    statement = draft()
    decision = signoff.open_consultation(statement, by=world.delegates[0])
    ops.withdraw(statement, by=world.delegates[1], note="Plus d'actualité")
    assert statement.status == WITHDRAWN and decision.status == "withdrawn"
    assert ops.events(statement)[0].note == "Plus d'actualité"
    adopted = _adopted(world, draft)
    with pytest.raises(ops.StatementError):
        ops.withdraw(adopted, by=world.delegates[0])


def test_public_link_only_when_the_coalition_allows_it(db, world, draft):
    statement = _adopted(world, draft)
    assert world.coalition.public_statements is False  # off by default
    with pytest.raises(ops.StatementError):
        ops.set_public_link(statement, by=world.delegates[0], enabled=True)
    world.coalition.public_statements = True
    token = ops.set_public_link(statement, by=world.delegates[0], enabled=True)
    assert len(token) >= 40
    assert ops.public_statement(token) is statement
    world.coalition.public_statements = False
    assert ops.public_statement(token) is None
    world.coalition.public_statements = True
    ops.set_public_link(statement, by=world.delegates[0], enabled=False)
    assert ops.public_statement(token) is None
    with pytest.raises(ops.StatementError):
        ops.set_public_link(draft(), by=world.delegates[0], enabled=True)


def test_transparency_log(db, world, draft):
    statement = _adopted(world, draft)
    ops.record_event(statement, SENT, by=world.delegates[0], on=date(2026, 3, 2))
    actions = db.session.scalars(
        sa.select(LogEntry.action)
        .where(LogEntry.coalition_id == world.coalition.id, LogEntry.action.like("statement.%"))
        .order_by(LogEntry.id)
    ).all()
    assert actions == [
        "statement.created",
        "statement.consultation_opened",
        "statement.adopted",
        "statement.sent",
    ]


def test_awaiting_sign_off_for_members_and_invited_guests(db, make):
    members = [make.association(), make.association()]
    guest = make.association()
    coalition = make.coalition(members, guests=[guest])
    a, b, g = (make.delegate(x) for x in (*members, guest))
    invited = ops.create_statement(coalition, by=a, title="Invited", recipient="R", body="T\n")
    signoff.open_consultation(invited, by=a, invite_guests=True)
    closed = ops.create_statement(coalition, by=a, title="Members", recipient="R", body="T\n")
    signoff.open_consultation(closed, by=a)
    signoff.answer(invited, by=a, value="agree")
    assert [s.title for s, _g, _d in signoff.awaiting_sign_off(a.association_id, [coalition])] == [
        "Members"
    ]
    assert len(signoff.awaiting_sign_off(b.association_id, [coalition])) == 2
    rows = signoff.awaiting_sign_off(guest.id, [coalition])
    assert [(s.title, as_guest) for s, as_guest, _d in rows] == [("Invited", True)]


def test_decision_kind_is_registered(app):
    assert consent.kind_label(signoff.ADOPT) != signoff.ADOPT


def test_now_is_stored_in_utc(db, world, draft):
    statement = draft(now=utcnow() - timedelta(days=2))
    assert statement.created_at.tzinfo is not None
    assert db.session.get(Decision, 0) is None


def _facts(statement):
    """The decision's facts as the statement page reads them (None before any sign-off)."""
    if statement.decision_id is None:
        return None
    decision = db_decision(statement)
    return signoff.DecisionFacts(*(getattr(decision, f) for f in signoff.DecisionFacts._fields))


def _page_view(statement, queries=None):
    """What the statement page reads of its sign-off (rows), with its query count."""
    from tests.conftest import count_queries

    facts = _facts(statement)
    with count_queries() as statements:
        page = signoff.page_consultation(statement, facts)
    if queries is not None:
        assert len(statements) == queries
    return page


def db_decision(statement):
    from coordination.extensions import db

    return db.session.get(Decision, statement.decision_id)


def _answers_of(page):
    return {a: (r.answer, r.reason) for a, r in page.answers.items()}


def test_the_statement_page_reads_the_sign_off_in_one_query(db, make):
    members = [make.association() for _ in range(3)]
    guest = make.association()
    coalition = make.coalition(members, guests=[guest])
    m = [make.delegate(a) for a in members]
    g = make.delegate(guest)
    ids = [a.id for a in members]
    statement = ops.create_statement(coalition, by=m[0], title="T", body="Texte.\n")
    page, has_guests = _page_view(statement, queries=1)
    assert page is None and has_guests
    signoff.open_consultation(statement, by=m[0], invite_guests=True)
    signoff.answer(statement, by=m[1], value="abstain", reason="Bof")
    signoff.answer(statement, by=g, value="agree")
    page, has_guests = _page_view(statement, queries=1)
    assert page.decision.id == statement.decision_id and page.decision.status == OPEN
    assert page.tally.electorate == frozenset(ids)
    assert page.tally.agreed == frozenset() and page.tally.abstained == {ids[1]}
    assert page.tally.guests_agreed == {guest.id} and page.tally.missing == {ids[0], ids[2]}
    assert _answers_of(page) == {ids[1]: ("abstain", "Bof"), guest.id: ("agree", "")}
    assert page.names == {a.id: a.name for a in [*members, guest]}
    assert page.guests == {guest.id} and has_guests and page.objections == []
    edit(statement, m[2], body="Texte changé.\n")  # a new round
    signoff.answer(statement, by=m[0], value="agree")
    page, _ = _page_view(statement)
    assert page.decision.round == 2 and page.guests == {guest.id}
    assert _answers_of(page) == {ids[0]: ("agree", "")}
    assert page.tally.agreed == {ids[0]} and page.tally.missing == {ids[1], ids[2]}
    signoff.answer(statement, by=m[1], value="object", reason="Non")  # blocked: a draft again
    assert statement.status == DRAFT
    page, _ = _page_view(statement)
    assert page.decision.status == BLOCKED and page.tally.objected == {ids[1]}
    assert [a.reason for a in page.objections] == ["Non"]
    assert [a.association_id for a in page.objections] == [ids[1]]
    # Adopted: the page shows only the link to the decision, and reads nothing more.
    signoff.open_consultation(statement, by=m[0])
    for d in m:
        signoff.answer(statement, by=d, value="agree")
    assert statement.status == ADOPTED
    page, has_guests = _page_view(statement, queries=0)
    assert page is None and not has_guests
