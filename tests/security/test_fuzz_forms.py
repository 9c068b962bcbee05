"""Property-based fuzzing of every form (hypothesis): for each route accepting POST, the
richest form posting to it found on A's pages is submitted with random Unicode, 100 kB
strings, XSS payloads, malformed dates and numbers, wrong choices and missing fields.

- never a 500;
- a refusal answers 200/400 (409 for an edit conflict) with a French message (an
  element of class "error", "error-summary" or "flash-error" whose text comes from the
  French catalogs) and the rest of the input kept: every text typed is back in its field;
- a refusal by redirect must not throw typed text away;
- no answer carries injected code (tests/security/xss.py `scan`): the messages that quote
  what was typed escape it.

Hypothesis draws compact "recipes" (e.g. ("huge", "é")) turned into values here, so a
falsifying example prints short. Examples are derandomised (stable in CI), not shrunk (the
suite stays fast), few per route.
"""

from __future__ import annotations

import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from coordination.extensions import db
from tests.security import harness, xss
from tests.security.conftest import fetch, form_for
from tests.security.xss_payloads import PAYLOADS

POSTS = harness.collected_rules(lambda r: "POST" in r.methods)
EXAMPLES = 15  # per form with fields a person fills in
BUTTON_EXAMPLES = 5  # per button-only form (hidden fields, a confirm button)
HUGE = 100_000  # bytes

ERROR_CLASSES = ("error", "error-summary", "flash-error")  # where messages are shown
# Field kinds whose typed value must come back when the form is refused (not passwords).
KEPT_KINDS = {"text", "search", "email", "url", "tel", "textarea", "number"} | harness.DATE_TYPES

# Known bugs: endpoint -> (reason, what the failure message must contain). Their test is
# xfail(strict): it must fail, and for that reason (another failure is reported as such).
KNOWN_FAILURES: dict[str, tuple[str, str]] = {}


class KnownBug(AssertionError):
    """The failure a KNOWN_FAILURES entry describes."""


# --------------------------------------------------------------------------------------------
# Strategies: recipes, then values
# --------------------------------------------------------------------------------------------

_unicode = st.text(st.characters(codec="utf-8"), max_size=40)
_payload = st.integers(0, len(PAYLOADS) - 1).map(lambda i: ("payload", i))
_huge = st.sampled_from(["a", "é", "€", "𝔘", "<", " ", "\n"]).map(lambda c: ("huge", c))
_special = st.sampled_from(["", "   ", "\t\n", "\u200b", "\u202e", "\x00", "NULL", "None"])
# Weighted: a 100 kB value in one field in ten (every field gets one in a fixed probe).
_text = st.one_of(
    *[_unicode.map(lambda s: ("text", s))] * 4,
    *[_payload] * 3,
    *[_special.map(lambda s: ("text", s))] * 2,
    _huge,
)
_bad_numbers = [
    "", "abc", "1e309", "NaN", "-0", "1.5", "0x10", "٣", "９", "-1", "0",
    "99999999999999999999999", "1,5", " 12 ", "+7", "inf",
]  # fmt: skip
_bad_dates = [
    "", "2024-02-30", "31/12/2024", "0000-00-00", "9999-99-99", "demain", "2024-13-01",
    "99999-01-01", "2024-1-1", "1900-01-01", "2024-06-15T25:61", "2024-06-15 18:00",
    "0001-01-01T00:00", "24:00", "12:60", "-1", "2024-06-15T18:00:00Z",
]  # fmt: skip
_number = st.one_of(
    st.integers(-(10**12), 10**12).map(lambda i: ("text", str(i))),
    st.sampled_from(_bad_numbers).map(lambda s: ("text", s)),
    _unicode.map(lambda s: ("text", s[:10])),
)
_date = st.one_of(
    st.dates().map(lambda d: ("text", d.isoformat())),
    st.datetimes().map(lambda d: ("text", d.strftime("%Y-%m-%dT%H:%M"))),
    st.sampled_from(_bad_dates).map(lambda s: ("text", s)),
    _unicode.map(lambda s: ("text", s[:16])),
)
_wrong_choice = st.sampled_from(["", "-1", "0", "999999", "abc", "1 OR 1=1", "é"]).map(
    lambda s: ("text", s)
)
_missing = st.just(("missing",))


