"""The public intent-to-enroll form: sign-up and intent, or a signed-in confirmation."""

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import User
from accounts.roles import Role
from enrollment.models import EducatorProfile, Intent
from tests.factories import EducatorFactory, EnrollmentFactory
from tests.factories.journey import accepted_intent, cohort, passed

pytestmark = pytest.mark.django_db

URL = "/enrolment/intent/apl-i-ii/"


def sign_up_data(**overrides):
    data = {
        "first_name": "Rosa",
        "last_name": "Chavez",
        "email": "Rosa.Chavez@example.org",
        "license_number": "NM-123456",
        "license_level": "1",
        "district": "Las Cruces Public Schools",
        "school": "Tombaugh Elementary",
        "masters_degree": "False",
        "nbct": "False",
        "password1": "a long enough passphrase 42",
        "password2": "a long enough passphrase 42",
    }
    data.update(overrides)
    return data


def test_the_link_pe_hands_out_is_stable():
    assert reverse("enrollment:intent", args=["apl-i-ii"]) == URL


def test_new_teacher_signs_up_and_states_intent_in_one_form(client, commit):
    with commit(execute=True):
        response = client.post(URL, sign_up_data())
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    user = User.objects.get(email="rosa.chavez@example.org")
    assert user.has_role(Role.EDUCATOR)
    assert user.check_password("a long enough passphrase 42")
    profile = user.educator_profile
    assert (profile.license_number, profile.license_level) == ("NM-123456", 1)
    intent = Intent.objects.get(educator=profile)
    assert intent.status == Intent.Status.PENDING
    subjects = sorted(m.subject for m in mail.outbox)
    assert any("Confirm" in s or "confirm" in s for s in subjects), subjects
    assert any("We received your intent to enroll in APL I-II" in s for s in subjects)
    confirm = next(m for m in mail.outbox if "onfirm" in m.subject)
    assert "/accounts/confirm-email/" in confirm.body


def test_sign_up_with_a_taken_email_answers_the_same_and_tells_the_owner(client, commit):
    owner = EducatorFactory(user__email="rosa.chavez@example.org").user
    with commit(execute=True):
        response = client.post(URL, sign_up_data())
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert User.objects.filter(email__iexact="rosa.chavez@example.org").count() == 1
    assert not Intent.objects.filter(educator__user=owner).exists()
    assert [m.to for m in mail.outbox] == [[owner.email]]
    assert "already have an account" in mail.outbox[0].body


def test_level_that_does_not_fit_is_shown_next_to_the_license_level(client):
    response = client.post(URL, sign_up_data(license_level="2"))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["license_level"]
    assert "APL I-II is for Level 1 teachers" in errors["license_level"][0]
    assert 'id="id_license_level_error"' in response.content.decode()
    assert not User.objects.filter(email__iexact="rosa.chavez@example.org").exists()
    assert mail.outbox == []


def test_every_error_is_shown_next_to_its_field(client):
    response = client.post(URL, sign_up_data(email="nope", password2="different", school=""))
    errors = response.context["form"].errors
    assert {"email", "password2", "school"} <= set(errors)
    html = response.content.decode()
    for field in ("email", "password2", "school"):
        assert f'id="id_{field}_error"' in html


def test_signed_in_educator_just_confirms(client, educator, commit):
    client.force_login(educator)
    with commit(execute=True):
        response = client.post(URL, {"confirm": "on"})
    assert response.status_code == 302
    intent = Intent.objects.get(educator__user=educator)
    assert intent.status == Intent.Status.PENDING
    assert any("We received your intent" in m.subject for m in mail.outbox)


def test_a_second_submission_creates_no_second_intent(client, educator):
    client.force_login(educator)
    client.post(URL, {"confirm": "on"})
    response = client.post(URL, {"confirm": "on"})
    assert response.status_code == 200
    assert "already have an intent" in response.context["form"].errors["confirm"][0]
    assert Intent.objects.filter(educator__user=educator).count() == 1


def test_level_two_teacher_is_told_apl_i_ii_does_not_fit(client):
    user = EducatorFactory(license_level=2).user
    client.force_login(user)
    page = client.get(URL)
    assert "APL I-II is for Level 1 teachers" in page.content.decode()
    response = client.post(URL, {"confirm": "on"})
    assert "Level 1 teachers" in response.context["form"].errors["confirm"][0]
    assert not Intent.objects.exists()


def test_a_teacher_who_completed_the_programme_is_told_so(client, in_q3_24):
    profile = EducatorFactory(license_level=1)
    intent = accepted_intent(profile)
    for code in ("CE", "AL", "MLSS", "CLRI", "FE"):
        passed(EnrollmentFactory(educator=profile, cohort=cohort(code, "Q2/24")))
    intent.status = Intent.Status.WITHDRAWN
    intent.save()
    client.force_login(profile.user)
    response = client.post(URL, {"confirm": "on"})
    assert "already completed APL I-II" in response.context["form"].errors["confirm"][0]
    assert Intent.objects.filter(educator=profile).count() == 1


def test_extra_post_fields_are_ignored(client, educator, other_educator):
    client.force_login(educator)
    client.post(
        URL,
        {
            "confirm": "on",
            "status": "accepted",
            "educator": other_educator.educator_profile.pk,
            "score": "100",
        },
    )
    intent = Intent.objects.get()
    assert intent.educator.user == educator
    assert intent.status == Intent.Status.PENDING


def test_extra_post_fields_are_ignored_on_sign_up(client, other_educator):
    client.post(
        URL,
        sign_up_data(status="accepted", educator=other_educator.educator_profile.pk, score="99"),
    )
    intent = Intent.objects.get(educator__user__email="rosa.chavez@example.org")
    assert intent.status == Intent.Status.PENDING
    assert not Intent.objects.filter(educator__user=other_educator).exists()


def test_signed_in_person_without_a_profile_gives_license_details(client, facilitator):
    """A staff member who also teaches (the read-only liaison gets 403: tests/accounts)."""
    client.force_login(facilitator)
    response = client.post(
        URL,
        {
            "license_number": "NM-9",
            "license_level": "1",
            "district": "Gallup-McKinley",
            "school": "Gallup High",
            "masters_degree": "True",
            "nbct": "False",
        },
    )
    assert response.status_code == 302
    assert EducatorProfile.objects.get(user=facilitator).masters_degree is True
    assert Intent.objects.filter(educator__user=facilitator).count() == 1


def test_the_profile_form_asks_exactly_the_profile_fields_in_their_order():
    from enrollment.forms import ProfileFieldsForm, SignUpIntentForm
    from enrollment.models import PROFILE_FIELDS
    from exchange.importers.educators import EducatorImporter

    assert tuple(ProfileFieldsForm.base_fields) == PROFILE_FIELDS
    assert SignUpIntentForm.field_order[3:-2] == list(PROFILE_FIELDS)
    assert EducatorImporter.columns[3:] == PROFILE_FIELDS


@pytest.mark.parametrize(
    ("written", "matched"), [("lcps", True), ("Las Cruces Public Schools", True), ("LC", False)]
)
def test_the_district_written_on_the_form_is_matched_by_code_or_exact_name(
    client, commit, written, matched
):
    from districts.models import District

    district = District.objects.create(code="LCPS", name="Las Cruces Public Schools")
    with commit(execute=True):
        client.post(URL, sign_up_data(district=written))
    profile = EducatorProfile.objects.get(user__email="rosa.chavez@example.org")
    assert profile.district_as_written == written
    assert profile.district == (district if matched else None)
