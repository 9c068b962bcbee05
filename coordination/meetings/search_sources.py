"""The meetings' search sources: meetings, agenda items and minutes.

- A meeting's document: its title and date (in French, like the rest of the index), place,
  access notes, and the organisations and topics of its guest speakers.
- An agenda item's document: its title with its meeting's date, topic, description and
  proposing association (not the meeting's title: every item would match "réunion");
  the result opens the meeting page at the item.
- The minutes' document (only when there are minutes, decisions or action items): the
  Markdown text, the decisions and the action items; members only, as on the meeting page.

Guest associations find the meetings (and their agenda items) they are invited to, and
nothing else of the coalition. Minutes are saved with a guarded UPDATE that bypasses the
session: `save_minutes` calls `reindex_minutes` itself. When a meeting is deleted, the
database deletes its agenda items (ON DELETE CASCADE): their documents are found and
removed through the orphans of that coalition (see `_agenda_of_meetings`).
"""

import functools
from datetime import date

import sqlalchemy as sa
from babel.dates import format_date
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import object_session

from coordination.coalitions.models import Association
from coordination.db import columns_of
from coordination.meetings.models import (
    ActionItem,
    AgendaItem,
    GuestInvitation,
    Meeting,
    MeetingDecision,
    MeetingGuest,
)
from coordination.search.models import SearchDocument
from coordination.search.registry import indexed, register_source, texts_of, watch_parent
from coordination.timezone import to_local

MEETING, AGENDA_ITEM, MINUTES = "meeting", "agenda_item", "minutes"


def meeting_label(title: str | None, starts_at) -> str:
    """How documents name a meeting: "Réunion trimestrielle — 14 mars 2026". The index is
    in French whatever the reader's language (like the institution kinds' words)."""
    name = (title or "").strip() or "Réunion"
    return f"{name} — {meeting_day(starts_at)}"


def meeting_day(starts_at) -> str:
    """ "14 mars 2026" (Europe/Paris), or "date à choisir" while a date poll is open."""

    if starts_at is None:
        return "date à choisir"
    return _french_day(to_local(starts_at).date())


@functools.lru_cache(maxsize=1024)
def _french_day(day: date) -> str:
    return format_date(day, format="long", locale="fr")


# --- who finds what ---------------------------------------------------------------------


def participant_coalitions(viewer):
    """Members and guests alike; `invited_only` narrows what guests find."""
    return list(viewer.roles)


def _guest_condition(viewer, invited_ids):
    guest_of = [cid for cid, role in viewer.roles.items() if role != "member"]
    if not guest_of:
        return sa.true()
    return sa.or_(
        SearchDocument.coalition_id.not_in(guest_of), SearchDocument.object_id.in_(invited_ids)
    )


def invited_meetings_only(viewer):
    """Where the viewer's association is a guest: only the meetings it is invited to."""
    invited = sa.select(MeetingGuest.meeting_id).where(
        MeetingGuest.association_id == viewer.association_id
    )
    return _guest_condition(viewer, invited)


def invited_agenda_items_only(viewer):
    invited = (
        sa.select(AgendaItem.id)
        .join(MeetingGuest, MeetingGuest.meeting_id == AgendaItem.meeting_id)
        .where(MeetingGuest.association_id == viewer.association_id)
    )
    return _guest_condition(viewer, invited)


# --- what to rebuild when ---------------------------------------------------------------


def _agenda_of_meetings(meetings):
    """The agenda items of changed meetings (their titles give its date). For a
    deleted meeting the database already removed its items: the documents of items that no
    longer exist in that coalition are returned, so that they leave the index."""
    session = object_session(meetings[0])
    ids = [m.id for m in meetings]
    found = set(session.scalars(sa.select(AgendaItem.id).where(AgendaItem.meeting_id.in_(ids))))
    deleted = [m for m in meetings if m in session.deleted]
    if deleted:
        found |= set(
            session.scalars(
                sa.select(SearchDocument.object_id).where(
                    SearchDocument.kind == AGENDA_ITEM,
                    SearchDocument.coalition_id.in_({m.coalition_id for m in deleted}),
                    SearchDocument.object_id.not_in(
                        sa.select(AgendaItem.id).where(
                            AgendaItem.coalition_id.in_({m.coalition_id for m in deleted})
                        )
                    ),
                )
            )
        )
    return found


def reindex_minutes(session, meeting_id: int) -> None:
    """For the minutes' guarded UPDATE, which the session does not see."""
    from coordination.search import indexing

    indexing.reindex_objects(session, MINUTES, [meeting_id])


def register() -> None:
    register_source(
        indexed(
            kind=MEETING,
            label=_l("Meeting"),
            model=Meeting,
            rows=sa.select(
                *columns_of(Meeting, "id coalition_id title starts_at place access_notes")
            ),
            related={
                "speakers": texts_of(
                    GuestInvitation.meeting_id, GuestInvitation.organisation, GuestInvitation.topic
                )
            },
            title=lambda r: meeting_label(r.title, r.starts_at),
            body=lambda r: (r.place, r.access_notes, *r.speakers),
            endpoint="meetings.show",
            url=lambda r: {"meeting_id": r.id},
            watch={GuestInvitation: watch_parent("meeting_id")},
            coalitions=participant_coalitions,
            condition=invited_meetings_only,
            order=60,
        )
    )
    register_source(
        indexed(
            kind=AGENDA_ITEM,
            label=_l("Agenda item"),
            model=AgendaItem,
            rows=sa.select(
                *columns_of(
                    AgendaItem, "id coalition_id meeting_id title topic description urgent"
                ),
                Association.name.label("proposer"),
                Meeting.starts_at,
            )
            .join(Meeting, Meeting.id == AgendaItem.meeting_id)
            .join(Association, Association.id == AgendaItem.proposer_association_id),
            title=lambda r: f"{r.title} — {meeting_day(r.starts_at)}",
            body=lambda r: (r.topic, r.description, "urgent" if r.urgent else "", r.proposer),
            endpoint="meetings.show",
            url=lambda r: {"meeting_id": r.meeting_id, "_anchor": f"item-{r.id}"},
            watch={Meeting: _agenda_of_meetings},
            coalitions=participant_coalitions,
            condition=invited_agenda_items_only,
            order=61,
        )
    )
    register_source(
        indexed(
            kind=MINUTES,
            label=_l("Minutes"),
            model=Meeting,
            rows=sa.select(*columns_of(Meeting, "id coalition_id title starts_at minutes")),
            related={
                "decisions": texts_of(MeetingDecision.meeting_id, MeetingDecision.text),
                "actions": texts_of(ActionItem.meeting_id, ActionItem.what),
            },
            title=lambda r: meeting_label(r.title, r.starts_at),
            body=lambda r: (r.minutes, *r.decisions, *r.actions),
            endpoint="meetings.show",
            url=lambda r: {"meeting_id": r.id, "_anchor": "minutes-h"},
            skip_empty=True,  # nothing written yet: no document
            watch={
                MeetingDecision: watch_parent("meeting_id"),
                ActionItem: watch_parent("meeting_id"),
            },
            order=62,
        )
    )
