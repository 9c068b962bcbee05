"""Answers computed once per read-only request.

Several parts of a page (the home panels, the header, the view) ask the same question —
which coalitions is this association in? — and each asking is a query. A GET does not
change the answer while it runs; anything else may, so it always recomputes.
"""

from collections.abc import Callable
from typing import TypeVar

from flask import g, has_request_context, request

T = TypeVar("T")


def per_request(key: tuple, compute: Callable[[], T]) -> T:
    if not has_request_context() or request.method not in ("GET", "HEAD"):
        return compute()
    cache = g.setdefault("_per_request", {})
    if key not in cache:
        cache[key] = compute()
    return cache[key]
