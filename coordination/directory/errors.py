"""The directory's refusals: one error class, with a message for the user."""

from coordination.errors import Refused


class DirectoryError(Refused):
    """A refused change, with a message for the user."""