def field_strategy(field: harness.Field):
    if field.kind == "select":
        valid = st.sampled_from([v for v, _sel in field.options] or [""]).map(lambda v: ("text", v))
        one = st.one_of(valid, valid, _wrong_choice, _unicode.map(lambda s: ("text", s)))
        if field.multiple:
            return st.one_of(_missing, st.lists(one, max_size=3).map(lambda xs: ("many", xs)))
        return st.one_of(_missing, one)
    if field.kind in ("checkbox", "radio"):
        return st.one_of(_missing, st.just(("text", field.value or "y")), _wrong_choice, _huge)
    if field.kind == "hidden":
        return st.one_of(st.just(("keep",)), st.just(("keep",)), _missing, _text)
    if field.kind == "file":
        return st.one_of(
            _missing,
            st.binary(max_size=2000).map(lambda b: ("file", b)),
            _huge.map(lambda r: ("file", r[1].encode() * (HUGE // len(r[1].encode())))),
            _payload.map(
                lambda r: ("file", f"institution;nom\n{PAYLOADS[r[1]].text};x\n".encode())
            ),
        )
    if field.kind == "number":
        return st.one_of(_missing, _number, _text)
    if field.kind in harness.DATE_TYPES:
        return st.one_of(_missing, _date, _text)
    return st.one_of(_missing, _text, _text)


def form_strategy(form: harness.Form):
    names = []
    for field in form.fields:
        if field.name == "csrf_token" or field.name in [n for n, _f in names]:
            continue
        names.append((field.name, field))
    return st.fixed_dictionaries({name: field_strategy(f) for name, f in names})


def realise(recipe, field: harness.Field):
    kind = recipe[0]
    if kind == "missing":
        return []
    if kind == "keep":
        return [field.value]
    if kind == "text":
        return [recipe[1]]
    if kind == "payload":
        return [PAYLOADS[recipe[1]].text]
    if kind == "huge":
        return [recipe[1] * (HUGE // len(recipe[1].encode()))]
    if kind == "values":
        return list(recipe[1])
    if kind == "many":
        return [v for r in recipe[1] for v in realise(r, field)]
    if kind == "file":
        import io

        return [(io.BytesIO(recipe[1]), "fuzz.csv")]
    raise AssertionError(recipe)


def submission(form: harness.Form, recipes: dict, token: str) -> list[tuple]:
    fields = {f.name: f for f in form.fields}
    data = [("csrf_token", token)]
    for name, recipe in recipes.items():
        data += [(name, v) for v in realise(recipe, fields[name])]
    if form.buttons:
        data.append(form.buttons[0])
    return data


# --------------------------------------------------------------------------------------------
# Reading the answer: error messages and the fields shown again
# --------------------------------------------------------------------------------------------


class _Errors(HTMLParser):
    """Texts of the elements whose class marks an error."""

    VOID = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[bool] = []
        self.texts: list[str] = []
        self.current: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        classes = (dict(attrs).get("class") or "").split()
        opens = self.current is None and any(c in ERROR_CLASSES for c in classes)
        if opens:
            self.current = []
        self.stack.append(opens)

    def handle_endtag(self, tag):
        if tag in self.VOID or not self.stack:
            return
        if self.stack.pop() and self.current is not None:
            self.texts.append(" ".join("".join(self.current).split()))
            self.current = None

    def handle_data(self, data):
        if self.current is not None:
            self.current.append(data)


def error_texts(html: str) -> list[str]:
    parser = _Errors()
    parser.feed(html)
    return [t for t in parser.texts if t]


_PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")


def _pattern(message: str) -> re.Pattern:
    """The message as a regular expression, its placeholders matching what was put in."""
    parts = [re.escape(p) for p in _PLACEHOLDER.split(_normal(message))]
    regex = parts[0]
    for i, part in enumerate(parts[1:], 1):
        last = i == len(parts) - 1 and not part  # a placeholder ending the message
        regex += (".+" if last else ".+?") + part
    return re.compile(regex, re.DOTALL)


def _normal(text: str) -> str:
    return " ".join(text.replace("’", "'").replace("\u202f", " ").replace("\xa0", " ").split())


@cache
def catalogs() -> tuple[list[re.Pattern], list[re.Pattern]]:
    """(French messages, English msgids whose French differs) of the app and of WTForms."""
    import wtforms
    from babel.messages.pofile import read_po

    root = Path(__file__).resolve().parents[2] / "coordination"
    files = list(root.glob("**/translations/fr/LC_MESSAGES/messages.po"))
    files.append(Path(wtforms.__file__).parent / "locale/fr/LC_MESSAGES/wtforms.po")
    french, english = [], []
    for path in files:
        with path.open("rb") as handle:
            catalog = read_po(handle)
        for message in catalog:
            if not message.id or not message.string:
                continue
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            french += [_pattern(s) for s in strings if s]
            english += [
                _pattern(i) for i in ids if len(i) >= 12 and _normal(i) not in map(_normal, strings)
            ]
    return french, english


def is_french(text: str) -> bool:
    """No English message of the catalogs in it, and French catalog messages cover most of
    it (several messages may be shown together; a short French word is not enough)."""
    french, english = catalogs()
    text = _normal(text)
    if not text or any(p.search(text) for p in english):
        return False
    covered = [False] * len(text)
    for pattern in french:
        for match in pattern.finditer(text):
            covered[match.start() : match.end()] = [True] * (match.end() - match.start())
    letters = [c for c, hit in zip(text, covered, strict=True) if c.isalpha()]
    hits = [hit for c, hit in zip(text, covered, strict=True) if c.isalpha()]
    return bool(letters) and sum(hits) >= 0.8 * len(letters)


def shown_values(html: str, page: str, action: str) -> dict[str, list[str]]:
    """name -> values of the fields of the forms posting to `action` in the page."""
    values: dict[str, list[str]] = {}
    for form in harness.parse_forms(page, html):
        if form.action.split("?")[0] != action.split("?")[0]:
            continue
        for f in form.fields:
            values.setdefault(f.name, []).append(f.value)
    return values


_CONTROLS = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")


def _comparable(text: str) -> str:
    """A value as it may come back: line breaks normalised, control characters dropped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROLS.sub("", text).strip()


# --------------------------------------------------------------------------------------------
# The test
# --------------------------------------------------------------------------------------------


def _params(known: dict):
    out = []
    for rule in POSTS:
        marks = []
        if rule.endpoint in known:
            reason = known[rule.endpoint][0]
            marks.append(pytest.mark.xfail(strict=True, raises=KnownBug, reason=reason))
        out.append(pytest.param(rule, marks=marks, id=harness.rule_id(rule)))
    return out


def _fresh_token(client, *pages) -> str:
    """A CSRF token of the client's current session (it changes when a fuzzed form logs in
    or out, e.g. accepting an invitation)."""
    for page in (*pages, "/", "/login"):
        response = client.get(page, follow_redirects=True)
        token = harness.csrf_token_of(response.get_data(as_text=True))
        if token:
            return token
    raise AssertionError("no CSRF token anywhere")


def _is_csrf_refusal(app, response) -> bool:
    from tests.security.test_csrf import _is_csrf_refusal as refused

    return refused(app, response)


def _heading(html: str) -> str:
    match = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    return re.sub(r"<[^>]+>", "", match.group(1)) if match else ""


def probes(form: harness.Form) -> list[dict]:
    """Fixed submissions tried on every form besides the random ones: blank text
    (whitespace only), every field missing, 100 kB in every field, all payloads."""
    names = {f.name: f for f in form.fields if f.name != "csrf_token"}
    typed = [n for n, f in names.items() if f.kind in KEPT_KINDS]
    keep = {n: ("keep",) for n in names}
    out = [
        {**keep, **{n: ("text", "   ") for n in typed}},
        {n: ("missing",) for n in names},
        {**keep, **{n: ("huge", "é") for n in names if names[n].kind not in ("hidden", "file")}},
        {**keep, **{n: ("payload", i % len(PAYLOADS)) for i, n in enumerate(typed)}},
    ]
    return out if typed else out[1:3]


def nul_probe(form: harness.Form) -> dict:
    """A plausible submission with a NUL character in every text (in every hidden value
    when the form has no text to type)."""
    names = {f.name: f for f in form.fields if f.name != "csrf_token"}
    recipes: dict = {n: ("missing",) for n in names}
    for name, value in form.defaults():
        if name not in names:
            continue
        if isinstance(value, tuple):
            recipes[name] = ("file", harness.PLAUSIBLE_FILE)
        else:
            previous = recipes[name][1] if recipes[name][0] == "values" else ()
            recipes[name] = ("values", (*previous, value))
    texts = [n for n, f in names.items() if f.kind in ("text", "textarea", "search")]
    for name in texts or [n for n, f in names.items() if f.kind == "hidden"]:
        recipes[name] = ("text", "avant\x00après")
    return recipes


class Fuzzer:
    """Submits recipes to one form as the delegate who saw it, and checks each answer."""

    def __init__(self, world, site_forms, rule):
        self.world = world
        found = form_for(site_forms, rule, richest=True)
        assert found, (
            f"no page of coalition A shows a form posting to {rule.rule}: make build_world "
            "(tests/security/conftest.py) hold the state that shows it"
        )
        self.found, self.form = found, found.form
        # A form protected by a secret token in a field (harness.FORM_TOKENS) refuses a
        # tampered or missing token with its own French page, 403.
        self.token_refusal = 403 if rule.endpoint in harness.FORM_TOKENS else None
        app = world.app
        self.client = world.login(found.email) if found.email else app.test_client()
        self.token = _fresh_token(self.client, self.form.page)
        self.fields = {f.name: f for f in self.form.fields}

    def check(self, recipes):
        """One submission, in its own savepoint: each example starts from the same state."""
        savepoint = self.world.connection.begin_nested()
        try:
            self._check(recipes)
        finally:
            db.session.remove()
            if savepoint.is_active:
                savepoint.rollback()

    def _post(self, recipes):
        with self.client.session_transaction() as session:
            session.pop("locale", None)  # a fuzzed language form may have chosen English
        data = submission(self.form, recipes, self.token)
        response = fetch(self.client, "POST", self.found.url, data)
        if _is_csrf_refusal(self.world.app, response):
            # The session changed (a fuzzed form logged in or out): a new token.
            self.token = _fresh_token(self.client, self.form.page)
            data = submission(self.form, recipes, self.token)
            response = fetch(self.client, "POST", self.found.url, data)
        return response

    def _check(self, recipes):
        client, fields, url = self.client, self.fields, self.found.url
        response = self._post(recipes)
        status = response.status_code
        where = f"POST {url} with {recipes!r}"[:1500]
        allowed = (200, 302, 303, 400, 404, 409, 413, 429, self.token_refusal)
        assert status in allowed, f"{where} answered {status}"
        if status == self.token_refusal:
            page = response.get_data(as_text=True)
            assert is_french(_heading(page)), f"{where}: token refusal not in French"
            return
        typed = {}
        for name, recipe in recipes.items():
            values = realise(recipe, fields[name])
            if fields[name].kind in KEPT_KINDS and values and _comparable(values[0]):
                typed[name] = values[0]
        if response.mimetype == "text/html":
            injected = xss.scan(response.get_data(as_text=True))
            assert not injected, f"{where}: the answer carries injected code: {injected[:3]}"
        if status in (302, 303):
            after = fetch(client, "GET", response.location)
            injected = xss.scan(after.get_data(as_text=True))
            assert not injected, f"{where}: the next page carries injected code: {injected[:3]}"
            flashed = error_texts(after.get_data(as_text=True))
            problems = [t for t in flashed if not is_french(t)]
            assert not problems, f"{where}: messages not in French: {problems}"
            assert not (flashed and typed), (
                f"{where} was refused by a redirect ({flashed[:2]}): the text typed in "
                f"{sorted(typed)} is lost"
            )
            return
        if status not in (200, 400, 409, 429):
            return
        html = response.get_data(as_text=True)
        errors = error_texts(html)
        if status == 200 and not errors:
            return  # accepted and shown (a preview, a result page)
        if not errors and not typed:
            # A value no one can type (a hidden field, a fixed choice) was tampered with:
            # the French error page is the right answer.
            assert is_french(_heading(html)), f"{where}: error page not in French"
            return
        assert errors, f"{where} was refused ({status}) without any error message"
        not_french = [t for t in errors if not is_french(t)]
        assert not not_french, f"{where}: messages not in French: {not_french}"
        shown = shown_values(html, self.form.page, url)
        lost = []
        for name, value in typed.items():
            again = [_comparable(v) for v in shown.get(name, [])]
            if _comparable(value) not in again:
                lost.append(
                    f"{name}={_comparable(value)[:60]!r} shown as {[v[:60] for v in again]}"
                )
        assert not lost, f"{where} was refused, and lost what was typed: {lost}"


@pytest.mark.parametrize("rule", _params(KNOWN_FAILURES))
def test_form_survives_fuzzing(sec, site_forms, rule):
    try:
        _fuzz(sec, site_forms, rule)
    except AssertionError as error:
        evidence = KNOWN_FAILURES.get(rule.endpoint, ("", None))[1]
        if evidence and evidence in str(error):
            raise KnownBug(str(error)) from error
        raise


def _fuzz(sec, site_forms, rule):
    fuzzer = Fuzzer(sec, site_forms, rule)
    for recipes in probes(fuzzer.form):
        fuzzer.check(recipes)

    @settings(
        max_examples=EXAMPLES if fuzzer.form.user_fields else BUTTON_EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=(Phase.explicit, Phase.generate),
        suppress_health_check=list(HealthCheck),
    )
    @given(form_strategy(fuzzer.form))
    def fuzz(recipes):
        fuzzer.check(recipes)

    fuzz()


@pytest.mark.parametrize("rule", _params({}))
def test_text_with_a_nul_character(sec, site_forms, rule):
    """A NUL character (pasted, or sent on purpose) is dropped, refused or stored, never a
    500: PostgreSQL text columns cannot hold it (run this suite on PostgreSQL too)."""
    fuzzer = Fuzzer(sec, site_forms, rule)
    fuzzer.check(nul_probe(fuzzer.form))
