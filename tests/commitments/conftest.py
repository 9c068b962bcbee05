"""Commitments are built on the directory: its fixtures (a coalition with an institution,
an office and a contact) serve here too."""

from tests.directory.conftest import Directory, directory, world  # noqa: F401
