"""Who may open a credential: its educator and staff who see every credential; the rest 404."""

import pytest
from django.urls import reverse

from credentials.notes import credential_notes
from enrollment.models import Enrollment
from enrollment.progress import notes_for
from tests.factories.credentials import issued_credential

pytestmark = pytest.mark.django_db

DOWNLOADS = [
    "credentials:credential-download-jwt",
    "credentials:credential-download-json",
    "credentials:credential-certificate",
    "credentials:credential-detail",
    "credentials:credential-evidence",
]


@pytest.mark.parametrize("name", DOWNLOADS)
def test_another_educators_credential_is_not_found(client, other_educator, credential, name):
    client.force_login(other_educator)
    assert client.get(reverse(name, args=[credential.pk])).status_code == 404


@pytest.mark.parametrize("name", DOWNLOADS)
def test_the_educator_opens_their_own_credential(client, educator, credential, name):
    client.force_login(educator)
    assert client.get(reverse(name, args=[credential.pk])).status_code == 200


def test_downloads_are_audited(client, educator, credential):
    from audit.models import AuditEvent

    client.force_login(educator)
    client.get(reverse("credentials:credential-download-jwt", args=[credential.pk]))
    event = AuditEvent.objects.get(action="credentials.downloaded")
    assert event.actor == educator and event.target_id == str(credential.pk)


def test_liaison_may_read_but_not_revoke(client, liaison, credential):
    client.force_login(liaison)
    response = client.post(
        reverse("credentials:credential-revoke", args=[credential.pk]), {"reason": "no"}
    )
    assert response.status_code == 403
    credential.refresh_from_db()
    assert credential.revoked_at is None


def test_revoking_needs_a_reason(client, lac, credential):
    client.force_login(lac)
    url = reverse("credentials:credential-revoke", args=[credential.pk])
    response = client.post(url, {"reason": " ", "confirm": "yes"})
    assert response.status_code == 200  # the form again, the error next to the field
    assert "This field is required." in response.content.decode()
    credential.refresh_from_db()
    assert credential.revoked_at is None
    # the same coordinator, with a reason, does revoke: the refusal above was the reason's
    response = client.post(url, {"reason": "Issued in error", "confirm": "yes"}, follow=True)
    assert "Revoked." in response.content.decode()
    credential.refresh_from_db()
    assert credential.revoked_at is not None


def test_staff_cannot_change_an_educators_sharing(client, lac, credential):
    client.force_login(lac)
    url = reverse("credentials:credential-sharing", args=[credential.pk])
    assert client.post(url, {"sharing": "off"}).status_code == 403


def test_pathway_notes_link_every_passed_enrolment_in_one_query(
    educator, django_assert_num_queries
):
    profile = educator.educator_profile
    credentials = [issued_credential(educator=profile, code=c) for c in ("CE", "AL", "MLSS")]
    enrollments = list(Enrollment.objects.filter(educator=profile))
    with django_assert_num_queries(1):
        notes = credential_notes(enrollments)
    for credential in credentials:
        note, wallet_note = notes[credential.enrollment_id]
        assert note.url == reverse("credentials:credential-detail", args=[credential.pk])
        assert wallet_note.url == reverse("credentials:credential-wallet", args=[credential.pk])
    assert credential.enrollment_id in notes_for(enrollments)  # registered with the pathway


def test_the_programme_credential_is_noted_on_the_enrolment_that_completed_it(
    educator, django_assert_num_queries
):
    profile = educator.educator_profile
    stack = [issued_credential(educator=profile, code=c) for c in ("CE", "AL", "MLSS", "CLRI")]
    last = issued_credential(educator=profile, code="FE")
    enrollments = list(Enrollment.objects.filter(educator=profile))
    with django_assert_num_queries(1):
        notes = credential_notes(enrollments)
    assert [n.text.split(" issued")[0] for n in notes[last.enrollment_id]] == [
        "Credential",
        "Take it with you:",
        "APL I-II program credential",
    ]
    assert all(len(notes[c.enrollment_id]) == 2 for c in stack)


def test_detail_page_offers_downloads_share_link_and_linkedin(client, educator, credential):
    client.force_login(educator)
    html = client.get(reverse("credentials:credential-detail", args=[credential.pk])).content
    html = html.decode()
    assert credential.public_id in html
    assert "https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME" in html
    assert reverse("credentials:credential-certificate", args=[credential.pk]) in html
    assert "Hide my details on the public page" in html


def test_educators_find_my_credentials_in_their_navigation(client, world, lac):
    from django.urls import reverse

    from tests.permissions.rules_credentials import _credential

    credential = _credential(world)
    client.force_login(world.educator)
    home = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("credentials:my-credentials")}"' in home and "My credentials" in home
    page = client.get(reverse("credentials:my-credentials")).content.decode()
    assert reverse("credentials:credential-detail", args=[credential.pk]) in page
    client.force_login(world.other_educator)
    other = client.get(reverse("credentials:my-credentials")).content.decode()
    assert credential.title not in other and "no credentials yet" in other
    client.force_login(lac)
    assert "My credentials" not in client.get(reverse("home")).content.decode()
