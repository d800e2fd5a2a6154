"""Eligibility to advance: what is met and exactly what is missing, on screen and in PDF."""

import datetime as dt

import pytest
from django.urls import reverse

from enrollment.statement import local_only_fetcher, statement_document
from enrollment.views import _advancement
from tests.factories import EducatorFactory, EnrollmentFactory
from tests.factories.journey import accepted_intent, cohort, passed

pytestmark = pytest.mark.django_db

URL = "/enrolment/eligibility/"


def test_level_one_lists_the_missing_micro_credentials_and_other_requirements(client, in_q3_24):
    profile = EducatorFactory(license_level=1, years_at_current_level=1)
    accepted_intent(profile)
    passed(EnrollmentFactory(educator=profile, cohort=cohort("CE", "Q2/24")))
    client.force_login(profile.user)
    page = client.get(URL).content.decode()
    assert "not yet eligible" in page
    assert (
        "Still to pass: Assessment Literacy; Multi-Layered Systems of Support; "
        "Culturally Linguistically Responsive Instruction; Family Engagement." in page
    )
    assert "Recorded: 1 year. 2 more needed." in page
    assert "Missing:</strong> A completed mentorship" in page
    assert "Missing:</strong> Successful evaluations" in page


def test_level_one_with_everything_is_eligible(client, in_q3_24):
    profile = EducatorFactory(
        license_level=1,
        years_at_current_level=3,
        evaluations_successful=True,
        mentorship_completed=True,
    )
    accepted_intent(profile)
    for code in ("CE", "AL", "MLSS", "CLRI", "FE"):
        passed(EnrollmentFactory(educator=profile, cohort=cohort(code, "Q2/24")))
    client.force_login(profile.user)
    page = client.get(URL).content.decode()
    assert "eligible to apply for a Level 2 license" in page
    assert "Missing" not in page


def test_level_two_without_masters_is_eligible_through_national_board(client):
    profile = EducatorFactory(license_level=2, masters_degree=False, nbct=True)
    client.force_login(profile.user)
    response = client.get(URL)
    advancement = response.context["advancement"]
    apl, nbct = advancement.routes
    assert advancement.eligible and nbct.eligible and not apl.eligible
    assert [r.label for r in apl.missing] == [
        "The 4 APL II-III micro-credentials passed",
        "Three full school years at Level 2",
        "A master's degree",
    ]
    assert "Still to pass: Social Emotional Learning; New Mexico Education Acts; 2 electives" in (
        apl.missing[0].detail
    )


def test_level_three_has_nothing_to_advance_to(client):
    profile = EducatorFactory(license_level=3)
    client.force_login(profile.user)
    assert "the highest level" in client.get(URL).content.decode()


def test_the_statement_is_a_one_page_pdf(client, in_q3_24):
    profile = EducatorFactory(license_level=1)
    client.force_login(profile.user)
    response = client.get(reverse("enrollment:eligibility-pdf"))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    body = response.content
    assert body.startswith(b"%PDF")
    profile = EducatorFactory(license_level=2)  # two routes, everything missing: the longest
    programme, advancement = _advancement(profile)
    document = statement_document(
        profile=profile, programme=programme, advancement=advancement, today=dt.date.today()
    )
    assert len(document.pages) == 1
    assert b"Public-Sans" in document.write_pdf(uncompressed_pdf=True)  # the local font loaded


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/font.ttf",
        "http://127.0.0.1/x",
        "file:///etc/passwd",
        "data:text/css,body{}",
    ],
)
def test_the_pdf_fetcher_refuses_anything_but_local_fonts(url):
    with pytest.raises(ValueError):
        local_only_fetcher().fetch(url)
