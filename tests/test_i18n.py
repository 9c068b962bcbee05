"""French is the default and must be complete: every string shown to users is translated."""

import re
import subprocess
import sys

import pytest
from babel.messages.pofile import read_po

from coordination import i18n


def test_every_french_catalog_is_complete():
    assert i18n.missing() == {}


def french_strings():
    """Every French translation of every feature's catalog (each form of a plural)."""
    for directory, _sources in i18n.catalogs():
        po = directory / "fr" / "LC_MESSAGES" / "messages.po"
        if not po.exists():
            continue
        with po.open("rb") as f:
            for message in read_po(f):
                strings = message.string if isinstance(message.string, tuple) else (message.string,)
                yield from (text for text in strings if text)


def test_french_uses_the_typographic_apostrophe():
    """French typography, as the rest of the interface writes it: « l’ordre du jour », not
    « l'ordre du jour » (a straight quote between two letters in a French translation)."""
    assert [text for text in french_strings() if re.search(r"\w'\w", text)] == []


@pytest.mark.slow  # one Babel extraction per feature: about a minute (the check above: 0.5 s)
def test_every_string_in_the_code_is_in_a_catalog(tmp_path):
    for directory, sources in i18n.catalogs():
        pot = tmp_path / "messages.pot"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "babel.messages.frontend",
                "extract",
                "-F",
                str(i18n.BABEL_CFG),
                "-k",
                "_l",
                "--no-location",
                "-o",
                str(pot),
                *[str(s) for s in sources if s.exists()],
            ],
            check=True,
            capture_output=True,
        )
        with pot.open("rb") as f:
            wanted = {m.id for m in read_po(f) if m.id}
        po = directory / "fr" / "LC_MESSAGES" / "messages.po"
        if not wanted:
            continue
        assert po.exists(), f"no French catalog in {directory}"
        with po.open("rb") as f:
            have = {m.id for m in read_po(f) if m.id}
        missing = wanted - have
        assert not missing, (
            f"{po}: strings not in the catalog (make catalogs): {sorted(missing, key=str)[:10]}"
        )


def test_english_is_available(client):
    page = client.get("/login", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Se connecter" in page  # French stays the default whatever the browser says
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    client.post("/language", data={"locale": "en", "csrf_token": token, "next": "/login"})
    assert "Log in" in client.get("/login").get_data(as_text=True)
