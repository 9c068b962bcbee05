"""Benchmark harness (run through benchmarks/run).

Starts the app under gunicorn on a prepared database and, in the same run, a bare Flask
app under the same gunicorn settings; drives logged-in load on the key pages with wrk at
1, 10 and 50 concurrent connections; prints per page requests/s, ratio to bare Flask,
p50/p95/p99 latency, SQL queries per request and peak RSS per worker; writes the same as
JSON under benchmarks/results/.
"""

import argparse
import json
import os
import platform
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from datetime import UTC, datetime
from http.cookiejar import CookieJar
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
WORK = ROOT / "benchmarks" / "work"
RESULTS = ROOT / "benchmarks" / "results"
# 2 cores: 4 sync workers (2 × cores) keep both cores busy while one waits on the database.
GUNICORN = [
    "--workers",
    "4",
    "--worker-class",
    "sync",
    "--keep-alive",
    "5",
    "--log-level",
    "warning",
]
DEMO_PASSWORD = "demo-concertation-2026"
WARM_UP_SECONDS = 2


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def flask(env, *args):
    subprocess.run([str(BIN / "flask"), "--app", "app", *args], cwd=ROOT, env=env, check=True)


def prepare_database(engine: str, scale: int | None, fresh: bool) -> str:
    WORK.mkdir(parents=True, exist_ok=True)
    if engine == "sqlite":
        path = WORK / f"bench-{scale or 'demo'}.db"
        url = f"sqlite:///{path}"
        exists = path.exists()
        if fresh and exists:
            for suffix in ("", "-wal", "-shm"):
                Path(str(path) + suffix).unlink(missing_ok=True)
            exists = False
    else:
        name = f"concertation_bench_{scale or 'demo'}"
        admin = sa.create_engine(
            "postgresql+psycopg://127.0.0.1:5432/test", isolation_level="AUTOCOMMIT"
        )
        with admin.connect() as conn:
            exists = (
                conn.execute(
                    sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}
                ).scalar()
                is not None
            )
            if fresh and exists:
                conn.exec_driver_sql(f'DROP DATABASE "{name}" WITH (FORCE)')
                exists = False
            if not exists:
                conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        admin.dispose()
        url = f"postgresql://127.0.0.1:5432/{name}"
    env = {**os.environ, "DATABASE_URL": url}
    flask(env, "db", "upgrade")  # an existing database gets the newest indexes too
    if not exists:
        flask(env, "demo", *(("generate", "--scale", str(scale)) if scale else ("load",)))
    return url


def start_gunicorn(target: str, env: dict) -> tuple[subprocess.Popen, str]:
    port = free_port()
    proc = subprocess.Popen(
        [str(BIN / "gunicorn"), *GUNICORN, "--bind", f"127.0.0.1:{port}", target],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/login" if target == "app:app" else base, timeout=1)
            return proc, base
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit(f"gunicorn {target} did not start")


def stop(proc: subprocess.Popen) -> None:
    os.killpg(proc.pid, signal.SIGTERM)
    proc.wait(timeout=20)


def worker_pids(master: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def peak_rss_mb(pids: list[int]) -> float:
    peaks = []
    for pid in pids:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        match = re.search(r"VmHWM:\s+(\d+) kB", status)
        if match:
            peaks.append(int(match.group(1)) / 1024)
    return round(max(peaks), 1) if peaks else 0.0


def login(base: str, email: str) -> str:
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/login").read().decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode(
        {"email": email, "password": DEMO_PASSWORD, "csrf_token": token}
    ).encode()
    opener.open(base + "/login", data=data)
    cookies = "; ".join(f"{c.name}={c.value}" for c in jar)
    if "concertation_session" not in cookies:
        raise SystemExit(f"could not log in as {email}")
    return cookies


def probe(base: str, path: str, cookie: str) -> dict:
    request = urllib.request.Request(base + path, headers={"Cookie": cookie})
    with urllib.request.urlopen(request) as response:  # noqa: S310 - loopback only
        body = response.read()
        timing = response.headers.get("Server-Timing", "app;dur=0").split("dur=")[1]
        return {
            "status": response.status,
            "bytes": len(body),
            "queries": int(response.headers.get("X-Query-Count", -1)),
            "server_ms": float(timing),
        }


def wrk(url: str, connections: int, seconds: int, cookie: str = "") -> dict:
    threads = min(connections, 2)
    out = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "5s",
            "-s",
            str(ROOT / "benchmarks" / "wrk_report.lua"),
            url,
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "BENCH_COOKIE": cookie},
        check=True,
    ).stdout
    data = json.loads(out.split("JSON", 1)[1].strip().splitlines()[0])
    seconds_run = data["duration_us"] / 1e6
    return {
        "rps": round(data["requests"] / seconds_run, 1),
        "p50_ms": data["p50_us"] / 1000,
        "p95_ms": data["p95_us"] / 1000,
        "p99_ms": data["p99_us"] / 1000,
        "errors": data["socket_errors"] + data["non2xx"],
        "requests": data["requests"],
    }


