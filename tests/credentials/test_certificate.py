"""The certificate PDF: rendered offline with the project's fonts and a QR code."""

import pytest
from django.urls import reverse

from credentials import pdf

pytestmark = pytest.mark.django_db


def test_certificate_is_a_pdf_with_the_educator_and_the_qr_target(client, educator, credential):
    client.force_login(educator)
    response = client.get(reverse("credentials:credential-certificate", args=[credential.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert b"/Length1" in response.content  # an embedded TrueType font (Public Sans)


def test_certificate_text_names_who_what_when_and_the_link(educator, credential):
    from credentials.verification import verify_stored

    captured = {}
    original = pdf.render_to_string

    def spy(template, context):
        captured.update(context)
        return original(template, context)

    pdf.render_to_string = spy
    try:
        pdf.certificate_pdf(
            credential=credential,
            verification=verify_stored(credential),
            public_url="http://127.0.0.1:8000/credentials/public/c/x/",
        )
    finally:
        pdf.render_to_string = original
    html = original("credentials/certificate.html", captured)
    assert educator.get_full_name() in html
    assert "Classroom Environment" in html
    assert "1B Demonstrating Knowledge of Students" in html
    assert "/credentials/public/c/x/" in html
    assert captured["qr"].startswith("data:image/svg+xml;base64,")


@pytest.mark.parametrize(
    "url",
    ["http://example.org/font.ttf", "https://127.0.0.1/x.css", "file:///etc/passwd", "ftp://x/y"],
)
def test_the_pdf_fetcher_refuses_anything_but_the_fonts(url):
    with pytest.raises(ValueError):
        pdf._local_only_fetcher().fetch(url)


def test_the_pdf_fetcher_serves_the_fonts():
    fetched = pdf._local_only_fetcher().fetch((pdf.FONT_DIR / "PublicSans-Regular.ttf").as_uri())
    assert fetched is not None
