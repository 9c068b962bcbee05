"""Demo data: fictional coalitions, associations and people for trying the platform."""

from flask import Flask


def init_app(app: Flask) -> None:
    from coordination.demo import cli

    app.cli.add_command(cli.demo_cli)