def key_pages(url: str) -> tuple[str, list[tuple[str, str]]]:
    """The delegate to log in as, and the key pages present in this database."""
    from coordination.config import _database_url

    engine = sa.create_engine(
        _database_url(WORK) if not url else url.replace("postgresql://", "postgresql+psycopg://")
    )
    pages = [("home", "/")]
    with engine.connect() as conn:
        inspector = sa.inspect(conn)
        tables = set(inspector.get_table_names())
        row = conn.execute(
            sa.text(
                'SELECT u.email, m.coalition_id FROM "user" u JOIN membership m ON '
                "m.association_id = u.association_id AND m.role = 'member' AND m.left_on IS NULL "
                "ORDER BY m.coalition_id, u.id LIMIT 1"
            )
        ).one()
        email, cid = row
        pages.append(("coalition", f"/c/{cid}"))
        pages.append(("decisions", f"/c/{cid}/decisions"))

        def first(sql):
            return conn.execute(sa.text(sql), {"cid": cid}).scalar()

        if "meeting" in tables:
            mid = first("SELECT id FROM meeting WHERE coalition_id = :cid ORDER BY id DESC")
            if mid:
                pages.append(("meeting", f"/c/{cid}/meetings/{mid}"))
        if "statement" in tables:
            sid = first("SELECT id FROM statement WHERE coalition_id = :cid ORDER BY id")
            if sid:
                pages.append(("statement", f"/c/{cid}/statements/{sid}"))
                if "statement_revision" in tables:
                    revs = (
                        conn.execute(
                            sa.text(
                                "SELECT id FROM statement_revision WHERE statement_id = :s "
                                "ORDER BY id"
                            ),
                            {"s": sid},
                        )
                        .scalars()
                        .all()
                    )
                    if len(revs) >= 2:
                        pages.append(
                            (
                                "revision diff",
                                f"/c/{cid}/statements/{sid}/compare?from={revs[0]}&to={revs[-1]}",
                            )
                        )
        if "situation" in tables:
            pages.append(("situation figures", f"/c/{cid}/situations/figures"))
        if "contact" in tables:
            pages.append(("directory search", f"/c/{cid}/search?q=caf"))
            contact = first("SELECT id FROM contact WHERE coalition_id = :cid ORDER BY id")
            if contact:
                pages.append(("contact", f"/c/{cid}/directory/contacts/{contact}"))
    engine.dispose()
    return email, pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument(
        "--scale",
        type=int,
        default=None,
        help="flask demo generate --scale N (default: the small demo)",
    )
    parser.add_argument("--duration", type=int, default=10, help="seconds per measurement")
    parser.add_argument("--concurrency", default="1,10,50")
    parser.add_argument("--fresh", action="store_true", help="rebuild the database")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    parser.add_argument("--pages", help="only these pages (comma-separated names)")
    args = parser.parse_args()
    levels = [int(c) for c in args.concurrency.split(",")]

    url = prepare_database(args.engine, args.scale, args.fresh)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "CONCERTATION_BENCHMARK": "1",
        "CONCERTATION_ENV": "benchmark",
    }
    email, pages = key_pages(url)
    if args.pages:
        pages = [(n, p) for n, p in pages if n in args.pages.split(",")]
    GUNICORN[GUNICORN.index("--workers") + 1] = str(args.workers)

    # Bare Flask is measured before and after the pages and the two are averaged: on a
    # shared machine the speed drifts over minutes, and a ratio should compare like times.
    before = measure_bare(env, levels, args.duration)

    app, base = start_gunicorn("app:app", env)
    results = []
    try:
        cookie = login(base, email)
        for name, path in pages:
            first = probe(base, path, cookie)
            if first["status"] != 200:
                raise SystemExit(f"{name} {path} answered {first['status']}")
            row = {
                "page": name,
                "path": path,
                "queries": first["queries"],
                "server_ms_single": first["server_ms"],
                "levels": {},
            }
            # Every worker renders the page once before timing starts (template compilation,
            # first-use caches), as it would have long before in production.
            wrk(base + path, 8, WARM_UP_SECONDS, cookie)
            for c in levels:
                row["levels"][str(c)] = wrk(base + path, c, args.duration, cookie)
            row["peak_rss_mb"] = peak_rss_mb(worker_pids(app.pid))
            results.append(row)
            print_row(row, levels)
    finally:
        stop(app)

    after = measure_bare(env, levels, args.duration)
    baseline = {
        c: {**before[c], "rps": round((before[c]["rps"] + after[c]["rps"]) / 2, 1)} for c in levels
    }
    print("\nRatio to bare Flask (its mean of before and after) and targets:")
    for row in results:
        for c in levels:
            measured = row["levels"][str(c)]
            measured["ratio_to_bare"] = round(measured["rps"] / baseline[c]["rps"], 3)
        row["targets"] = targets_met(row["page"], row["levels"])
        print_targets(row, levels)

    report = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "python": sys.version.split()[0],
        },
        "engine": args.engine,
        "scale": args.scale,
        "duration_s": args.duration,
        "gunicorn": GUNICORN,
        "bare_flask": {str(c): v for c, v in baseline.items()},
        "bare_flask_before": {str(c): v for c, v in before.items()},
        "bare_flask_after": {str(c): v for c, v in after.items()},
        "pages": results,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    for target in (RESULTS / f"{stamp}-{args.engine}.json", RESULTS / f"latest-{args.engine}.json"):
        target.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(f"written to {RESULTS}/latest-{args.engine}.json")


