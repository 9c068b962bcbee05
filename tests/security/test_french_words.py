"""Plain French, one word per thing: every page of the demo coalition, read by French-
speaking delegates, holds none of the English words the catalogs should have translated
(answers, statuses, labels of the code) nor the jargon a volunteer does not use.

The pages are the security crawl's (tests/security/conftest.get_pages: every GET route
bound to every object of the demo coalition, as the object's owner). Only the text a
person reads is checked: text nodes, and the attributes read aloud or shown (title,
aria-label, placeholder, alt, value of buttons) — not class names nor URLs.
"""

import re
from html.parser import HTMLParser

import pytest
import sqlalchemy as sa

from coordination.accounts.models import User
from coordination.extensions import db as _db
from tests.security.conftest import fetch, get_pages

pytestmark = [pytest.mark.slow, pytest.mark.crawl]

# Words of the code (answers, statuses, kinds) that must never reach a French page, and
# the words the glossary replaces ("coalition" is "collectif"; "Markdown" is "mise en
# forme"; a download is "texte brut").
ENGLISH = (
    "agree",
    "object",
    "abstain",
    "open",
    "pending",
    "kept",
    "broken",
    "overdue",
    "draft",
    "consultation_",
    "adopted",
    "passed",
    "blocked",
    "withdrawn",
    "held",
    "planned",
    "cancelled",
    "to_contact",
    "invited",
    "confirmed",
    "declined",
    "came",
    "done",
    "dropped",
    "yes",
    "maybe",
    "Text of revision",
    "revision",
    "Markdown",
    "coalition",
    "coalitions",
)
WORDS = re.compile(
    r"(?<![\w-])(" + "|".join(re.escape(w) for w in ENGLISH) + r")(?![\w-])"
    # and dates as machines write them (2027-01-14 18:00): people read them in words
    r"|\b\d{4}-\d{2}-\d{2}\b",
    re.I,
)
# The GDPR copy of one's own data shows the stored rows as they are, on purpose.
RAW_DATA_PAGES = ("/profile/my-data",)
SHOWN_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt"}


class _Text(HTMLParser):
    """The text a person reads on a page (or hears from a screen reader)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            if value and (
                name in SHOWN_ATTRIBUTES
                or (name == "value" and tag in ("button", "input") and ("type", "submit") in attrs)
            ):
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def readable_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def english_words(html: str) -> list[str]:
    text = readable_text(html)
    return [text[max(m.start() - 40, 0) : m.end() + 40] for m in WORDS.finditer(text)]


def test_the_detector_reads_text_not_markup():
    page = (
        '<p class="status-adopted" title="adoptée">Réponse — agree</p>'
        '<a href="/c/1/coalition">Collectif</a><script>var draft = 1;</script>'
        "<button>Texte (Markdown)</button>"
    )
    found = english_words(page)
    assert len(found) == 2 and "agree" in found[0] and "Markdown" in found[1]
    assert english_words("<p>Objet : réunion planifiée, objection levée</p>") == []
    assert english_words("<p>Réunion du 2027-01-14 18:00</p>") != []


def test_no_french_page_shows_english_words(world):
    savepoint = world.connection.begin_nested()
    clients, problems, checked = {}, [], 0
    try:
        with world.app.app_context():
            # Every delegate reads French here (the demo has one English-speaking delegate).
            _db.session.execute(sa.update(User).values(locale="fr"))
            _db.session.commit()
            _db.session.remove()
        for url, email in get_pages(world):
            if url.endswith((".pdf", ".ics", ".csv", ".vcf", ".svg", ".txt", ".md")):
                continue  # files: not pages (the PDFs are checked by their own tests)
            if url.startswith(RAW_DATA_PAGES):
                continue
            if email not in clients:
                clients[email] = world.login(email) if email else world.app.test_client()
            response = fetch(clients[email], "GET", url)
            if response.mimetype != "text/html" or response.status_code >= 300:
                continue
            checked += 1
            problems += [f"{url}: …{where}…" for where in english_words(response.text)]
    finally:
        _db.session.remove()
        if savepoint.is_active:
            savepoint.rollback()
    assert checked > 50
    assert not problems, f"{len(problems)} English words on French pages:\n" + "\n".join(
        sorted(set(problems))[:120]
    )
