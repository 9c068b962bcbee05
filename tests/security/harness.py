"""The generic machinery of the security suite: it reads the app's URL map and models at run
time, so that routes, forms and text columns added later are covered without editing tests.

What it cannot work out by itself is declared in the explicit mappings below. When the
suite meets something new it does not understand (a URL parameter, a token route, a POST
route without a form), it FAILS with a message naming the mapping to extend — it never
skips silently.

- `rules(app)`: every URL rule except static files.
- URL parameters name the table they point to: `<table>_id` by convention, exceptions in
  `PARAM_TABLES`; string parameters with fixed values in `STRING_PARAMS`; secret-token
  parameters in `TOKEN_ROUTES` (a function making a valid token in the test world).
- `bindings(rule, coalition_id)`: the values of a rule's parameters for every object of a
  coalition (consistent tuples: an agenda item comes with its own meeting).
- `parse_forms(html)`: the POST forms of a page (fields, options, defaults), used to build
  plausible submissions and to fuzz them.
"""

from __future__ import annotations

import html as html_lib
import io
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import sqlalchemy as sa
from werkzeug.exceptions import HTTPException
from werkzeug.routing import Rule

from coordination.extensions import db

# --------------------------------------------------------------------------------------------
# Explicit mappings (extend them when the suite tells you to)
# --------------------------------------------------------------------------------------------

HERE = "tests/security/harness.py"

# Endpoints anyone may open without logging in. Keep this list small and justified.
PUBLIC_ENDPOINTS = {
    "accounts.login": "the login page",
    "accounts.login_code": "the code step of a login (only after a right password: else to /login)",
    "accounts.forgotten_password": "asking for a password reset link",
    "accounts.reset_password": "the reset link sent by e-mail (secret token)",
    "accounts.accept_invitation": "the invitation link sent by e-mail (secret token)",
    "accounts.set_language": "switching the interface language before logging in",
    "statements.public": "read-only public link of an adopted statement (secret token)",
    "notifications.unsubscribe": "one-click unsubscribe link from an e-mail (signed token)",
    "meetings.private_feed": "calendar feed for calendar applications (secret token)",
    "answers.reply": "the answer page an e-mail's link opens, without logging in (secret token)",
    "answers.confirm": "confirming that answer (the link's secret token in the form)",
}

# POST endpoints deliberately exempt from CSRF checks, with the reason.
CSRF_EXEMPT = {
    "notifications.unsubscribe": "RFC 8058 one-click unsubscribe: the signed token is the proof",
    "answers.confirm": "answer from an e-mail's link: the link's token in the form is the proof",
}

# POST endpoints protected by a secret token in a form field instead of the session's CSRF
# token (they are in CSRF_EXEMPT too): endpoint -> (form field, TOKEN_ROUTES key of the page
# showing the form). The CSRF test checks that a missing or wrong token in that field is
# refused and writes nothing, and that the page's own token works without a CSRF token; the
# outsider test leaves them to test_token_routes_open_nothing_of_another_coalition (the
# token, not the login, is the authorisation).
FORM_TOKENS = {
    "answers.confirm": ("token", "answer_link"),
}

# URL parameter -> (table, column) when the name does not follow `<table>_id` -> (table, id).
PARAM_TABLES = {
    "action_id": ("action_item", "id"),
    "item_id": ("agenda_item", "id"),
    "import_id": ("contact_import", "id"),
    "exception_id": ("opening_exception", "id"),
    "invitation_id": ("guest_invitation", "id"),
    "comment_id": ("statement_comment", "id"),
    "number": ("statement_revision", "number"),
    "synonym_id": ("search_synonym", "id"),
    # The object an answer link is about (a decision, a statement, a poll, a meeting, by its
    # kind): the links of the coalition give the ids, the kinds come from STRING_PARAMS.
    "object_id": ("answer_link", "object_id"),
}

# (endpoint, parameter) -> the values a string parameter takes.
STRING_PARAMS = {
    ("statements.comment_state", "action"): ("resolve", "reopen"),
    ("answers.reply", "kind"): ("decision", "signoff", "poll", "attendance"),
    ("answers.confirm", "kind"): ("decision", "signoff", "poll", "attendance"),
    ("meetings.change_status", "change"): ("held", "cancel"),
    ("campaigns.button", "what"): ("join", "leave", "suspend", "resume"),
    ("campaigns.new_step", "kind"): ("negotiation", "action"),
    ("campaigns.propose", "proposal"): ("launch", "close"),
}

# Routes whose parameters are not found together on the table of one of them: the table
# whose rows give consistent tuples (it must hold a column named like each parameter).
ANCHORS = {
    "meetings.uninvite_association": "meeting_guest",
    "coalitions.propose_removal": "membership",
    "campaigns.remove_target": "campaign_target",
}


