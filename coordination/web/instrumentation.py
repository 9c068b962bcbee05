"""Per-request measurements for the benchmark: SQL statement count and server time.

Off unless CONCERTATION_BENCHMARK=1 (config BENCHMARK_HEADERS): production responses do
not reveal them.
"""

import time

import sqlalchemy as sa
from flask import Flask, g, has_request_context
from sqlalchemy.engine import Engine


def _count(conn, cursor, statement, parameters, context, executemany):
    if has_request_context() and "query_count" in g:
        g.query_count += 1


def init_app(app: Flask) -> None:
    if not app.config.get("BENCHMARK_HEADERS"):
        return
    if not sa.event.contains(Engine, "before_cursor_execute", _count):
        sa.event.listen(Engine, "before_cursor_execute", _count)

    @app.before_request
    def start():
        g.query_count = 0
        g.started = time.perf_counter()

    @app.after_request
    def headers(response):
        if "query_count" in g:
            elapsed_ms = (time.perf_counter() - g.started) * 1000
            response.headers["X-Query-Count"] = str(g.query_count)
            response.headers["Server-Timing"] = f"app;dur={elapsed_ms:.2f}"
        return response
