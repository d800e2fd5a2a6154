"""The one-page eligibility statement: WeasyPrint with the project's fonts, no network."""

from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.template.loader import render_to_string

FONT_DIR = (Path(settings.BASE_DIR) / "static" / "fonts").resolve()


def local_only_fetcher():
    """Serve files from static/fonts and nothing else: no network, no other file on disk."""
    from weasyprint.urls import URLFetcher

    class LocalFontsOnly(URLFetcher):
        def fetch(self, url, headers=None):
            if not url.startswith("file:"):
                raise ValueError(f"refused {url[:80]!r}: the statement loads local fonts only")
            path = Path(unquote(urlsplit(url).path)).resolve()
            if not (path.is_relative_to(FONT_DIR) and path.is_file()):
                raise ValueError(f"refused {url[:80]!r}: the statement loads local fonts only")
            return super().fetch(url, headers)

    return LocalFontsOnly(allowed_protocols=("file",), allow_redirects=False)


def statement_pdf(*, profile, programme, advancement, today) -> bytes:
    return statement_document(
        profile=profile, programme=programme, advancement=advancement, today=today
    ).write_pdf()


def statement_document(*, profile, programme, advancement, today):
    """The laid-out statement (``.pages`` to check it fits on one)."""
    from weasyprint import HTML

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
    return HTML(
        string=html, base_url=FONT_DIR.as_uri() + "/", url_fetcher=local_only_fetcher()
    ).render()
