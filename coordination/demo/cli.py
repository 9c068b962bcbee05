"""`flask demo load`: the fictional demo world."""

import click
import sqlalchemy as sa
from flask.cli import AppGroup

from coordination.coalitions.models import Coalition
from coordination.demo import data
from coordination.extensions import db

demo_cli = AppGroup("demo", help="Demo data (fictional people only).")


@demo_cli.command("load")
@click.option("--if-empty", is_flag=True, help="Do nothing if the database has coalitions.")
def load(if_empty):
    """Create two demo coalitions with their associations and delegates."""
    if db.session.scalar(sa.select(sa.func.count(Coalition.id))):
        if if_empty:
            click.echo("The database already has data; demo not loaded.")
            return
        raise click.ClickException("The database is not empty; use a fresh database.")
    data.load()
    db.session.commit()
    click.echo(f"Demo loaded. Every demo account's password: {data.DEMO_PASSWORD}")
    for _key, name, email, _locale in data.DELEGATES:
        click.echo(f"  {email}  ({name})")


@demo_cli.command("generate")
@click.option(
    "--scale",
    type=float,
    default=1.0,
    show_default=True,
    help="1 = 100 coalitions, 600 associations, 2,000 delegates and the rest "
    "in proportion; 0.1 for a tenth.",
)
@click.option("--seed", type=int, default=1983, show_default=True)
def generate(scale, seed):
    """Fill the database with a large fictional dataset (for benchmarks)."""
    import time

    from coordination.demo.generate import generate as run

    started = time.perf_counter()
    counts = run(scale=scale, seed=seed)
    db.session.commit()
    # Fresh statistics: the planner would otherwise guess row counts until autovacuum
    # passes, and benchmarks would measure its first, poorer plans (search: 8 ms vs 1).
    with db.engine.connect() as conn:
        conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("ANALYZE")
    for table, count in sorted(counts.items()):
        click.echo(f"  {table:<28} {count:>9,}")
    click.echo(f"Generated in {time.perf_counter() - started:.1f} s.")
