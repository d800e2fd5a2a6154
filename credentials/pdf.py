"""The certificate PDF: WeasyPrint with the project's own fonts, no network at all."""

import base64
import io
from pathlib import Path

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

FONT_DIR = (Path(settings.BASE_DIR) / "static" / "fonts").resolve()


def _local_only_fetcher():
    """A fetcher that serves the fonts folder and data: URIs and refuses everything else:
    no network, no other file on disk."""
    from urllib.parse import unquote, urlsplit

    from weasyprint.urls import URLFetcher

    class LocalOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("file:"):
                path = Path(unquote(urlsplit(url).path)).resolve()
                if not (path.is_relative_to(FONT_DIR) and path.is_file()):
                    raise ValueError(f"refused {url[:80]!r}: certificates load local fonts only")
            elif not url.startswith("data:"):
                raise ValueError(f"refused {url[:80]!r}: certificates load local fonts only")
            return super().fetch(url, headers)

    return LocalOnlyFetcher(allowed_protocols=("file", "data"), allow_redirects=False)


def qr_data_uri(url: str) -> str:
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def certificate_pdf(*, credential, verification, public_url: str) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "credentials/certificate.html",
        {
            "credential": credential,
            "v": verification,
            "issued_on": timezone.localtime(credential.issued_at).date(),
            "public_url": public_url,
            "qr": qr_data_uri(public_url),
            "font_dir": FONT_DIR.as_uri(),
        },
    )
    document = HTML(
        string=html, base_url=FONT_DIR.as_uri() + "/", url_fetcher=_local_only_fetcher()
    )
    return document.write_pdf()
