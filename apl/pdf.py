"""WeasyPrint without the network: every PDF the project renders loads only its own files."""

from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings

STATIC_DIR = (Path(settings.BASE_DIR) / "static").resolve()
FONT_DIR = STATIC_DIR / "fonts"


def local_fetcher(root: Path, *, allow_data: bool = False):
    """A URL fetcher that serves files under ``root`` (and data: URIs if allowed) only."""
    from weasyprint.urls import URLFetcher

    class LocalOnly(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("file:"):
                path = Path(unquote(urlsplit(url).path)).resolve()
                if not (path.is_relative_to(root) and path.is_file()):
                    raise ValueError(
                        f"refused to fetch {url[:80]!r}: outside the {root.name} folder"
                    )
            elif not (allow_data and url.startswith("data:")):
                raise ValueError(f"refused to fetch {url[:80]!r}: only local files are allowed")
            return super().fetch(url, headers)

    protocols = ("file", "data") if allow_data else ("file",)
    return LocalOnly(allowed_protocols=protocols, allow_redirects=False, fail_on_errors=True)


# Tagged PDF (PDF/UA-1): a structure tree, the document's language and title, so that a
# screen reader can read the reports and certificates (Section 508).
PDF_OPTIONS = {"pdf_variant": "pdf/ua-1"}


def pdf_document(html: str, *, root: Path, allow_data: bool = False):
    """The laid-out WeasyPrint document of ``html``, loading files under ``root`` only
    (``.pages`` to check the layout; ``write_pdf`` for the bytes)."""
    from weasyprint import HTML

    fetcher = local_fetcher(root, allow_data=allow_data)
    return HTML(string=html, base_url=root.as_uri() + "/", url_fetcher=fetcher).render(
        **PDF_OPTIONS
    )


def pdf_bytes(document) -> bytes:
    """A laid-out document as a tagged PDF: every PDF the project serves passes here."""
    return document.write_pdf(**PDF_OPTIONS)


def render_pdf(html: str, *, root: Path, allow_data: bool = False) -> bytes:
    return pdf_bytes(pdf_document(html, root=root, allow_data=allow_data))