def targets_met(name: str, levels: dict) -> dict:
    """The issue's targets, where this run measured them (None: level not run). Latency at
    one client is wrk's, an upper bound of the server time (it adds the loopback)."""
    one, ten, fifty = levels.get("1"), levels.get("10"), levels.get("50")
    met = {
        "ratio_at_10_clients_>=_25%": ten and ten["ratio_to_bare"] >= 0.25,
        "p95_at_1_client_<_10_ms": one and one["p95_ms"] < 10,
        "no_error_and_p99_<_300_ms_at_50": fifty and not fifty["errors"] and fifty["p99_ms"] < 300,
    }
    if name == "directory search":
        met["search_p50_at_1_client_<_20_ms"] = one and one["p50_ms"] < 20
    return met


def measure_bare(env: dict, levels: list[int], seconds: int) -> dict:
    bare, bare_base = start_gunicorn("benchmarks.bare_app:app", env)
    try:
        wrk(bare_base + "/", 8, WARM_UP_SECONDS)
        measured = {c: wrk(bare_base + "/", c, seconds) for c in levels}
    finally:
        stop(bare)
    print("bare Flask rps: " + ", ".join(f"c={c}: {v['rps']}" for c, v in measured.items()))
    return measured


def print_row(row: dict, levels: list[int]) -> None:
    cells = []
    for c in levels:
        m = row["levels"][str(c)]
        cells.append(
            f"c={c}: {m['rps']:>7} rps p50 {m['p50_ms']:.1f} p95 {m['p95_ms']:.1f} "
            f"p99 {m['p99_ms']:.1f} ms{' ERR ' + str(m['errors']) if m['errors'] else ''}"
        )
    print(
        f"{row['page']:<17} q={row['queries']:<3} rss {row['peak_rss_mb']} MB | "
        + " | ".join(cells),
        flush=True,
    )


def print_targets(row: dict, levels: list[int]) -> None:
    ratios = " ".join(f"c={c}: {row['levels'][str(c)]['ratio_to_bare']:.0%}" for c in levels)
    missed = [k for k, v in row["targets"].items() if v is False]
    print(
        f"{row['page']:<17} {ratios} | "
        + (f"missed: {', '.join(missed)}" if missed else "targets met")
    )


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
