"""Operator tasks: backups."""

from flask import Flask


def init_app(app: Flask) -> None:
    from coordination.maintenance import cli

    app.cli.add_command(cli.backup)
