"""The quarterly report as a one-page PDF for a slide deck (WeasyPrint).

Fonts ship with the project (static/fonts); the URL fetcher refuses anything that is not
a file under the project's static folder, so rendering never reaches the network.
"""

from __future__ import annotations

import logging

from django.template.loader import render_to_string

from apl.pdf import FONT_DIR, STATIC_DIR, local_fetcher, pdf_bytes, pdf_document
from reporting.charts import quarter_chart
from reporting.selectors import QuarterlyReport

# WeasyPrint narrates every rendering step at INFO; a worker's log needs none of it.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def local_files_only():
    """A WeasyPrint URL fetcher that serves files under static/ and refuses the rest."""
    return local_fetcher(STATIC_DIR)


def render_document(report: QuarterlyReport):
    """The laid-out WeasyPrint document (one page per programme)."""
    html = render_to_string(
        "reporting/report_pdf.html",
        {
            "report": report,
            "table": report.table(),
            "summary": report.summary.lines(),
            "chart": quarter_chart(report, id_prefix="pdf", width=640, height=220),
            "fonts": FONT_DIR.as_uri(),
        },
    )
    return pdf_document(html, root=STATIC_DIR)


def to_pdf(report: QuarterlyReport) -> bytes:
    return pdf_bytes(render_document(report))
