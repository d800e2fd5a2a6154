"""The renewal statement for the licensure bureau: one page, rendered without the network."""

from django.template.loader import render_to_string

from apl.pdf import FONT_DIR, local_fetcher


def renewal_statement_pdf(*, renewal, today) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "renewal/statement_pdf.html",
        {"r": renewal, "s": renewal.status, "today": today, "font_dir": FONT_DIR.as_uri()},
    )
    return HTML(
        string=html, base_url=FONT_DIR.as_uri() + "/", url_fetcher=local_fetcher(FONT_DIR)
    ).write_pdf()
