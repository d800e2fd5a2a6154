"""A bad public credential link answers a 404 that speaks to the public: no account needed,
no "sign in first"; other missing pages keep the signed-out hint."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path", ["/credentials/public/c/not-a-real-id/", "/credentials/public/c/%00/"]
)
def test_a_bad_credential_link_speaks_to_the_public(client, path):
    response = client.get(path)
    assert response.status_code == 404
    page = response.content.decode()
    assert "Credential not found" in page
    assert "sign in" not in page.lower().split("<main", 1)[-1].split("</main>", 1)[0]
    assert "Ask the educator who shared it" in page
    assert "/credentials/public/verify/" in page


def test_other_missing_pages_still_help_a_signed_out_reader(client):
    page = client.get("/no-such-page/").content.decode()
    assert "Page not found" in page and "sign in first" in page


def test_a_signed_in_reader_is_not_told_to_sign_in(client, educator):
    client.force_login(educator)
    page = client.get("/no-such-page/").content.decode()
    assert "Page not found" in page and "sign in first" not in page
