"""The certificate PDF: WeasyPrint with the project's own fonts, no network at all."""

import base64
import io

import qrcode
import qrcode.image.svg
from django.template.loader import render_to_string
from django.utils import timezone

from apl.pdf import FONT_DIR, local_fetcher, render_pdf


def _local_only_fetcher():
    """The fonts folder and data: URIs (the QR code); no network, no other file on disk."""
    return local_fetcher(FONT_DIR, allow_data=True)


def qr_data_uri(url: str) -> str:
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def certificate_pdf(*, credential, verification, public_url: str) -> bytes:
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
    return render_pdf(html, root=FONT_DIR, allow_data=True)
