"""Apply when a route is satisfied; the hiring district records the interview; the state
awards (issuing a verifiable credential) or declines with a reason."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from credentials.models import Credential
from lattice import services
from lattice.models import Application, Designation
from tests.lattice.conftest import licensed, role, route

pytestmark = pytest.mark.django_db


@pytest.fixture
def nbct_route(db):
    return route(role(), kind="nbct_only", min_license_level=2)


def _apply(educator, r, district):
    return services.application_create(educator=educator, route=r, district=district)


def _recommend(application, admin):
    return services.interview_record(
        application=application,
        by=admin,
        interview_on=timezone.localdate(),
        outcome="recommended",
        interviewer_name="Dana Principal",
    )


def test_an_unmet_route_cannot_be_applied_for(nbct_route, hiring):
    educator = licensed("t@example.org", level=1, nbct=True)
    with pytest.raises(ValidationError, match="needs Level 2"):
        _apply(educator, nbct_route, hiring)
    assert not Application.objects.exists()


def test_apply_keeps_the_rules_and_one_open_application_per_role(nbct_route, hiring):
    educator = licensed("t@example.org", nbct=True)
    application = _apply(educator, nbct_route, hiring)
    assert application.rules["min_license_level"] == 2
    assert application.rules["version"] == 1
    assert all(c["met"] for c in application.standing["checks"])
    with pytest.raises(ValidationError, match="under way"):
        _apply(educator, nbct_route, hiring)


def test_the_interview_is_recorded_by_the_hiring_district_only(
    nbct_route, hiring, hiring_admin, district_admin
):
    application = _apply(licensed("t@example.org", nbct=True), nbct_route, hiring)
    with pytest.raises(PermissionDenied):
        _recommend(application, district_admin)  # administers another district
    recorded = _recommend(application, hiring_admin)
    assert (recorded.status, recorded.interviewer_name) == ("recommended", "Dana Principal")
    assert not hasattr(recorded, "interview_questions")  # the questions stay with the district


def test_an_interview_in_the_future_is_refused_and_nothing_written(
    nbct_route, hiring, hiring_admin
):
    application = _apply(licensed("t@example.org", nbct=True), nbct_route, hiring)
    with pytest.raises(ValidationError) as exc:
        services.interview_record(
            application=application,
            by=hiring_admin,
            interview_on=timezone.localdate() + dt.timedelta(days=1),
            outcome="recommended",
            interviewer_name=" ",
        )
    assert set(exc.value.message_dict) == {"interview_on", "interviewer_name"}
    application.refresh_from_db()
    assert application.status == "applied" and application.interview_on is None


def test_award_issues_a_verifiable_designation_credential(
    nbct_route, hiring, hiring_admin, state_lac
):
    educator = licensed("t@example.org", nbct=True)
    application = _recommend(_apply(educator, nbct_route, hiring), hiring_admin)
    designation = services.application_award(application=application, by=state_lac)
    assert designation.route_kind == "nbct_only" and designation.district == hiring
    credential = designation.credential
    assert credential.kind == Credential.Kind.DESIGNATION
    assert credential.educator == educator
    assert credential.achievement_name == "Mentor Teacher designation"
    with pytest.raises(ValidationError):
        services.application_award(application=application, by=state_lac)
    assert Designation.objects.count() == 1


def test_not_recommended_cannot_be_awarded_and_the_educator_may_apply_again(
    nbct_route, hiring, hiring_admin, state_lac
):
    educator = licensed("t@example.org", nbct=True)
    application = services.interview_record(
        application=_apply(educator, nbct_route, hiring),
        by=hiring_admin,
        interview_on=timezone.localdate(),
        outcome="not_recommended",
        interviewer_name="Dana Principal",
    )
    with pytest.raises(ValidationError):
        services.application_award(application=application, by=state_lac)
    assert _apply(educator, nbct_route, hiring).status == "applied"


def test_decline_needs_a_reason(nbct_route, hiring, hiring_admin, state_lac):
    application = _recommend(
        _apply(licensed("t@example.org", nbct=True), nbct_route, hiring), hiring_admin
    )
    with pytest.raises(ValidationError):
        services.application_decline(application=application, by=state_lac, reason="  ")
    declined = services.application_decline(
        application=application, by=state_lac, reason="The certificate has lapsed."
    )
    assert declined.status == "declined" and not Designation.objects.exists()


def test_the_pages_walk_from_applying_to_the_award(
    client, nbct_route, hiring, hiring_admin, state_lac
):
    educator = licensed("t@example.org", nbct=True)
    client.force_login(educator.user)
    page = client.get(reverse("lattice:mine"))
    assert b"Apply for Mentor Teacher" in page.content
    prefix = f"r{nbct_route.role.pk}"
    response = client.post(
        reverse("lattice:apply", args=[nbct_route.role.pk]),
        {f"{prefix}-route": nbct_route.pk, f"{prefix}-district": hiring.pk},
    )
    application = Application.objects.get()
    assert response.url == reverse("lattice:application", args=[application.pk])
    client.force_login(hiring_admin)
    bad = client.post(
        reverse("lattice:interview", args=[application.pk]), {"outcome": "recommended"}
    )
    assert bad.status_code == 400 and b"usa-error-message" in bad.content
    client.post(
        reverse("lattice:interview", args=[application.pk]),
        {
            "interview_on": timezone.localdate().isoformat(),
            "outcome": "recommended",
            "interviewer_name": "D. P.",
        },
    )
    client.force_login(state_lac)
    client.post(reverse("lattice:decide", args=[application.pk]), {"decision": "award"})
    designation = Designation.objects.get()
    client.force_login(educator.user)
    assert b"You hold the Mentor Teacher designation" in client.get(reverse("lattice:mine")).content
    detail = client.get(reverse("credentials:credential-detail", args=[designation.credential.pk]))
    assert detail.status_code == 200


def test_extra_post_fields_do_not_choose_the_status(client, nbct_route, hiring):
    educator = licensed("t@example.org", nbct=True)
    client.force_login(educator.user)
    prefix = f"r{nbct_route.role.pk}"
    client.post(
        reverse("lattice:apply", args=[nbct_route.role.pk]),
        {f"{prefix}-route": nbct_route.pk, f"{prefix}-district": hiring.pk, "status": "awarded"},
    )
    assert Application.objects.get().status == "applied"


def test_license_statement_lists_the_designations(nbct_route, hiring, hiring_admin, state_lac):
    from renewal.selectors import educator_renewal
    from renewal.statement import STATEMENT_SECTIONS

    educator = licensed("t@example.org", nbct=True)
    application = _recommend(_apply(educator, nbct_route, hiring), hiring_admin)
    designation = services.application_award(application=application, by=state_lac)
    sections = [p(educator) for p in STATEMENT_SECTIONS]
    (section,) = [s for s in sections if s and s["heading"].startswith("Advanced")]
    assert section["rows"] == [
        [
            "Mentor Teacher",
            designation.awarded_on.isoformat(),
            "National Board certification",
            designation.credential.public_id,
        ]
    ]
    renewal = educator_renewal(educator=educator, as_of=timezone.localdate())
    from renewal.statement import renewal_statement_pdf

    assert renewal_statement_pdf(renewal=renewal, today=timezone.localdate()).startswith(b"%PDF")


def test_a_districts_own_criteria_show_to_applicants_beside_the_state_minimum(
    client, nbct_route, hiring, hiring_admin
):
    services.criterion_add(
        district=hiring, role=nbct_route.role, text="Two years in the district.", by=hiring_admin
    )
    educator = licensed("t@example.org", level=1, nbct=True)
    client.force_login(educator.user)
    page = client.get(reverse("lattice:mine")).content.decode()
    assert "Hiring District: Two years in the district." in page
    assert "this route needs Level 2" in page  # the state's minimum is unchanged


def test_another_districts_administrator_cannot_add_criteria(nbct_route, hiring, district_admin):
    with pytest.raises(PermissionDenied):
        services.criterion_add(district=hiring, role=nbct_route.role, text="x", by=district_admin)


def test_the_educator_page_queries_stay_few(client, nbct_route, django_assert_num_queries):
    from tests.lattice.conftest import role as make_role
    from tests.lattice.conftest import route as make_route
    from tests.lattice.conftest import stack

    for n in range(4):
        make_route(make_role(code=f"r{n}", name=f"Role {n}"), kind="stack", stack=stack(f"S{n}"))
    educator = licensed("t@example.org", nbct=True)
    client.force_login(educator.user)
    with django_assert_num_queries(16):
        assert client.get(reverse("lattice:mine")).status_code == 200
