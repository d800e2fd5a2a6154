"""The verifier page: valid, revoked, expired, failed and not-a-credential each get their
own USWDS alert variant, icon and heading; a revoked credential never shows "signature
verified" in green; errors are in plain words; a learner record lists each embedded
credential's own result."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from credentials.models import Credential
from credentials.services import credential_issue_for_achievement, credential_revoke
from tests.factories.credentials import issued_credential

pytestmark = pytest.mark.django_db


def _verify(client, text) -> str:
    response = client.post(reverse("credentials:public-verifier"), {"credential": text})
    assert response.status_code == 200
    return response.content.decode()


def _alert(html: str) -> tuple[str, str, str, str]:
    found = re.search(
        r'class="usa-alert usa-alert--(\w+) usa-alert--no-icon apl-credential-result '
        r'apl-credential-result--\w+" data-state="(\w+)".*?#(\w+)"></use></svg> ([^<]+)</h2>',
        html,
        re.S,
    )
    assert found, "no result alert"
    return found.groups()


def _expired(educator):
    return credential_issue_for_achievement(
        educator=educator.educator_profile,
        kind=Credential.Kind.ACHIEVEMENT,
        source="test:expired",
        code="expired-test",
        name="A dated achievement",
        description="",
        criteria="Held for a year.",
        valid_until=timezone.now() - dt.timedelta(days=1),
    )


def test_each_state_has_its_own_variant_icon_and_heading(client, educator, lac):
    valid = issued_credential(educator=educator.educator_profile)
    revoked = issued_credential(educator=educator.educator_profile, code="AL")
    credential_revoke(credential=revoked, by=lac, reason="Issued in error")
    head, payload, signature = valid.jws.split(".")
    looks = {
        "valid": _alert(_verify(client, valid.jws)),
        "revoked": _alert(_verify(client, revoked.jws)),
        "expired": _alert(_verify(client, _expired(educator).jws)),
        "failed": _alert(_verify(client, f"{head}.{payload[:-4]}AAAA.{signature}")),
        "not_a_credential": _alert(_verify(client, "hello")),
    }
    assert looks == {
        "valid": ("success", "valid", "check_circle", "Valid credential"),
        "revoked": ("emergency", "revoked", "cancel", "Revoked credential"),
        "expired": ("warning", "expired", "schedule", "Expired credential"),
        "failed": ("error", "failed", "error", "This credential could not be verified"),
        "not_a_credential": ("info", "not_a_credential", "help", "This is not a credential file"),
    }


def test_a_revoked_credential_never_shows_signature_verified_in_green(client, educator, lac):
    credential = issued_credential(educator=educator.educator_profile)
    credential_revoke(credential=credential, by=lac, reason="Issued in error")
    html = _verify(client, credential.jws)
    assert "signature verified" not in html
    assert "apl-credential-ok" not in html
    assert "reason: Issued in error" in html


@pytest.mark.parametrize(
    "text,words",
    [
        ("hello", "Paste the contents of an APL badge file"),
        ("a.b.c", "Paste the contents of an APL badge file"),
        ('{"a": 1', "it may have been cut short when copied"),
    ],
)
def test_errors_are_in_plain_words(client, db, text, words):
    html = _verify(client, text)
    assert "This is not a credential file" in html
    assert words in html
    assert "compact JWS" not in html and "JSONDecodeError" not in html


def test_an_empty_submission_is_refused_next_to_the_form(client, db):
    response = client.post(reverse("credentials:public-verifier"), {"credential": "  "})
    html = response.content.decode()
    assert "Paste a credential or choose a file." in html
    assert 'data-testid="result"' not in html
