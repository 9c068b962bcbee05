"""Time the key pages in-process and, on request, profile one with pyinstrument.

Usage (after `benchmarks/run` has prepared a database, or on any database):

    DATABASE_URL=sqlite:///benchmarks/work/bench-1.db \
        .venv/bin/python benchmarks/profile_pages.py [--page NAME] [--requests N]

Without --page it prints, per key page, the mean and p95 server time over N requests and
the SQL statements per request; with --page it prints pyinstrument's call tree for that
page. No network, no gunicorn: this is the tool for finding *why* a page is slow.
"""

import argparse
import os
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.harness import DEMO_PASSWORD, key_pages  # noqa: E402


def logged_in_client(app, email):
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post(
        "/login", data={"email": email, "password": DEMO_PASSWORD, "csrf_token": token}
    )
    if response.status_code != 302:
        raise SystemExit(f"could not log in as {email}")
    return client


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--page", help="profile this page (a name from the list)")
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()

    os.environ["CONCERTATION_BENCHMARK"] = "1"
    from coordination import create_app

    url = os.environ.get("DATABASE_URL", "")
    email, pages = key_pages(url)
    app = create_app()
    client = logged_in_client(app, email)

    if args.page:
        from pyinstrument import Profiler

        path = dict(pages)[args.page]
        for _ in range(20):
            client.get(path)
        profiler = Profiler(interval=0.0002)
        profiler.start()
        for _ in range(args.requests):
            client.get(path)
        profiler.stop()
        print(profiler.output_text(unicode=True, color=False, show_all=False))
        return

    for name, path in pages:
        for _ in range(20):
            response = client.get(path)
        assert response.status_code == 200, (name, response.status_code)
        timings = []
        for _ in range(args.requests):
            started = time.perf_counter()
            response = client.get(path)
            timings.append((time.perf_counter() - started) * 1000)
        timings.sort()
        p95 = timings[int(len(timings) * 0.95) - 1]
        print(
            f"{name:<17} {statistics.mean(timings):6.2f} ms mean  {p95:6.2f} ms p95  "
            f"{response.headers.get('X-Query-Count')} queries  {len(response.data):>7} bytes"
        )


if __name__ == "__main__":
    main()
