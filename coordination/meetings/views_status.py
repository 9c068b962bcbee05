"""Marking a meeting held and cancelling it: consequential changes every association sees
at once, so each goes through its confirmation page (coordination/web/confirm.py: GET
shows what will happen, POST does it)."""

from flask import url_for
from flask_babel import gettext as _
from flask_login import current_user

from coordination.meetings import operations
from coordination.meetings.forms import CsrfForm
from coordination.meetings.models import CANCELLED, HELD, PLANNED
from coordination.meetings.views import meeting_route
from coordination.web.confirm import Confirmation, confirm_then
from coordination.web.filters import day_and_time


def _when(meeting) -> str:
    return day_and_time(meeting.starts_at) or _("date to be chosen")


def _meeting_url(meeting) -> str:
    return url_for("meetings.show", coalition_id=meeting.coalition_id, meeting_id=meeting.id)


def _not_planned(meeting):
    return None if meeting.status == PLANNED else _("This meeting is no longer planned.")


def _held_texts(meeting) -> dict:
    return {
        "title": _("Mark the meeting of %(date)s as held?", date=_when(meeting)),
        "happens": [
            _("The meeting moves to the earlier meetings, for every association."),
            _("Its agenda closes: no item can be proposed or added any more."),
            _("The minutes, decisions and action items can still be written."),
        ],
        "button": _("Mark the meeting as held"),
        "refusal": operations.held_refusal(meeting),
    }


def _cancel_texts(meeting) -> dict:
    return {
        "title": _("Cancel the meeting of %(date)s?", date=_when(meeting)),
        "happens": [
            _("Every association sees the meeting as cancelled; its reminders stop."),
            _("Its agenda closes: no item can be proposed any more."),
            _(
                "The rotation no longer counts it: its host, facilitator and note-taker "
                "keep their turn for the next meeting."
            ),
        ],
        "button": _("Cancel the meeting"),
        "danger": True,
    }


# The URL's last word -> (the status it sets, the texts of its confirmation page).
CHANGES = {"held": (HELD, _held_texts), "cancel": (CANCELLED, _cancel_texts)}


@meeting_route("/<any(held, cancel):change>", methods=["GET", "POST"], allow_guest=False)
def change_status(coalition, meeting, change):
    """Mark the meeting held (then plan the next one) or cancel it, after the confirmation
    page."""
    status, texts = CHANGES[change]
    page = texts(meeting)
    page["happens"].append(_("The change is written in the collective's history."))
    page["refusal"] = _not_planned(meeting) or page.get("refusal")
    confirmation = Confirmation(
        undo=_("If it is a mistake, “Set back to planned” on the meeting's page undoes it."),
        back=_meeting_url(meeting),
        **page,
    )
    if status == HELD:
        done = _(
            "The meeting is marked as held. Here is the next meeting the rotation proposes: "
            "check it and save."
        )
        then = url_for("meetings.new", coalition_id=coalition.id)
    else:
        done, then = _("The meeting is cancelled."), _meeting_url(meeting)
    return confirm_then(
        confirmation,
        CsrfForm(),
        operations.set_status,
        meeting,
        status,
        current_user,
        done=done,
        then=then,
    )
