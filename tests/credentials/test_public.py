"""The public pages: no account, nothing beyond what the educator shares, never indexed,
rate-limited per address, and a tampered id is simply not found."""

import pytest
from django.urls import reverse

from credentials.services import credential_set_sharing

pytestmark = pytest.mark.django_db


def _url(credential):
    return reverse("credentials:public-credential", args=[credential.public_id])


def test_a_shared_link_shows_name_achievement_date_and_status_only(client, educator, credential):
    response = client.get(_url(credential))
    html = response.content.decode()
    assert response.status_code == 200
    assert educator.get_full_name() in html
    assert "Classroom Environment" in html
    assert "valid (not revoked)" in html and "signature verified" in html
    assert educator.email not in html
    assert "92.5" not in html  # the score stays with the educator and staff
    assert str(credential.pk) + "/evidence" not in html


@pytest.mark.parametrize(
    "tamper",
    [
        lambda pid: pid[:-1] + ("A" if pid[-1] != "A" else "B"),
        lambda pid: pid[:-1],
        lambda pid: pid + "x",
        lambda pid: "..%2F" + pid[5:],
    ],
)
def test_a_tampered_public_id_answers_404(client, credential, tamper):
    url = reverse("credentials:public-credential", args=["PLACEHOLDER"]).replace(
        "PLACEHOLDER", tamper(credential.public_id)
    )
    assert client.get(url).status_code == 404


def test_public_ids_are_128_random_bits(credential):
    from credentials.signing import b64url_decode

    assert len(b64url_decode(credential.public_id)) == 16


@pytest.mark.parametrize(
    "name,args",
    [
        ("credentials:public-verifier", ()),
        ("credentials:public-issuer", ()),
        ("credentials:public-domains", ()),
    ],
)
def test_public_pages_tell_search_engines_not_to_index(client, db, name, args):
    response = client.get(reverse(name, args=args))
    assert "noindex" in response["X-Robots-Tag"]
    assert '<meta name="robots" content="noindex' in response.content.decode()


def test_the_credential_page_is_not_indexed_or_cached(client, credential):
    response = client.get(_url(credential))
    assert "noindex" in response["X-Robots-Tag"]
    assert '<meta name="robots" content="noindex' in response.content.decode()
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_draining_the_bucket_gives_429(client, credential, settings):
    settings.APL_PUBLIC_RATE_LIMIT = 5
    url = _url(credential)
    statuses = [client.get(url).status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]
    assert "noindex" in client.get(url)["X-Robots-Tag"]
    # Another address has its own budget.
    assert client.get(url, REMOTE_ADDR="203.0.113.9").status_code == 200


def test_the_verifier_is_rate_limited_too(client, db, settings):
    settings.APL_PUBLIC_RATE_LIMIT = 2
    url = reverse("credentials:public-verifier")
    assert [client.post(url, {"credential": "x"}).status_code for _ in range(3)] == [
        200,
        200,
        429,
    ]


def test_sharing_off_says_only_that_it_exists_and_is_valid(client, educator, credential):
    credential_set_sharing(credential=credential, enabled=False, by=educator)
    html = client.get(_url(credential)).content.decode()
    assert "chosen not to share" in html
    assert "valid (not revoked)" in html
    assert educator.get_full_name() not in html
    assert "Classroom Environment" not in html


def test_the_educator_turns_sharing_off_and_on(client, educator, credential):
    client.force_login(educator)
    url = reverse("credentials:credential-sharing", args=[credential.pk])
    client.post(url, {"sharing": "off"})
    credential.refresh_from_db()
    assert credential.sharing_enabled is False
    client.post(url, {"sharing": "on"})
    credential.refresh_from_db()
    assert credential.sharing_enabled is True


def test_issuer_profile_and_keys_are_public_json(client, credential):
    import json

    profile = json.loads(client.get(reverse("credentials:public-issuer-json")).content)
    assert profile["type"] == ["Profile"]
    assert profile["name"] == "New Mexico Public Education Department"
    assert profile["id"] == "did:web:127.0.0.1%3A8000"  # the issuer is its DID
    keys = json.loads(client.get(reverse("credentials:public-keys")).content)["keys"]
    assert all("d" not in key for key in keys)
