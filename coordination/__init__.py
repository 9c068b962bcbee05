"""Concertation: associations coordinating as peers.

`create_app()` reads as the table of contents of the application.
"""

import importlib
import logging
from pathlib import Path

from flask import Flask

from coordination.config import FEATURES, build_config
from coordination.extensions import babel, csrf, db, login_manager, migrate

PACKAGE_ROOT = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_ROOT.parent


def create_app(config: dict | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_path=str(PROJECT_ROOT / "instance"),
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.update(build_config(Path(app.instance_path), PACKAGE_ROOT))
    if config:
        app.config.update(config)

    configure_logger(app)
    register_extensions(app)
    register_features(app)
    return app


def configure_logger(app: Flask) -> None:
    if not app.debug and not app.testing:
        logging.basicConfig(
            level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
        )


def register_extensions(app: Flask) -> None:
    from coordination.web.i18n import install_fast_gettext, select_locale, select_timezone

    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    login_manager.init_app(app)
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    install_fast_gettext(app)


def register_features(app: Flask) -> None:
    """Each feature package exposes `init_app(app)`: blueprint, CLI, hooks, models."""
    for name in FEATURES:
        module = importlib.import_module(f"coordination.{name}")
        module.init_app(app)
