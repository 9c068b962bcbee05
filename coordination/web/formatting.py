"""Text fields that accept formatting: what to tell the person, in plain words (never
"Markdown"), and a preview of what others will read.

A form marks such a field with `render_kw=FORMATTED` and its help (`description`) says
how to format (`HELP`, or `HELP_WITH_HEADINGS` for minutes). The form macro then adds a
"Preview" button: without JavaScript it posts the form to `/preview` in a new tab (the
person's text stays in the form); with JavaScript (static/js/preview.js) the same request
shows the preview under the field. Nothing is saved by a preview.
"""

from flask import Blueprint, render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import login_required

from coordination.web.markdown import render_markdown

FORMATTED = {"data-formatting": "1"}
# No "<" nor ">" here: Flask-Babel's lazy strings are inserted in pages as markup.
HELP = _l(
    "Formatting: **bold**, *italics*, a line starting with “- ” for a list, "
    "a link as [the words to click](https://example.org)."
)
HELP_WITH_HEADINGS = _l(
    "Formatting: a line starting with “## ” for a heading, “- ” for a list, **bold**, "
    "a link as [the words to click](https://example.org)."
)
PREVIEW_MAX = 200_000

bp = Blueprint("formatting", __name__)


@bp.route("/preview", methods=["POST"])
@login_required
def preview():
    """The formatted text of the field named by the pressed button (`preview`); an empty
    preview when there is no such field (nothing to show is not an error)."""
    name = request.form.get("preview", "")
    text = request.form.get(name, "")[:PREVIEW_MAX] if name else ""
    html = render_markdown(text, top=3)
    if request.headers.get("X-Preview") == "fragment":
        return render_template("_preview.html", html=html)
    return render_template("_preview_page.html", html=html)
