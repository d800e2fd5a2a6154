"""Revoking asks for a reason, then shows exactly what the public page will say (the same
template partial), and revokes only on confirm; the revocation is audited."""

import pytest
from django.urls import reverse

from audit.models import AuditEvent

pytestmark = pytest.mark.django_db

REASON = "Issued in error: score entered for the wrong educator."


def _url(credential):
    return reverse("credentials:credential-revoke", args=[credential.pk])


def test_the_reason_step_previews_the_public_page_and_changes_nothing(client, lac, credential):
    client.force_login(lac)
    response = client.post(_url(credential), {"reason": REASON})
    html = response.content.decode()
    assert response.status_code == 200
    credential.refresh_from_db()
    assert credential.revoked_at is None
    assert not AuditEvent.objects.filter(action="credentials.revoked").exists()
    assert 'data-testid="revoke-preview"' in html
    assert "Revoked credential" in html
    assert f"reason: {REASON}" in html
    assert 'name="confirm" value="yes"' in html


def test_the_preview_is_what_the_public_page_then_says(client, lac, credential):
    client.force_login(lac)
    preview = client.post(_url(credential), {"reason": REASON}).content.decode()
    client.post(_url(credential), {"reason": REASON, "confirm": "yes"})
    client.logout()
    public = client.get(
        reverse("credentials:public-credential", args=[credential.public_id])
    ).content.decode()

    def record(html: str) -> str:
        start = html.index('<p class="usa-intro">A credential')
        end = html.index("</dl>", start)
        return html[start:end].replace("preview-result-heading", "credential-result-heading")

    assert record(preview) == record(public)


def test_confirming_revokes_and_audits(client, lac, credential):
    client.force_login(lac)
    response = client.post(_url(credential), {"reason": REASON, "confirm": "yes"})
    assert response.status_code == 302
    credential.refresh_from_db()
    assert credential.revoked_at is not None
    assert credential.revocation_reason == REASON
    assert credential.revoked_by == lac
    event = AuditEvent.objects.get(action="credentials.revoked")
    assert event.target_id == str(credential.pk)


def test_no_reason_is_refused_next_to_the_field_and_nothing_is_written(client, lac, credential):
    client.force_login(lac)
    for data in ({"reason": ""}, {"reason": "  ", "confirm": "yes"}):
        response = client.post(_url(credential), data)
        assert response.status_code == 200
        assert "This field is required." in response.content.decode()
    credential.refresh_from_db()
    assert credential.revoked_at is None


def test_the_get_page_asks_for_the_reason_first(client, lac, credential):
    client.force_login(lac)
    html = client.get(_url(credential)).content.decode()
    assert "Preview the public page" in html
    assert 'data-testid="revoke-preview"' not in html


def test_an_already_revoked_credential_goes_back_to_its_page(client, lac, credential):
    client.force_login(lac)
    client.post(_url(credential), {"reason": REASON, "confirm": "yes"})
    response = client.post(_url(credential), {"reason": "Again", "confirm": "yes"})
    assert response.status_code == 302
    credential.refresh_from_db()
    assert credential.revocation_reason == REASON


def test_the_educator_and_the_liaison_may_not_revoke(client, educator, liaison, credential):
    for user in (educator, liaison):
        client.force_login(user)
        assert client.get(_url(credential)).status_code == 403
        assert client.post(_url(credential), {"reason": "x", "confirm": "yes"}).status_code == 403
    credential.refresh_from_db()
    assert credential.revoked_at is None
