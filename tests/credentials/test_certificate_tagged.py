"""The certificate PDF is tagged (PDF/UA-1) and states its language."""

import pytest
from django.urls import reverse

from tests.tagged_pdf import assert_tagged

pytestmark = pytest.mark.django_db


def test_the_certificate_pdf_is_tagged(client, educator, credential):
    client.force_login(educator)
    response = client.get(reverse("credentials:credential-certificate", args=[credential.pk]))
    assert response.status_code == 200
    assert_tagged(response.content)
