"""Phones first: every page reachable from the demo home, as a member association's delegate
and as a guest association's, at 360 and 390 px wide, fits the screen (no sideways
scrolling), keeps a one-line header (at most 80 px tall), has tap targets of at least
44 × 44 px in its menus and buttons, and stays clean for axe-core.

The crawl follows same-origin GET links only (forms are not submitted: nothing changes),
skips files (PDF, calendars, exports), and is bounded: at most PER_PATTERN pages per route
shape (`/c/N/meetings/N` counts once whatever N) and MAX_PAGES pages per delegate.
"""

import re
from collections import deque
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError

from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.crawl]

WIDTHS = (360, 390)
HEIGHT = 780
MAX_HEADER = 80
MIN_TARGET = 44
MAX_PAGES = 120
PER_PATTERN = 2
FILES = re.compile(r"(\.(pdf|ics|csv|vcf|txt|md|zip|json|svg|png)|/pdf|/download)$")
DELEGATES = {
    "member": "claire.martin@paniers.example",
    "guest": "julie.moreau@epicerie.example",
}

# What the page measures about itself: the widest point, the header, and the tap targets
# of menus and buttons that are too small (inline links in sentences are exempt).
MEASURE = """() => {
  const header = document.querySelector('.site-header');
  const small = [];
  const targets = document.querySelectorAll(
    '.site-header a, .site-header button, .site-header summary, .sub-nav a, '
    + 'button, .button, input[type=submit]');
  for (const el of targets) {
    const box = el.getBoundingClientRect();
    if (el.checkVisibility && !el.checkVisibility()) continue;  // hidden (closed menu)
    if (box.width === 0 && box.height === 0) continue;
    if (el.closest('.site-footer')) continue;
    if (box.width < MIN - 0.5 || box.height < MIN - 0.5) {
      small.push((el.innerText || el.value || el.outerHTML).trim().slice(0, 40)
                 + ' ' + Math.round(box.width) + 'x' + Math.round(box.height));
    }
  }
  // Targets closer than 8 px to another one (neither inside the other).
  const boxes = [];
  for (const el of targets) {
    const b = el.getBoundingClientRect();
    if (b.width === 0 && b.height === 0) continue;
    if (el.checkVisibility && !el.checkVisibility()) continue;
    if (el.closest('.site-footer') || el.closest('table')) continue;
    boxes.push([el, b]);
  }
  const close = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const [e1, a] = boxes[i], [e2, b] = boxes[j];
      if (e1.contains(e2) || e2.contains(e1)) continue;
      const dx = Math.max(0, Math.max(a.left, b.left) - Math.min(a.right, b.right));
      const dy = Math.max(0, Math.max(a.top, b.top) - Math.min(a.bottom, b.bottom));
      if (dx < 7.5 && dy < 7.5) {
        close.push((e1.innerText || e1.value || '').trim().slice(0, 25) + ' / '
                   + (e2.innerText || e2.value || '').trim().slice(0, 25));
      }
    }
  }
  return {
    close: close,
    scrollWidth: document.documentElement.scrollWidth,
    header: header ? header.getBoundingClientRect().height : 0,
    small: small,
    links: Array.from(document.querySelectorAll('a[href]'))
      .filter(a => !a.hasAttribute('download'))
      .map(a => a.href),
  };
}""".replace("MIN", str(MIN_TARGET))


def pattern(path: str) -> str:
    return re.sub(r"/\d+", "/N", path)


