"""The renewal statement for the licensure bureau: one page, rendered without the network."""

from collections.abc import Callable

from django.template.loader import render_to_string

from apl.pdf import FONT_DIR, local_fetcher
from enrollment.stacks import completed_stacks

# Apps above this one add sections (e.g. advanced role designations) from AppConfig.ready:
# ``provider(educator) -> {"heading", "columns", "rows"} | None``.
STATEMENT_SECTIONS: list[Callable] = []


def register_statement_section(provider: Callable) -> Callable:
    if provider not in STATEMENT_SECTIONS:
        STATEMENT_SECTIONS.append(provider)
    return provider


def renewal_statement_html(*, renewal, today) -> str:
    """The statement as HTML: the renewal cycle, the stacks the educator completed, and the
    sections other apps add (designations beside the stacks)."""
    sections = [s for s in (p(renewal.educator) for p in STATEMENT_SECTIONS) if s]
    return render_to_string(
        "renewal/statement_pdf.html",
        {
            "r": renewal,
            "s": renewal.status,
            "today": today,
            "font_dir": FONT_DIR.as_uri(),
            "stacks": completed_stacks(renewal.educator),
            "sections": sections,
        },
    )


def renewal_statement_pdf(*, renewal, today) -> bytes:
    from weasyprint import HTML

    html = renewal_statement_html(renewal=renewal, today=today)
    return HTML(
        string=html, base_url=FONT_DIR.as_uri() + "/", url_fetcher=local_fetcher(FONT_DIR)
    ).write_pdf()
