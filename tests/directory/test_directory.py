"""The educator directory: search, scope by role, the record's sections, the advancement
facts the LAC records there, and their bulk import."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from apl.records import RECORD_SECTIONS
from audit.models import AuditEvent
from enrollment.models import EducatorProfile, Enrollment
from exchange.services import records_import
from tests.factories import (
    CohortFactory,
    EducatorFactory,
    EnrollmentFactory,
    IntentFactory,
    UserFactory,
    micro_credential,
    with_totp,
)

pytestmark = pytest.mark.django_db

LIST = reverse("directory:educator-list")


def _record(educator):
    return reverse("directory:educator-detail", args=[educator.pk])


@pytest.fixture
def people(db):
    ana = EducatorFactory(
        user__first_name="Ana",
        user__last_name="Aragon",
        user__email="ana.aragon@example.org",
        license_number="NM-123456",
        district_as_written="Taos Municipal",
    )
    ben = EducatorFactory(
        user__first_name="Ben",
        user__last_name="Baca",
        user__email="ben.baca@example.org",
        license_number="NM-777000",
        district_as_written="Gallup-McKinley",
    )
    return ana, ben


@pytest.mark.parametrize(
    "query, found",
    [
        ({"q": "aragon"}, ["Ana Aragon"]),
        ({"q": "ben.baca@"}, ["Ben Baca"]),
        ({"q": "777000"}, ["Ben Baca"]),
        ({"q": "NM-"}, ["Ana Aragon", "Ben Baca"]),
        ({"district": "Taos Municipal"}, ["Ana Aragon"]),
        ({"q": "ana baca"}, []),
    ],
)
def test_search_by_name_email_license_and_district(client, lac, people, query, found):
    client.force_login(lac)
    response = client.get(LIST, query)
    assert [str(e) for e in response.context["listing"].page] == found


def test_the_list_is_sortable_and_keeps_the_search_in_the_url(client, lac, people):
    client.force_login(lac)
    response = client.get(LIST, {"q": "NM-", "sort": "-name"})
    assert [str(e) for e in response.context["listing"].page] == ["Ben Baca", "Ana Aragon"]
    assert 'aria-sort="descending"' in response.text
    assert "q=NM-" in response.context["listing"].url(page=2)


def test_the_list_reads_a_page_in_a_fixed_number_of_queries(client, lac, django_assert_num_queries):
    EducatorFactory.create_batch(40)
    client.force_login(lac)
    with django_assert_num_queries(9):
        response = client.get(LIST, {"per_page": "25"})
    assert response.context["listing"].count == 40


def test_a_district_administrator_finds_only_their_districts_educators(client, people):
    from districts.models import District

    ana, ben = people
    taos = District.objects.create(code="TAO", name="Taos Municipal")
    ana.district = taos
    ana.save()
    admin = with_totp(UserFactory(roles=[Role.DISTRICT_ADMIN]))
    taos.administrators.add(admin)
    client.force_login(admin)
    assert [str(e) for e in client.get(LIST).context["listing"].page] == ["Ana Aragon"]
    assert client.get(_record(ana)).status_code == 200
    assert client.get(_record(ben)).status_code == 404
    record = client.get(_record(ana)).text
    assert "Save advancement facts" not in record


def test_facilitators_and_educators_have_no_directory(client, people, facilitator, educator):
    ana, _ = people
    for user in (facilitator, educator):
        client.force_login(user)
        assert client.get(LIST).status_code == 403
        assert client.get(_record(ana)).status_code == 404


def test_the_record_shows_every_registered_section(client, lac, people):
    ana, _ = people
    cohort = CohortFactory(micro_credential=micro_credential("CE"))
    EnrollmentFactory(educator=ana, cohort=cohort, status=Enrollment.Status.PASSED, score=92)
    IntentFactory(educator=ana)
    client.force_login(lac)
    response = client.get(_record(ana))
    page = response.text
    keys = [s.key for s in RECORD_SECTIONS]
    for key in ("profile", "intents", "enrollments", "fees", "credentials", "renewal", "history"):
        assert key in keys
        assert f'data-record-section="{key}"' in page, key
    assert "92%" in page and "Classroom Environment" in page
    assert "Record years at level, evaluations and mentorship" in page


def test_the_record_reads_in_a_bounded_number_of_queries(
    client, lac, people, django_assert_num_queries
):
    ana, _ = people
    for code in ("CE", "AL", "MLSS"):
        EnrollmentFactory(
            educator=ana, cohort=CohortFactory(micro_credential=micro_credential(code))
        )
    client.force_login(lac)
    with django_assert_num_queries(15):
        assert client.get(_record(ana)).status_code == 200


def test_the_lac_records_years_evaluations_and_mentorship_with_history(client, lac, people):
    ana, _ = people
    client.force_login(lac)
    response = client.post(
        reverse("directory:educator-advancement", args=[ana.pk]),
        {
            "years_at_current_level": "3",
            "evaluations_successful": "on",
            "mentorship_completed": "on",
        },
    )
    assert response.status_code == 302
    ana.refresh_from_db()
    assert (ana.years_at_current_level, ana.evaluations_successful, ana.mentorship_completed) == (
        3,
        True,
        True,
    )
    event = AuditEvent.objects.get(action="educator.advancement_changed")
    assert event.actor == lac and event.detail["after"]["years_at_current_level"] == 3
    assert ana.history.first().history_user == lac
    history = client.get(_record(ana)).context["sections"]
    rows = next(s for s in history if s["key"] == "history")["context"]["history"]
    assert any(
        "full school years at the current level" in row["what"] and row["who"] == lac.email
        for row in rows
    ), rows


def test_a_bad_value_is_shown_next_to_its_field_and_nothing_is_saved(client, lac, people):
    ana, _ = people
    client.force_login(lac)
    response = client.post(
        reverse("directory:educator-advancement", args=[ana.pk]),
        {"years_at_current_level": "-1"},
    )
    assert response.status_code == 400
    assert "usa-error-message" in response.text
    ana.refresh_from_db()
    assert ana.years_at_current_level == 0


def test_the_liaison_reads_the_record_but_cannot_change_it(client, liaison, people):
    ana, _ = people
    client.force_login(liaison)
    assert "Save advancement facts" not in client.get(_record(ana)).text
    response = client.post(
        reverse("directory:educator-advancement", args=[ana.pk]), {"years_at_current_level": "9"}
    )
    assert response.status_code == 403


ADVANCEMENT = "email,years_at_current_level,evaluations_successful,mentorship_completed\n"


def test_advancement_facts_import_in_bulk_through_the_import_path(lac, people):
    data = (
        ADVANCEMENT + "ANA.aragon@example.org,3,yes,no\nben.baca@example.org,0,no,no\n"
    ).encode()
    result = records_import(kind="advancement", data=data, filename="advancement.csv", by=lac)
    assert result.ok, result.errors
    assert (result.updated, result.unchanged) == (1, 1)
    ana = EducatorProfile.objects.get(user__email="ana.aragon@example.org")
    assert (ana.years_at_current_level, ana.evaluations_successful) == (3, True)
    assert AuditEvent.objects.filter(action="import.advancement").exists()


def test_a_bad_advancement_file_names_every_bad_row_and_writes_nothing(lac, people):
    data = (
        ADVANCEMENT
        + "ana.aragon@example.org,three,yes,no\nnobody@example.org,1,no,no\n"
        + "ben.baca@example.org,2,maybe,no\n"
    ).encode()
    result = records_import(kind="advancement", data=data, filename="a.csv", by=lac)
    assert [str(e) for e in result.errors] == [
        "row 2: years_at_current_level: 'three' is not a whole number 0–60",
        "row 4: evaluations_successful: 'maybe' is not yes or no",
        "row 3: email: no educator has this email; import educators.csv first",
    ]
    assert not EducatorProfile.objects.filter(years_at_current_level__gt=0).exists()