def crawl(page, base: str) -> list[str]:
    """Every same-origin page reachable from the home by links, within the bounds."""
    origin = urlsplit(base).netloc
    seen, per_pattern, found = set(), {}, []
    queue = deque(["/", "/search?q=cpam"])
    while queue and len(found) < MAX_PAGES:
        url = urldefrag(urljoin(base + "/", queue.popleft()))[0]
        parts = urlsplit(url)
        if parts.netloc != origin or url in seen or FILES.search(parts.path):
            continue
        seen.add(url)
        if parts.path.startswith("/static/") or parts.path in ("/login", "/logout"):
            continue
        shape = pattern(parts.path) + ("?" if parts.query else "")
        if per_pattern.get(shape, 0) >= PER_PATTERN:
            continue
        try:
            response = page.goto(url)
        except PlaywrightError as error:  # a file sent as a download
            if "Download is starting" in str(error):
                continue
            raise
        if response is None or "text/html" not in response.headers.get("content-type", ""):
            continue
        if "/login" in page.url:
            continue
        per_pattern[shape] = per_pattern.get(shape, 0) + 1
        found.append(url)
        for link in page.evaluate(MEASURE)["links"]:
            queue.append(link)
    return found


@pytest.mark.parametrize("who", sorted(DELEGATES))
def test_every_page_fits_a_phone(browser, live_server, axe, who, record_property):
    context = browser.new_context(
        base_url=live_server.url,
        locale="fr-FR",
        viewport={"width": WIDTHS[-1], "height": HEIGHT},
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        login(page, DELEGATES[who])
        pages = crawl(page, live_server.url)
        assert len(pages) >= (20 if who == "member" else 5), pages
        problems, widest, tallest = [], 0, 0
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": HEIGHT})
            for url in pages:
                page.goto(url)
                seen = page.evaluate(MEASURE)
                widest = max(widest, seen["scrollWidth"])
                tallest = max(tallest, seen["header"])
                path = url.removeprefix(live_server.url)
                if seen["scrollWidth"] > width:
                    problems.append(f"{width}px {path}: {seen['scrollWidth']}px wide")
                if seen["header"] > MAX_HEADER:
                    problems.append(f"{width}px {path}: header {seen['header']:.0f}px tall")
                if seen["small"]:
                    problems.append(f"{width}px {path}: small targets {seen['small'][:6]}")
                if seen["close"]:
                    problems.append(f"{width}px {path}: targets too close {seen['close'][:4]}")
                if width == WIDTHS[0]:
                    violations = [
                        (v["id"], [n["target"] for n in v["nodes"]][:2])
                        for v in axe.run(page).response["violations"]
                        if v.get("impact") in ("serious", "critical")
                    ]
                    if violations:
                        problems.append(f"{width}px {path}: axe {violations}")
        record_property("pages", len(pages))
        record_property("widest", widest)
        record_property("tallest_header", tallest)
        print(f"\n{who}: {len(pages)} pages, widest {widest}px, header {tallest:.0f}px")
        assert not problems, "\n".join(problems)
        assert not errors, f"JavaScript errors: {errors}"
    finally:
        context.close()


def test_the_menu_opens_with_the_keyboard_and_reaches_the_coalition(browser, live_server):
    """On a phone the menu is one button; Enter opens it; the coalition's own sections are
    one tap away on its pages; at 1280 px the menu is shown without a button."""
    context = browser.new_context(
        base_url=live_server.url, locale="fr-FR", viewport={"width": 360, "height": HEIGHT}
    )
    page = context.new_page()
    try:
        login(page, DELEGATES["member"])
        menu = page.locator(".site-header details.menu")
        nav = page.get_by_role("navigation", name="Menu principal")
        assert not nav.is_visible()
        page.locator(".site-header summary").focus()
        page.keyboard.press("Enter")
        assert menu.get_attribute("open") is not None
        assert nav.get_by_role("link", name="Mon profil").is_visible()
        page.keyboard.press("Enter")  # closes again
        assert not nav.is_visible()

        page.get_by_role("link", name="Concertation solidaire de Brie-et-Marne").first.click()
        sections = page.get_by_role("navigation", name="Rubriques du collectif")
        assert sections.get_by_role("link", name="Annuaire").is_visible()
        sections.get_by_role("link", name="Annuaire").click()
        assert "/directory" in page.url

        page.set_viewport_size({"width": 1280, "height": 900})
        assert nav.get_by_role("link", name="Mon profil").is_visible()
        assert not page.locator(".site-header summary").is_visible()
    finally:
        context.close()
