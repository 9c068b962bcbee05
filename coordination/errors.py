"""The one base of every refused operation.

Operations raise a subclass (`MeetingError`, `StatementError`, `DirectoryError`,
`DecisionError`, `CoalitionError`, `AccountError`) when a rule forbids a change; its text
is a translated message the user can act on. Views never catch these one by one: they
call the operation through `coordination.web.writes.perform`, which rolls back, shows the
message and keeps the form as typed. This leaf module imports nothing from the package.
"""


class Refused(ValueError):
    """A change the rules forbid; `str(error)` is the (translated) message for the user."""
