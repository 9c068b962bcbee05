"""List pages: the filters and the page number from the query string, and one page of rows."""

from collections.abc import Callable, Collection

from flask import render_template, request


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


def list_page(template: str, read: Callable[..., list], size: int, name: str, **context):
    """A list page: `template` with the page asked for of `read`'s rows (`page_of`) and
    `context` (the coalition, the filters chosen, their choices)."""
    return render_template(template, **page_of(read, size, name), **context)


def choice_arg(name: str, allowed: Collection[str]) -> str | None:
    """The filter `?name=` when it is one of `allowed`; None when missing or unknown."""
    value = request.args.get(name)
    return value if value in allowed else None


def flag_arg(name: str) -> bool:
    """A yes/no filter: `?name=1` is yes, anything else no."""
    return request.args.get(name) == "1"
