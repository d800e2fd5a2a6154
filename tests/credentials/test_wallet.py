"""Where a credential goes: the Learner Credential Wallet's deep link and its QR code, a
signed expiring address the wallet fetches the signed credential from, LinkedIn's form
filled in, and the signed JSON; linked from My credentials and the pathway."""

import json
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from credentials import ob3, wallet
from credentials.services import credential_revoke

pytestmark = pytest.mark.django_db


def _page(client, educator, credential):
    client.force_login(educator)
    response = client.get(reverse("credentials:credential-wallet", args=[credential.pk]))
    assert response.status_code == 200
    return response


def test_the_wallet_page_offers_the_deep_link_its_qr_linkedin_and_the_file(
    client, educator, credential, settings
):
    response = _page(client, educator, credential)
    html = response.content.decode()
    link = response.context["deep_link"]
    parts = urlsplit(link)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == "dccrequest://request"
    query = parse_qs(parts.query)
    assert query["issuer"] == [ob3.issuer_id()]
    assert query["auth_type"] == ["bearer"]
    request_url = query["vc_request_url"][0]
    assert request_url.startswith(settings.SITE_URL + "/credentials/public/wallet/")
    assert f'href="{link.replace("&", "&amp;")}"' in html
    assert 'src="data:image/svg+xml;base64,' in html
    assert 'alt="QR code that opens this credential in the Learner Credential Wallet"' in html
    assert reverse("credentials:credential-download-json", args=[credential.pk]) in html
    assert "https://www.linkedin.com/profile/add?" in html


def test_the_qr_code_holds_the_deep_link(client, educator, credential):
    import base64

    response = _page(client, educator, credential)
    svg = base64.b64decode(response.context["qr"].split(",", 1)[1])
    assert svg.lstrip().startswith(b"<?xml") or b"<svg" in svg[:200]
    # Drawn here from the same link: the same input gives the same code.
    assert response.context["qr"] == wallet.qr_data_uri(response.context["deep_link"])


def test_the_wallet_request_address_answers_with_the_signed_credential(
    client, educator, credential
):
    url = parse_qs(urlsplit(wallet.lcw_deep_link(credential)).query)["vc_request_url"][0]
    path = urlsplit(url).path
    presentation = json.dumps({"type": ["VerifiablePresentation"]})
    for response in (
        client.get(path),
        client.post(path, data=presentation, content_type="application/json"),
    ):
        assert response.status_code == 200
        assert response["Access-Control-Allow-Origin"] == "*"
        document = json.loads(response.content)
        assert document["id"] == credential.uuid.urn
        assert document == wallet.signed_document(credential)
    assert AuditEvent.objects.filter(action="credentials.wallet_requested").count() == 2


def test_a_forged_or_old_wallet_address_is_not_found(client, credential):
    token = wallet.wallet_token(credential)
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert (
        client.get(reverse("credentials:public-wallet-credential", args=[forged])).status_code
        == 404
    )
    with time_machine.travel(timezone.now() + timezone.timedelta(days=8)):
        url = reverse("credentials:public-wallet-credential", args=[token])
        assert client.get(url).status_code == 404


def test_a_revoked_credential_is_not_handed_to_a_wallet(client, educator, lac, credential):
    url = reverse("credentials:public-wallet-credential", args=[wallet.wallet_token(credential)])
    credential_revoke(credential=credential, by=lac, reason="Issued in error")
    assert client.get(url).status_code == 410
    html = _page(client, educator, credential).content.decode()
    assert "can no longer be added to a wallet" in html
    assert "dccrequest://" not in html


def test_linkedin_link_fills_the_certification_fields(credential):
    url = wallet.linkedin_url(
        credential, share_url="https://apl.example/c/x/", issuer_name="NM PED"
    )
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == "https://www.linkedin.com/profile/add"
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    issued = timezone.localtime(credential.issued_at)
    assert query == {
        "startTask": "CERTIFICATION_NAME",
        "name": "Classroom Environment",
        "organizationName": "NM PED",
        "issueYear": str(issued.year),
        "issueMonth": str(issued.month),
        "certUrl": "https://apl.example/c/x/",
        "certId": credential.public_id,
    }


def test_download_json_is_the_signed_document(client, educator, credential):
    client.force_login(educator)
    response = client.get(reverse("credentials:credential-download-json", args=[credential.pk]))
    assert response["Content-Disposition"].startswith("attachment;")
    assert json.loads(response.content) == wallet.signed_document(credential)


def test_my_credentials_and_the_pathway_link_to_the_wallet_page(client, educator, credential):
    client.force_login(educator)
    wallet_url = reverse("credentials:credential-wallet", args=[credential.pk])
    mine = client.get(reverse("credentials:my-credentials")).content.decode()
    assert wallet_url in mine and "Add to wallet or LinkedIn" in mine
    pathway = client.get(reverse("enrollment:pathway")).content.decode()
    assert wallet_url in pathway


def test_only_the_educator_adds_to_a_wallet(client, lac, other_educator, credential):
    url = reverse("credentials:credential-wallet", args=[credential.pk])
    client.force_login(lac)
    assert client.get(url).status_code == 403
    client.force_login(other_educator)
    assert client.get(url).status_code == 404
