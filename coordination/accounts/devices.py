"""A session's device in words ("Firefox sur Android") rather than a raw user-agent string.

The parsing is ua-parser's (the maintained uap-core rules); only the wording is ours.
"""

from functools import lru_cache

from flask_babel import gettext as _
from ua_parser import parse

# Names the parser gives that a volunteer would not say.
_BROWSERS = {
    "Chrome Mobile": "Chrome",
    "Chrome Mobile iOS": "Chrome",
    "Chrome Mobile WebView": "Chrome",
    "Firefox Mobile": "Firefox",
    "Firefox iOS": "Firefox",
    "Mobile Safari": "Safari",
    "Mobile Safari UI/WKWebView": "Safari",
    "Samsung Internet": "Samsung Internet",
    "Edge Mobile": "Edge",
}
_SYSTEMS = {"Mac OS X": "macOS", "Windows": "Windows", "Ubuntu": "Linux"}


@lru_cache(maxsize=512)
def _names(user_agent: str) -> tuple[str | None, str | None]:
    result = parse(user_agent[:500])
    browser = result.user_agent.family if result.user_agent else None
    system = result.os.family if result.os else None
    if browser == "Other":
        browser = None
    if system == "Other":
        system = None
    return _BROWSERS.get(browser, browser), _SYSTEMS.get(system, system)


def describe_device(user_agent: str | None) -> str:
    """'Firefox sur Android', 'Chrome sur Linux', 'Safari', or 'Appareil inconnu'."""
    browser, system = _names(user_agent or "")
    if browser and system:
        return _("%(browser)s on %(system)s", browser=browser, system=system)
    if browser or system:
        return browser or system
    return _("Unknown device")
