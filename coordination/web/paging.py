"""Paging of list pages: the page number from `?page=` and one page of rows."""

from collections.abc import Callable

from flask import request


def page_number() -> int:
    """The `?page=` asked for (1 when missing, invalid or below 1)."""
    return max(request.args.get("page", 1, type=int), 1)


def page_of(read: Callable[..., list], size: int, name: str) -> dict:
    """The template context of the page asked for: its rows as `name`, `page` (its number)
    and `has_next`. `read(offset=, limit=)` is asked for one row more than shown, which
    tells whether another page follows."""
    page = page_number()
    rows = read(offset=(page - 1) * size, limit=size + 1)
    return {name: rows[:size], "page": page, "has_next": len(rows) > size}
