"""Pages on paper: a printable page, and the same page as a PDF file to download."""

from flask import render_template

from coordination.web.pdf import render_pdf


def on_paper(template: str, pdf_filename: str | None, **context):
    """The printable page `template`; with `pdf_filename`, the same page as that PDF file
    (one template and one context for both, so that they never differ)."""
    if pdf_filename is None:
        return render_template(template, **context)
    return render_pdf(template, pdf_filename, **context)
