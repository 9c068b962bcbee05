"""Template helpers of the commitments: a status's translated label."""

from flask import Flask

from coordination.commitments.forms import STATUS_LABELS
from coordination.directory.filters import labeller


def init_app(app: Flask) -> None:
    app.add_template_global(labeller("commitment status", STATUS_LABELS), "commitment_status_label")
