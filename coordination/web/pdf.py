"""Printable pages to PDF with WeasyPrint, from the same templates as the print view.

The PDFs are tagged (PDF/UA-1: structure tree, headings, lists and tables that screen
readers follow), with a title, an author (the coalition, else Concertation) and the
document's language from <html lang>."""

from flask import Response, current_app, render_template
from flask_babel import get_locale

PDF_VARIANT = "pdf/ua-1"
DEFAULT_AUTHOR = "Concertation"


def _author(context: dict) -> str:
    coalition = context.get("coalition")
    return getattr(coalition, "name", "") or DEFAULT_AUTHOR


def pdf_bytes(html: str, *, author: str, lang: str | None = None) -> bytes:
    from weasyprint import HTML  # heavy import, only when a PDF is asked for

    document = HTML(string=html, base_url=current_app.static_folder).render(
        pdf_variant=PDF_VARIANT, pdf_tags=True
    )
    document.metadata.authors = [author]
    if lang and not document.metadata.lang:
        document.metadata.lang = lang
    document.metadata.generator = "Concertation"
    return document.write_pdf(pdf_variant=PDF_VARIANT, pdf_tags=True)


def render_pdf(template: str, filename: str, **context) -> Response:
    html = render_template(template, pdf=True, **context)
    pdf = pdf_bytes(html, author=_author(context), lang=str(get_locale() or "fr"))
    response = Response(pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
