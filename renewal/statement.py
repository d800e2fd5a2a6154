"""The renewal statement for the licensure bureau: one page, rendered without the network."""

from django.template.loader import render_to_string

from apl.pdf import FONT_DIR, local_fetcher
from enrollment.stacks import completed_stacks


def renewal_statement_html(*, renewal, today) -> str:
    """The statement as HTML: the renewal cycle and the stacks the educator completed."""
    return render_to_string(
        "renewal/statement_pdf.html",
        {
            "r": renewal,
            "s": renewal.status,
            "today": today,
            "font_dir": FONT_DIR.as_uri(),
            "stacks": completed_stacks(renewal.educator),
        },
    )


def renewal_statement_pdf(*, renewal, today) -> bytes:
    from weasyprint import HTML

    html = renewal_statement_html(renewal=renewal, today=today)
    return HTML(
        string=html, base_url=FONT_DIR.as_uri() + "/", url_fetcher=local_fetcher(FONT_DIR)
    ).write_pdf()
