"""Credentials for achievements that are not an enrolment's pass (a renewal requirement
met, a role designation): issued once per source, signed, revocable and verified like
the others."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from audit.models import AuditEvent
from credentials.models import Credential
from credentials.services import (
    credential_issue_for_achievement,
    credential_revoke,
    credential_source_key,
)
from credentials.verification import verify_stored

pytestmark = pytest.mark.django_db

RENEWAL = {
    "kind": Credential.Kind.RENEWAL,
    "code": "renewal-requirement-met",
    "name": "License renewal requirement met",
    "description": "Earned the micro-credentials a renewal cycle requires.",
    "criteria": "Three micro-credentials from the renewal list within the five-year cycle.",
}


def _issue(educator, source="licenses.renewalcycle:7", **overrides):
    return credential_issue_for_achievement(
        educator=educator.educator_profile, source=source, **{**RENEWAL, **overrides}
    )


def test_achievement_credential_is_signed_schema_valid_and_verifies(educator):
    credential = _issue(educator, evidence=[{"name": "Counted", "narrative": "CE, AL, FE"}])
    result = verify_stored(credential)
    assert result.ok, result.problems
    assert result.schema_problems == []
    achievement = result.achievement
    assert achievement["name"] == "License renewal requirement met"
    assert achievement["id"].endswith("/public/achievements/renewal-requirement-met/")
    assert achievement["criteria"]["narrative"].startswith("Three micro-credentials")
    assert result.claims["evidence"][0]["narrative"] == "CE, AL, FE"
    assert credential.title == "License renewal requirement met"
    assert credential.enrollment is None and credential.micro_credential is None
    assert AuditEvent.objects.filter(
        action="credentials.issued", target_id=str(credential.pk)
    ).exists()


def test_same_source_issues_once(educator):
    first = _issue(educator)
    again = _issue(educator, name="Something else")
    assert again.pk == first.pk
    assert Credential.objects.filter(kind="renewal").count() == 1
    other_cycle = _issue(educator, source="licenses.renewalcycle:8")
    assert other_cycle.pk != first.pk


def test_database_holds_one_credential_per_kind_and_source(educator):
    first = _issue(educator)
    duplicate = Credential.objects.get(pk=first.pk)
    duplicate.pk = None
    duplicate.public_id = "x" * 22
    duplicate.uuid = duplicate.subject_uuid
    duplicate.status_index = first.status_index + 1
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save(force_insert=True)


def test_source_of_another_educator_is_refused_and_nothing_written(educator, other_educator):
    _issue(educator)
    with pytest.raises(ValidationError, match="another educator"):
        _issue(other_educator)
    assert not Credential.objects.filter(educator=other_educator.educator_profile).exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("kind", "micro_credential"),
        ("code", "Not A Slug"),
        ("name", "  "),
        ("criteria", ""),
        ("achievement_type", "NotAnOpenBadgesType"),
    ],
)
def test_bad_input_is_refused_and_nothing_written(educator, field, value):
    with pytest.raises(ValidationError):
        _issue(educator, **{field: value})
    assert not Credential.objects.exists()


def test_source_may_be_a_saved_object(educator):
    profile = educator.educator_profile
    assert credential_source_key(profile) == f"enrollment.educatorprofile:{profile.pk}"
    credential = _issue(educator, source=profile, kind=Credential.Kind.DESIGNATION)
    assert credential.source_key == f"enrollment.educatorprofile:{profile.pk}"


def test_revoked_achievement_credential_reads_revoked_on_its_public_page(client, educator, lac):
    credential = _issue(educator)
    credential_revoke(credential=credential, by=lac, reason="Issued in error.")
    assert verify_stored(credential).status == "revoked"
    page = client.get(reverse("credentials:public-credential", args=[credential.public_id]))
    assert page.status_code == 200
    assert "License renewal requirement met" in page.content.decode()
    assert "revoked" in page.content.decode().lower()


def test_owner_sees_the_achievement_credential_page(client, educator):
    credential = _issue(educator)
    client.force_login(educator)
    page = client.get(reverse("credentials:credential-detail", args=[credential.pk]))
    assert page.status_code == 200
    assert "License renewal requirement met" in page.content.decode()
