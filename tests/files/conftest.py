"""Fixtures for the files other programs read: the SMTP recorder of the reminder tests and
the directory of the directory tests."""

from tests.directory.conftest import directory, world  # noqa: F401
from tests.meetings.conftest import plan  # noqa: F401
from tests.notifications.conftest import smtp, smtp_server  # noqa: F401
from tests.statements.conftest import draft  # noqa: F401
