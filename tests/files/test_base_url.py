"""Links written into files read elsewhere point to the address actually served: BASE_URL
when set, else the request's host and port, else `flask run`'s (what `make run` passes)."""

import logging
import re

from coordination import create_app
from coordination.notifications.mail import external_url
from coordination.web import urls
from tests.conftest import TEST_CONFIG, login


def test_without_base_url_the_calendar_address_uses_the_served_port(app, db, make, monkeypatch):
    monkeypatch.setitem(app.config, "BASE_URL", "")
    delegate = make.delegate()
    db.session.commit()
    client = login(app.test_client(), delegate)
    page = client.post(
        "/meetings/calendar",
        {},
        token_from="/meetings/calendar",
        base_url="http://localhost:5066",  # as `flask run --port 5066` is reached
    )
    text = page.get_data(as_text=True)
    assert re.search(r'value="http://localhost:5066/meetings/feed/[^"]+\.ics"', text), text[:3000]
    assert "127.0.0.1:5000" not in text


def test_base_url_wins_and_jobs_use_flask_runs_host_and_port(app, monkeypatch):
    monkeypatch.setitem(app.config, "BASE_URL", "https://concertation.example/")
    with app.app_context():
        assert urls.base_url() == "https://concertation.example"
        assert external_url("notifications.preferences").startswith("https://concertation.example/")
    monkeypatch.setitem(app.config, "BASE_URL", "")
    monkeypatch.setenv("FLASK_RUN_HOST", "192.0.2.7")
    monkeypatch.setenv("FLASK_RUN_PORT", "5066")
    with app.app_context():  # a background job: no request
        assert external_url("notifications.preferences") == (
            "http://192.0.2.7:5066/notifications/preferences"
        )


def test_makefile_run_passes_base_url_of_the_served_port():
    from pathlib import Path

    makefile = (Path(__file__).parents[2] / "Makefile").read_text()
    assert "BASE_URL ?= http://$(HOST):$(PORT)" in makefile
    assert makefile.count("BASE_URL=$(BASE_URL) $(FLASK)") == 2  # web server and scheduler


def test_production_without_base_url_warns_at_start_up(caplog, tmp_path):
    config = {**TEST_CONFIG, "PRODUCTION": True, "BASE_URL": "", "MAIL_OUTBOX": str(tmp_path)}
    with caplog.at_level(logging.WARNING):
        create_app(config)
    assert any("BASE_URL is not set" in r.getMessage() for r in caplog.records)
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        create_app({**config, "BASE_URL": "https://concertation.example"})
    assert not any("BASE_URL" in r.getMessage() for r in caplog.records)
