"""Storing XSS payloads in every text column, and reading a page's HTML for injected code.

`fill(values)` writes payloads into every String/Text column of every model (found by
SQLAlchemy inspection, so columns added later are covered), except the columns that hold
a fixed set of values or secrets (`STRUCTURAL`, plus columns in an `IN (...)` check
constraint). Derived columns are recomputed by the app's own code: `<x>_html` from `<x>`
with the Markdown sanitiser, and the search index by `reindex_all`.

`scan(html)` lists what could run in a browser: script tags not from /static, event-handler
attributes, `javascript:`/`data:`/`vbscript:` URLs (after entity decoding and removal of
the whitespace browsers ignore), dangerous elements (iframe, object, embed, base, meta
refresh, svg, math, form posting elsewhere), and template-injection evidence.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import sqlalchemy as sa

from coordination.extensions import db
from tests.security.xss_payloads import PAYLOADS, STANDALONE

HERE = "tests/security/xss.py"

# Columns that are not free text typed by a person: fixed vocabularies, secrets, keys,
# bookkeeping. `table.*` skips a whole table. Extend when the XSS tests tell you to.
STRUCTURAL = {
    "user.email",  # the test logs in with it
    "user.password_hash",
    "user.locale",
    "user_session.*",
    "login_attempt.*",
    "account_token.*",
    "calendar_feed.*",
    "email_delivery.*",
    "scheduler_lock.*",
    "search_document.*",  # derived: rebuilt by reindex_all after filling
    "notification.key",
    "notification.kind",
    "notification.object_type",
    "notification.occasion",
    "notification_preference.kind",
    "statement.public_token",
    "statement_revision.kind",
    "log_entry.action",
    "log_entry.object_type",
    "decision.kind",
    "decision.subject_type",
    "contact.channel",
    "contact_access.kind",
    "contact_import.status",
    "directory_export.format",
    "situation.theme",
    "situation.outcome",
    "situation_step.kind",
    "situation_obstacle.code",
    "situation_term.kind",
    "situation_term.code",
    "commitment_follow_up.new_status",
    "guest_status_change.status",
}

_IN_CHECK = re.compile(r"(\w+)\s+IN\s*\(", re.IGNORECASE)


def _enum_columns(table: sa.Table) -> set[str]:
    names = set()
    for constraint in table.constraints:
        if isinstance(constraint, sa.CheckConstraint):
            names.update(_IN_CHECK.findall(str(constraint.sqltext)))
    return names


def _unique_columns(table: sa.Table) -> set[str]:
    names = set()
    for constraint in table.constraints:
        if isinstance(constraint, sa.UniqueConstraint):
            names.update(c.name for c in constraint.columns)
    for index in table.indexes:
        if index.unique:
            names.update(c.name for c in index.columns)
    names.update(c.name for c in table.columns if c.unique)
    return names


def text_columns() -> list[tuple[sa.Table, sa.Column]]:
    """Every free-text column of every model."""
    out = []
    for table in db.metadata.sorted_tables:
        if f"{table.name}.*" in STRUCTURAL:
            continue
        enums = _enum_columns(table)
        for column in table.columns:
            if not isinstance(column.type, sa.String) or column.primary_key or column.foreign_keys:
                continue
            if f"{table.name}.{column.name}" in STRUCTURAL or column.name in enums:
                continue
            if column.name.endswith("_html") and column.name[:-5] in table.c:
                continue  # derived, recomputed from its source
            out.append((table, column))
    return out


def json_columns() -> list[tuple[sa.Table, sa.Column]]:
    return [
        (t, c)
        for t in db.metadata.sorted_tables
        if f"{t.name}.*" not in STRUCTURAL
        for c in t.columns
        if isinstance(c.type, sa.JSON)
    ]


def fit(texts: list[str], length: int | None, start: int = 0) -> str:
    """As many of `texts` as fit in `length` characters, from `start` on, joined."""
    if length is None:
        return "\n\n".join(texts[start:] + texts[:start])
    out, size = [], 0
    for i in range(len(texts)):
        text = texts[(start + i) % len(texts)]
        if size + len(text) + 1 > length:
            if not out and len(text) > length:
                continue
            if out:
                break
        out.append(text)
        size += len(text) + 1
    return " ".join(out)


def _json_filled(value, text: str):
    if isinstance(value, dict):
        return {
            k: (v if k.endswith(("id", "_at", "_on", "url", "deadline")) else _json_filled(v, text))
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_json_filled(v, text) for v in value]
    if isinstance(value, str) and not re.fullmatch(r"[\d\-:T.+ ]+", value):
        return text
    return value


def fill(mode: str | int) -> dict:
    """Write payloads into every text column. `mode` "joined" puts as many payloads as fit
    in each value (all of them in long texts); an int k puts one standalone payload alone
    in each value, rotating over rows and columns from offset 3k (two rounds k = 0, 1 put
    each of the six in every column of three rows or more). Returns {column: rows filled}."""
    from coordination.search.indexing import reindex_all
    from coordination.web.markdown import render_markdown

    texts = [p.text for p in PAYLOADS]
    nul_refused = db.session.get_bind().dialect.name == "postgresql"  # no NUL in PG text
    filled: dict[str, int] = {}
    by_table: dict[str, list] = {}
    for table, column in text_columns():
        by_table.setdefault(table.name, []).append(column)
    for table_name, columns in by_table.items():
        table = db.metadata.tables[table_name]
        unique = _unique_columns(table)
        pk = list(table.primary_key.columns)
        rows = db.session.execute(sa.select(*pk).order_by(*pk)).all()
        for r, row in enumerate(rows):
            values = {}
            for c, column in enumerate(columns):
                length = getattr(column.type, "length", None)
                suffix = f" #{r}" if column.name in unique else ""
                room = None if length is None else length - len(suffix)
                if mode == "joined":
                    value = fit(texts, room, start=(r * 7 + c * 3) % len(texts))
                else:
                    value = STANDALONE[(r + c + 3 * mode) % len(STANDALONE)].text[:room]
                values[column.name] = value + suffix
                filled[f"{table_name}.{column.name}"] = len(rows)
            where = sa.and_(*(col == row[i] for i, col in enumerate(pk)))
            if nul_refused:
                values = {k: v.replace("\x00", "") for k, v in values.items()}
            db.session.execute(table.update().where(where).values(**values))
    for table in db.metadata.sorted_tables:
        derived = [c for c in table.columns if c.name.endswith("_html") and c.name[:-5] in table.c]
        for column in derived:
            source = table.c[column.name[:-5]]
            pk = list(table.primary_key.columns)
            for row in db.session.execute(sa.select(*pk, source)).all():
                where = sa.and_(*(col == row[i] for i, col in enumerate(pk)))
                html = str(render_markdown(row[-1]))
                db.session.execute(table.update().where(where).values({column.name: html}))
    sample = texts[0] if mode == "joined" else STANDALONE[mode % len(STANDALONE)].text
    for table, column in json_columns():
        pk = list(table.primary_key.columns)
        for row in db.session.execute(sa.select(*pk, column)).all():
            where = sa.and_(*(col == row[i] for i, col in enumerate(pk)))
            value = _json_filled(row[-1], sample)
            db.session.execute(table.update().where(where).values({column.name: value}))
    db.session.flush()
    reindex_all(db.session)
    db.session.flush()
    return filled


# --------------------------------------------------------------------------------------------
# Reading pages
# --------------------------------------------------------------------------------------------

URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", "xlink:href", "data", "srcdoc", "poster",
    "background", "cite", "codebase", "lowsrc", "dynsrc", "ping",
}  # fmt: skip
DANGEROUS_TAGS = {
    "iframe", "frame", "frameset", "object", "embed", "applet", "base", "svg", "math",
    "portal", "isindex",
}  # fmt: skip


def bad_scheme(url: str) -> str | None:
    """The dangerous scheme a URL starts with, as a browser reads it: entities are already
    decoded by the parser; the WHATWG URL parser strips leading and trailing C0 controls
    and spaces, and removes every tab and newline."""
    squashed = re.sub(r"[\t\n\r]", "", url.strip("".join(map(chr, range(0x21))))).lower()
    for scheme in ("javascript:", "vbscript:", "data:", "livescript:"):
        if squashed.startswith(scheme):
            return scheme
    return None


def _marker_of(text: str) -> str:
    found = re.findall(r"X\d+", text or "")
    return f" [{', '.join(sorted(set(found)))}]" if found else ""


class _Scanner(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag, attrs):
        a = {k.lower(): (v or "") for k, v in attrs}
        shown = self.get_starttag_text() or tag
        short = shown[:160] + _marker_of(shown)
        if tag == "script":
            src = a.get("src", "")
            if not src.startswith("/static/"):
                self.problems.append(f"script not from /static: {short}")
            self.in_script = True
        if tag in DANGEROUS_TAGS:
            self.problems.append(f"<{tag}> element: {short}")
        if tag == "meta" and a.get("http-equiv", "").lower() == "refresh":
            self.problems.append(f"meta refresh: {short}")
        if tag == "link" and not a.get("href", "").startswith("/static/"):
            self.problems.append(f"link not to /static: {short}")
        if tag == "style":
            self.problems.append(f"<style> element: {short}")
        for name, value in a.items():
            if name.startswith("on"):
                self.problems.append(f"event handler {name}=: {short}")
            if name in URL_ATTRIBUTES and (scheme := bad_scheme(value)):
                self.problems.append(f"{scheme} URL in {name}=: {short}")
            if name == "style" and re.search(r"expression|javascript|url\(", value, re.I):
                self.problems.append(f"active style=: {short}")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag == "script":
            self.in_script = False

    def handle_endtag(self, tag):
        if tag == "script":
            self.in_script = False

    def handle_data(self, data):
        if self.in_script and data.strip():
            self.problems.append(f"inline script: {data.strip()[:120]}{_marker_of(data)}")


def scan(html: str) -> list[str]:
    """What in this HTML could run code or send the reader elsewhere."""
    scanner = _Scanner()
    scanner.feed(html)
    scanner.close()
    problems = scanner.problems
    for payload in PAYLOADS:
        for evidence in payload.evidence:
            if evidence in html:
                problems.append(f"template injection evaluated: {evidence!r} [{payload.marker}]")
    return problems