# Tables without a coalition_id column: how to find the rows belonging to a coalition.
def _members_of(coalition_id):
    m = db.metadata.tables["membership"]
    return sa.select(m.c.association_id).where(m.c.coalition_id == coalition_id)


COALITION_SCOPES = {
    "association": lambda t, cid: t.c.id.in_(_members_of(cid)),
    "user": lambda t, cid: t.c.association_id.in_(_members_of(cid)),
}

# Endpoints with a secret-token parameter: the world fixture stores a valid token for each
# under this key (see conftest.build_world); the outsider test does not apply to them (the
# token itself is the authorisation).
TOKEN_ROUTES = {
    "accounts.reset_password": "reset",
    "accounts.accept_invitation": "invite",
    "statements.public": "public_statement",
    "notifications.unsubscribe": "unsubscribe",
    "meetings.private_feed": "calendar_feed",
    "meetings.feed_qr_code": "calendar_feed",
    "answers.reply": "answer_link",
}

METHODS = ("GET", "POST")


class HarnessError(AssertionError):
    """Something the generic machinery does not know how to handle: extend a mapping."""


# --------------------------------------------------------------------------------------------
# URL map
# --------------------------------------------------------------------------------------------


def rules(app) -> list[Rule]:
    found = [r for r in app.url_map.iter_rules() if r.endpoint != "static"]
    return sorted(found, key=lambda r: (r.rule, r.endpoint))


def methods(rule: Rule) -> list[str]:
    return [m for m in METHODS if m in rule.methods]


def rule_id(rule: Rule) -> str:
    return f"{','.join(methods(rule))} {rule.rule}"


def is_public(rule: Rule) -> bool:
    return rule.endpoint in PUBLIC_ENDPOINTS


def target(rule: Rule, param: str) -> tuple[str, str]:
    """The (table, column) a URL parameter names; fails loudly on an unknown name."""
    if param in PARAM_TABLES:
        return PARAM_TABLES[param]
    if param.endswith("_id") and param[:-3] in db.metadata.tables:
        return param[:-3], "id"
    raise HarnessError(
        f"Route {rule.rule} ({rule.endpoint}) has a URL parameter '{param}' that names no "
        f"table: add '{param}': ('<table>', '<column>') to PARAM_TABLES in {HERE} (or, for a "
        f"string with fixed values, an entry to STRING_PARAMS; for a secret token, to "
        f"TOKEN_ROUTES)."
    )


def object_params(rule: Rule) -> list[str]:
    """Parameters naming rows (everything but coalition_id, string and token parameters)."""
    out = []
    for param in sorted(rule.arguments):
        if param == "coalition_id" or (rule.endpoint, param) in STRING_PARAMS:
            continue
        if param == "token":
            if rule.endpoint not in TOKEN_ROUTES:
                raise HarnessError(
                    f"Route {rule.rule} ({rule.endpoint}) takes a secret token: add it to "
                    f"TOKEN_ROUTES in {HERE} and make a valid token in build_world "
                    f"(tests/security/conftest.py)."
                )
            continue
        target(rule, param)
        out.append(param)
    return out


def anchor(rule: Rule) -> sa.Table | None:
    """The table whose rows give consistent values for all of the rule's object params."""
    params = object_params(rule)
    if not params:
        return None
    if rule.endpoint in ANCHORS:
        table = db.metadata.tables[ANCHORS[rule.endpoint]]
        missing = [p for p in params if _column(table, rule, p) is None]
        if missing:
            raise HarnessError(f"ANCHORS[{rule.endpoint!r}] has no column for {missing}")
        return table
    for p in params:
        table = db.metadata.tables[target(rule, p)[0]]
        if all(_column(table, rule, q) is not None for q in params):
            return table
    raise HarnessError(
        f"Route {rule.rule} ({rule.endpoint}): no table holds all of {params} together. Add "
        f"'{rule.endpoint}': '<table with a column per parameter>' to ANCHORS in {HERE}."
    )


def _column(table: sa.Table, rule: Rule, param: str):
    t_name, col = target(rule, param)
    if t_name == table.name:
        return table.c[col]
    return table.c.get(param)


def _in_coalition(table: sa.Table, coalition_id: int):
    if "coalition_id" in table.c:
        return table.c.coalition_id == coalition_id
    if table.name in COALITION_SCOPES:
        return COALITION_SCOPES[table.name](table, coalition_id)
    raise HarnessError(
        f"Table {table.name} has no coalition_id: add how to find a coalition's rows to "
        f"COALITION_SCOPES in {HERE}."
    )


