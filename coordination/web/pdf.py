"""Printable pages to PDF with WeasyPrint, from the same templates as the print view."""

from flask import Response, current_app, render_template


def render_pdf(template: str, filename: str, **context) -> Response:
    from weasyprint import HTML  # heavy import, only when a PDF is asked for

    html = render_template(template, pdf=True, **context)
    pdf = HTML(string=html, base_url=current_app.static_folder).write_pdf()
    response = Response(pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
