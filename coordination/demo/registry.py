"""Features add their own demo data (meetings, statements, contacts) after the core."""

from collections.abc import Callable

_loaders: list[tuple[int, Callable]] = []


def register_demo_loader(order: int, loader: Callable) -> None:
    """`loader(world)` receives the DemoWorld built by the core and adds to it."""
    if loader not in [fn for _o, fn in _loaders]:
        _loaders.append((order, loader))
        _loaders.sort(key=lambda item: item[0])


def loaders() -> list[Callable]:
    return [fn for _o, fn in _loaders]
