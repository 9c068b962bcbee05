"""The figures page and what leaves it: counts, delays, filters, a constant number of
queries, the small-number rule in the page, the exports (read back with csv and openpyxl),
the directory's office line, and the citation frozen in a statement's history."""

import csv
import io
from datetime import timedelta

import openpyxl
import sqlalchemy as sa

from coordination.directory import operations as directory_ops
from coordination.statements import operations as statements
from coordination.statements.models import StatementRevision
from coordination.timezone import local_today
from tests.conftest import count_queries


def _figures(directory, **args):
    query = "&".join(f"{k}={v}" for k, v in args.items())
    return f"/c/{directory.coalition.id}/situations/figures" + (f"?{query}" if query else "")


def test_figures_change_as_situations_are_closed(db, directory, record, login_as):
    for closed in (5, 10, 25):
        record(opened=40, closed=closed)  # delays 35, 30, 15 days
    open_one = record(opened=50)
    client = login_as(directory.member)
    page = client.get(_figures(directory)).get_data(as_text=True)
    assert 'id="total-situations">4<' in page
    assert "Délai médian de résolution</dt><dd>30 jours" in page  # 15, 30, 35
    assert "Encore sans solution après 30 jours</dt><dd>trop peu" in page  # 1 of 4: hidden
    from coordination.situations import operations

    operations.close_situation(
        open_one, by=directory.member, outcome="resolved", closed_on=local_today()
    )
    page = client.get(_figures(directory)).get_data(as_text=True)
    assert "Délai médian de résolution</dt><dd>33 jours" in page  # 15, 30, 35, 50: 32.5


def test_small_numbers_in_the_page(db, directory, record, login_as):
    record("rsa", opened=40, closed=3)
    record("ame", opened=40, closed=3)
    record("ame", opened=40, closed=3)
    record("ame", opened=40, closed=3, obstacles=("language",))
    page = login_as(directory.member).get(_figures(directory)).get_data(as_text=True)
    assert "&lt; 3" in page  # RSA: 1 situation; AME: 3 shown as 3
    assert 'id="total-situations">4<' in page


def test_filters(db, directory, record, login_as):
    record("ame", opened=400, closed=390)
    record("rsa", opened=10)
    client = login_as(directory.member)
    since = (local_today() - timedelta(days=30)).isoformat()
    page = client.get(_figures(directory, start=since)).get_data(as_text=True)
    assert 'id="total-situations">&lt; 3<' in page
    page = client.get(_figures(directory, theme="ame")).get_data(as_text=True)
    assert "RSA" not in page.split('id="by-theme"')[1].split("</table>")[0]
    bad = client.get(_figures(directory, start="2027-05-01", end="2027-01-01"))
    text = bad.get_data(as_text=True)
    assert bad.status_code == 200 and "La fin de la période précède son début." in text
    assert 'id="total-situations">&lt; 3<' in text  # the filters are left aside: all (2)


def test_the_figures_page_runs_a_constant_number_of_queries(db, directory, record, login_as):
    client = login_as(directory.member)
    record(opened=20, closed=1, obstacles=("language",))
    client.get(_figures(directory))
    with count_queries() as few:
        assert client.get(_figures(directory)).status_code == 200
    caf = directory_ops.create_institution(
        directory.coalition, kind="caf", name="CAF", by=directory.member
    )
    from coordination.situations import operations

    for n in range(25):
        operations.record_situation(
            directory.coalition,
            by=directory.member,
            theme=("rsa", "apl", "ame")[n % 3],
            institution_id=caf.id if n % 2 else directory.institution.id,
            opened_on=local_today() - timedelta(days=n * 7),
            obstacles=("language", "no_answer")[: n % 3],
        )
    db.session.flush()
    with count_queries() as many:
        assert client.get(_figures(directory)).status_code == 200
    assert len(many) == len(few), (len(few), len(many))
    with count_queries() as listing:
        assert client.get(f"/c/{directory.coalition.id}/situations").status_code == 200
    record()
    with count_queries() as listing_more:
        client.get(f"/c/{directory.coalition.id}/situations")
    assert len(listing) == len(listing_more)


def test_exports_apply_the_small_number_rule(db, directory, record, login_as):
    for _n in range(3):
        record("ame", opened=40, closed=19)  # 21 days each
    record("rsa", opened=40)
    client = login_as(directory.member)
    response = client.get(_figures(directory).replace("/figures", "/figures.csv"))
    assert response.status_code == 200 and response.mimetype == "text/csv"
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")  # so that French spreadsheets read it as UTF-8
    rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    by_label = {row[1]: row for row in rows[1:]}
    assert by_label["CPAM de Brie-et-Marne"][2:5] == ["4", "21", "21"]
    small = [row for row in rows[1:] if row[2] == "< 3"]
    assert small  # RSA, 1 situation
    assert all(row[2] in ("< 3", "0") or int(row[2]) >= 3 for row in rows[1:])

    book = client.get(_figures(directory).replace("/figures", "/figures.xlsx"))
    assert book.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(book.get_data())).active
    cells = [[c.value for c in row] for row in sheet.iter_rows()]
    assert cells[0][2] in ("Situations",)
    values = [row[2] for row in cells[1:]]
    assert "< 3" in values and 4 in values
    assert all(v == "< 3" or v == 0 or v >= 3 for v in values)


def test_the_office_page_shows_its_observed_delay(db, directory, record, login_as):
    office = f"/c/{directory.coalition.id}/directory/offices/{directory.office.id}"
    client = login_as(directory.member)
    record(opened=30, closed=9)
    page = client.get(office).get_data(as_text=True)
    assert "&lt; 3" in page  # 1 situation: no delay, a protected count
    for _n in range(13):
        record(opened=30, closed=9)
    page = client.get(office).get_data(as_text=True)
    assert "21" in page and "14" in page


def test_cite_in_a_statement_freezes_the_figures(db, directory, record, login_as, world):
    for _n in range(3):
        record("ame", opened=40, closed=19)
    statement = statements.create_statement(
        directory.coalition, by=directory.member, title="Accès aux droits", body="Nous demandons."
    )
    client = login_as(directory.member)
    url = _figures(directory, theme="ame")
    page = client.get(url).get_data(as_text=True)
    assert "Accès aux droits" in page  # the draft is offered
    cite = f"/c/{directory.coalition.id}/situations/figures/cite"
    done = client.post(cite, {"statement_id": str(statement.id), "theme": "ame"}, token_from=url)
    assert done.status_code == 302
    assert done.headers["Location"].endswith(f"/statements/{statement.id}")
    revisions = db.session.scalars(
        sa.select(StatementRevision)
        .where(StatementRevision.statement_id == statement.id)
        .order_by(StatementRevision.number)
    ).all()
    assert len(revisions) == 2
    cited = revisions[-1].body
    assert cited.startswith("Nous demandons.\n\n> **")
    assert "21" in cited and "situations/figures?theme=ame" in cited
    # Later situations change the live figures, not the cited text.
    for _n in range(5):
        record("ame", opened=10, closed=1)
    db.session.expire_all()
    assert statements.current_revision(statement).body == cited
    shown = client.get(done.headers["Location"]).get_data(as_text=True)
    assert "situations/figures?theme=ame" in shown  # the link back to the live figures
    # Another collectif's statement cannot be chosen.
    theirs = statements.create_statement(
        world.other_coalition, by=world.outsider, title="Leur texte", body="."
    )
    refused = client.post(cite, {"statement_id": str(theirs.id)}, token_from=url)
    assert refused.status_code == 400
    assert statements.current_revision(theirs).number == 1
