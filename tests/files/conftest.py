"""Fixtures for the files other programs read: the SMTP recorder of the reminder tests."""

from tests.notifications.conftest import smtp, smtp_server  # noqa: F401
