"""The per-request translation shortcuts follow the language of the moment: a page in
French, an e-mail forced to English within the same request, dates and labels alike."""

from datetime import UTC, datetime

from flask import render_template_string
from flask_babel import force_locale

from coordination.coalitions.transparency import action_label
from coordination.consent.service import kind_label
from coordination.web.i18n import formatted


def test_labels_dates_and_template_strings_switch_with_the_locale(app):
    moment = datetime(2026, 12, 3, 9, 30, tzinfo=UTC)
    template = "{{ _('Home') }} {{ ngettext('%(num)d unread', '%(num)d unread', 2) }}"
    with app.test_request_context("/"):
        french = (kind_label("coalition.remove"), formatted("date", moment, "long"))
        assert render_template_string(template) == "Accueil 2 non lues"
        with force_locale("en"):
            english = (kind_label("coalition.remove"), formatted("date", moment, "long"))
            assert render_template_string(template) == "Home 2 unread"
            assert action_label("no.such.action") == "no.such.action"
        assert kind_label("coalition.remove") == french[0]
    assert french[1] == "3 décembre 2026"
    assert english[1] == "December 3, 2026"
    assert french[0] != english[0]
