"""What every feature package does to plug itself into the application, written once.

A feature package (campaigns, meetings, directory…) has a blueprint, `bp`, to which its
views add their routes, and most have the actions they record in the coalition's
transparency log (`ACTIONS`: code → lazy label, the words of the coalition's history).
Its `init_app` imports its modules (views, models…), registers what it adds to the other
features' pages (panels, sections, search sources, reminders…), and ends with
`register_feature`: the log's actions, the feature's part of the demo, then the blueprint.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from flask import Blueprint, Flask

from coordination.coalitions.transparency import register_action
from coordination.demo.generate import register_generator
from coordination.demo.registry import register_demo_loader


@dataclass(frozen=True)
class DemoData:
    """A feature's part of the demo data. `load(world)` adds to the small demo world the
    `demo` command builds, `generate(ctx)` to the large generated one (either may be
    None); `order` places the feature after those whose data it builds on, the same
    order for both since they build on the same data."""

    order: int
    load: Callable | None = None
    generate: Callable | None = None


def register_feature(
    app: Flask,
    bp: Blueprint,
    *,
    log_actions: Mapping[str, object] | None = None,
    demo: DemoData | None = None,
) -> None:
    """Register a feature's log actions (their labels in the coalition's history), its
    part of the demo data, and its blueprint, last, once its views have added their
    routes to it."""
    for code, label in (log_actions or {}).items():
        register_action(code, label)
    if demo is not None and demo.load is not None:
        register_demo_loader(demo.order, demo.load)
    if demo is not None and demo.generate is not None:
        register_generator(demo.order, demo.generate)
    app.register_blueprint(bp)
