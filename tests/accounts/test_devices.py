"""Sessions are described in words, from ua-parser's reading of the user-agent."""

import pytest
from flask_babel import force_locale

from coordination.accounts.devices import describe_device

FIREFOX_ANDROID = "Mozilla/5.0 (Android 14; Mobile; rv:128.0) Gecko/128.0 Firefox/128.0"
CHROME_LINUX = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Safari/537.36"
)
SAFARI_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1"
)


@pytest.mark.parametrize(
    ("user_agent", "french"),
    [
        (FIREFOX_ANDROID, "Firefox sur Android"),
        (CHROME_LINUX, "Chrome sur Linux"),
        (SAFARI_IPHONE, "Safari sur iOS"),
        ("", "Appareil inconnu"),
        ("Mozilla/5.0 (compatible; nothing known)", "Appareil inconnu"),
    ],
)
def test_devices_in_french_words(app, user_agent, french):
    with app.test_request_context(), force_locale("fr"):
        assert describe_device(user_agent) == french


def test_devices_in_english(app):
    with app.test_request_context(), force_locale("en"):
        assert describe_device(FIREFOX_ANDROID) == "Firefox on Android"


def test_profile_lists_the_session_in_words(app, make):
    from tests.conftest import login

    user = make.delegate()
    client = app.test_client()
    client.environ_base["HTTP_USER_AGENT"] = FIREFOX_ANDROID
    page = login(client, user).get("/profile").get_data(as_text=True)
    assert "Firefox sur Android" in page
    assert "Mozilla/5.0" not in page