@dataclass
class Binding:
    """One way to fill a rule's parameters: the values, and the row's owner if it has one."""

    values: dict
    owner_id: int | None = None

    def url(self, app, rule: Rule, coalition_id: int | None = None, **extra) -> str:
        values = dict(self.values)
        if "coalition_id" in rule.arguments and coalition_id is not None:
            values["coalition_id"] = coalition_id
        values.update(extra)
        with app.test_request_context():
            return app.url_for(rule.endpoint, **values, _external=False)


def bindings(rule: Rule, coalition_id: int | None, tokens: dict | None = None) -> list[Binding]:
    """Every way to fill the rule's parameters with coalition `coalition_id`'s objects.

    Must run inside an app context with a session that sees the data."""
    params = object_params(rule)
    base = {}
    if "coalition_id" in rule.arguments:
        base["coalition_id"] = coalition_id
    if "token" in rule.arguments:
        key = TOKEN_ROUTES[rule.endpoint]
        if not tokens or key not in tokens:
            raise HarnessError(f"no '{key}' token in the world for {rule.endpoint}")
        base["token"] = tokens[key]
    strings = [(p, v) for (e, p), v in STRING_PARAMS.items() if e == rule.endpoint]
    if not params:
        rows = [Binding(dict(base))]
    else:
        table = anchor(rule)
        cols = [_column(table, rule, p).label(p) for p in params]
        owner = table.c.get("user_id")
        if owner is not None:
            cols.append(owner.label("__owner"))
        if coalition_id is None:
            raise HarnessError(f"{rule.endpoint}: object parameters need a coalition")
        stmt = sa.select(*cols).where(_in_coalition(table, coalition_id))
        stmt = stmt.order_by(*table.primary_key.columns)
        rows = []
        for row in db.session.execute(stmt).mappings():
            values = {**base, **{p: row[p] for p in params}}
            rows.append(Binding(values, row.get("__owner")))
    for param, values in strings:
        rows = [Binding({**b.values, param: v}, b.owner_id) for b in rows for v in values]
    return rows


def endpoint_of(app, path: str, method: str = "POST"):
    """(endpoint, args) a local path resolves to, or None."""
    parts = urlsplit(path)
    adapter = app.url_map.bind(app.config.get("SERVER_NAME") or "localhost")
    try:
        return adapter.match(parts.path, method=method)
    except HTTPException:
        return None


# --------------------------------------------------------------------------------------------
# HTML forms
# --------------------------------------------------------------------------------------------

TEXT_TYPES = {"text", "search", "email", "url", "tel", "password", "textarea"}
DATE_TYPES = {"date", "datetime-local", "time", "month", "week"}


@dataclass
class Field:
    name: str
    kind: str  # input type, "textarea", "select"
    value: str = ""
    checked: bool = False
    options: list = field(default_factory=list)  # (value, selected) for selects
    multiple: bool = False
    required: bool = False
    attrs: dict = field(default_factory=dict)


@dataclass
class Form:
    page: str
    action: str
    enctype: str
    fields: list = field(default_factory=list)
    buttons: list = field(default_factory=list)  # (name, value) of named submit buttons

    @property
    def user_fields(self) -> list[Field]:
        """The fields a person types or chooses in (not the CSRF token or hidden state)."""
        return [f for f in self.fields if f.kind not in ("hidden", "submit", "button", "reset")]

    def defaults(self, *, fill_empty: bool = True) -> list[tuple]:
        """A plausible submission: what the page shows, empty required inputs filled in."""
        data: list[tuple] = []
        radios_done = set()
        for f in self.fields:
            if f.kind in ("submit", "button", "reset", "image"):
                continue
            if f.kind == "checkbox":
                if f.checked:
                    data.append((f.name, f.value or "y"))
            elif f.kind == "radio":
                if f.name in radios_done:
                    continue
                group = [g for g in self.fields if g.kind == "radio" and g.name == f.name]
                chosen = next((g for g in group if g.checked), group[0])
                data.append((f.name, chosen.value))
                radios_done.add(f.name)
            elif f.kind == "select":
                chosen = [v for v, sel in f.options if sel]
                if not chosen:
                    usable = [v for v, _sel in f.options if v not in ("", "0")]
                    chosen = usable[:1] or [v for v, _sel in f.options][:1]
                data.extend((f.name, v) for v in chosen)
            elif f.kind == "file":
                data.append((f.name, (io.BytesIO(PLAUSIBLE_FILE), "contacts.csv")))
            else:
                value = f.value
                if not value and fill_empty and f.kind != "hidden":
                    value = plausible(f)
                data.append((f.name, value))
        if self.buttons:
            data.append(self.buttons[0])
        return data


PLAUSIBLE_FILE = b"institution;nom\nCAF fictive;Guichet de test\n"


