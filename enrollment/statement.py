"""The one-page eligibility statement: WeasyPrint with the project's fonts, no network."""

from django.template.loader import render_to_string

from apl.pdf import FONT_DIR, local_fetcher, pdf_bytes, pdf_document


def local_only_fetcher():
    """Serve files from static/fonts and nothing else: no network, no other file on disk."""
    return local_fetcher(FONT_DIR)


def statement_pdf(*, profile, programme, advancement, today) -> bytes:
    return pdf_bytes(
        statement_document(
            profile=profile, programme=programme, advancement=advancement, today=today
        )
    )


def statement_document(*, profile, programme, advancement, today):
    """The laid-out statement (``.pages`` to check it fits on one)."""
    html = render_to_string(
        "enrollment/eligibility_statement.html",
        {
            "profile": profile,
            "programme": programme,
            "advancement": advancement,
            "today": today,
            "font_dir": FONT_DIR.as_uri(),
        },
    )
    return pdf_document(html, root=FONT_DIR)
