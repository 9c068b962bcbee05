"""Time the situations' figures page in-process: wall-clock and CPU time per request.

Usage (on a database made by `flask demo generate --scale S`):

    DATABASE_URL=sqlite:///benchmarks/work/bench-1.db \\
        .venv/bin/python benchmarks/time_figures.py [--requests N]

CPU time (time.process_time) is what the page costs; on a shared machine the wall-clock
time also counts the waits for the processor. It prints both, mean and p95, for the page
without filters and with a theme and an institution chosen, and the SQL statements run.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.profile_pages import logged_in_client  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=100)
    args = parser.parse_args()
    os.environ["CONCERTATION_BENCHMARK"] = "1"
    from coordination import create_app
    from coordination.extensions import db

    app = create_app()
    with app.app_context():
        email, cid, institution, count = db.session.execute(
            sa.text(
                'SELECT u.email, m.coalition_id, MIN(s.institution_id), COUNT(s.id) FROM "user" u'
                " JOIN membership m ON m.association_id = u.association_id AND m.role = 'member'"
                " JOIN situation s ON s.coalition_id = m.coalition_id"
                " GROUP BY u.email, m.coalition_id, u.id ORDER BY m.coalition_id, u.id LIMIT 1"
            )
        ).one()
        total = db.session.execute(sa.text("SELECT COUNT(*) FROM situation")).scalar()
        db.session.remove()
    print(f"{total} situations in the database; collectif {cid} has {count}")
    client = logged_in_client(app, email)
    statements = []
    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", lambda *a: statements.append(1))
    for name, path in (
        ("figures", f"/c/{cid}/situations/figures"),
        ("figures, filtered", f"/c/{cid}/situations/figures?theme=ame&institution={institution}"),
    ):
        for _ in range(10):
            client.get(path)
        walls, cpus = [], []
        statements.clear()
        for _ in range(args.requests):
            wall, cpu = time.perf_counter(), time.process_time()
            response = client.get(path)
            walls.append((time.perf_counter() - wall) * 1000)
            cpus.append((time.process_time() - cpu) * 1000)
            assert response.status_code == 200, response.status_code
        p95 = lambda values: statistics.quantiles(values, n=20)[-1]  # noqa: E731
        print(
            f"{name:18} wall {statistics.mean(walls):6.1f} ms mean {p95(walls):6.1f} ms p95 | "
            f"CPU {statistics.mean(cpus):6.1f} ms mean {p95(cpus):6.1f} ms p95 | "
            f"{len(statements) / args.requests:.0f} queries"
        )


if __name__ == "__main__":
    main()