def plausible(f: Field) -> str:
    return {
        "date": "2031-03-14",
        "datetime-local": "2031-03-14T18:00",
        "time": "18:00",
        "number": f.attrs.get("min") or "30",
        "email": "personne.test@exemple.example",
        "url": "https://exemple.example/",
        "tel": "01 99 00 00 00",
        "password": "un cheval correct agrafe",
    }.get(f.kind, "Texte de test")


class _FormParser(HTMLParser):
    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.page = page
        self.forms: list[Form] = []
        self.current: Form | None = None
        self.select: Field | None = None
        self.option: list | None = None
        self.textarea: Field | None = None
        # Submit buttons with their own `formaction` (e.g. "Preview"): the same form posted
        # elsewhere, as a browser does; added as forms of their own when the form ends.
        self.elsewhere: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            if a.get("method", "get").lower() != "post":
                self.current = None
                return
            action = urljoin(self.page, a.get("action") or self.page)
            self.current = Form(self.page, action, a.get("enctype", ""))
            self.forms.append(self.current)
            return
        form = self.current
        if form is None:
            return
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text").lower()
            if kind in ("submit", "image"):
                form.buttons.append((a["name"], a.get("value", "")))
                return
            form.fields.append(
                Field(
                    a["name"],
                    kind,
                    a.get("value", ""),
                    "checked" in a,
                    required="required" in a,
                    attrs=a,
                )
            )
        elif tag == "button" and a.get("type", "submit") == "submit" and a.get("formaction"):
            self.elsewhere.append((a["formaction"], a.get("name", ""), a.get("value", "")))
        elif tag == "button" and a.get("type", "submit") == "submit" and a.get("name"):
            form.buttons.append((a["name"], a.get("value", "")))
        elif tag == "textarea" and a.get("name"):
            self.textarea = Field(a["name"], "textarea", "", required="required" in a, attrs=a)
            form.fields.append(self.textarea)
        elif tag == "select" and a.get("name"):
            self.select = Field(
                a["name"], "select", multiple="multiple" in a, required="required" in a, attrs=a
            )
            form.fields.append(self.select)
        elif tag == "option" and self.select is not None:
            self.option = [a.get("value"), "selected" in a, ""]
            self.select.options.append(self.option)

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea.value += data
        if self.option is not None:
            self.option[2] += data

    def handle_endtag(self, tag):
        if tag == "form":
            form = self.current
            for action, name, value in self.elsewhere if form is not None else ():
                other = Form(self.page, urljoin(self.page, action), form.enctype)
                other.fields.extend(form.fields)
                if name:
                    other.buttons.append((name, value))
                self.forms.append(other)
            self.elsewhere = []
            self.current = None
        elif tag == "textarea":
            self.textarea = None
        elif tag == "select":
            if self.select is not None:
                self.select.options = [
                    (v if v is not None else text.strip(), sel)
                    for v, sel, text in self.select.options
                ]
            self.select = None
            self.option = None
        elif tag == "option":
            self.option = None


def parse_forms(page_url: str, html: str) -> list[Form]:
    parser = _FormParser(page_url)
    parser.feed(html)
    parser.close()
    for form in parser.forms:
        for f in form.fields:
            if f.kind == "textarea":
                # HTML normalises line breaks and drops the one right after <textarea>.
                f.value = f.value.replace("\r\n", "\n").replace("\r", "\n")
                f.value = f.value[1:] if f.value.startswith("\n") else f.value
    return parser.forms


def csrf_token_of(html: str) -> str | None:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html) or re.search(
        r'value="([^"]+)"[^>]*name="csrf_token"', html
    )
    return html_lib.unescape(match.group(1)) if match else None


def with_token(data: list[tuple], token: str | None) -> list[tuple]:
    """The submission with `token` as CSRF token (None: no token at all)."""
    out = [(k, v) for k, v in data if k != "csrf_token"]
    if token is not None:
        out.append(("csrf_token", token))
    return out


def as_multidict(data: list[tuple]):
    from werkzeug.datastructures import MultiDict

    fresh = []
    for k, v in data:
        if isinstance(v, tuple) and hasattr(v[0], "getvalue"):
            v = (io.BytesIO(v[0].getvalue()), v[1])  # a file can be read once
        fresh.append((k, v))
    return MultiDict(fresh)


_collection_app = None


def collected_rules(keep=lambda rule: True) -> list[Rule]:
    """The URL rules at collection time (for parametrize), from a throw-away app instance;
    tests use them with the session's real app (same URL map)."""
    global _collection_app
    if _collection_app is None:
        from coordination import create_app

        _collection_app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    return [r for r in rules(_collection_app) if keep(r)]
