"""designations.csv: all or nothing, every bad row named, re-import unchanged, route other."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from credentials.models import Credential
from exchange.importers import run_import
from lattice import services
from lattice.models import Designation, Route
from tests.lattice.conftest import licensed, role, route

pytestmark = pytest.mark.django_db

HEADER = "email,role,awarded_on,route\n"


@pytest.fixture
def roles(db):
    return role(), role(code="coach", name="Instructional Coach")


def _import(text, dry_run=False):
    return run_import(
        kind="designations", data=text.encode(), filename="designations.csv", dry_run=dry_run
    )


def test_a_good_file_records_designations_with_route_other_and_a_credential(roles):
    a = licensed("a@example.org")
    licensed("b@example.org")
    result = _import(
        HEADER
        + "A@example.org,Mentor Teacher,2019-05-01,other\nb@example.org,coach,2020-01-15,Other\n"
    )
    assert result.ok and result.created == 2
    designation = Designation.objects.get(educator=a)
    assert (designation.route_kind, designation.awarded_on) == ("other", dt.date(2019, 5, 1))
    assert designation.route.kind == Route.Kind.OTHER and not designation.route.active
    assert designation.credential.kind == Credential.Kind.DESIGNATION
    again = _import(
        HEADER
        + "A@example.org,Mentor Teacher,2019-05-01,other\nb@example.org,coach,2020-01-15,Other\n"
    )
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


def test_bad_rows_are_each_named_and_nothing_is_written(roles):
    licensed("a@example.org")
    text = HEADER + (
        "a@example.org,Mentor Teacher,2019-05-01,other\n"
        "nobody@example.org,Mentor Teacher,2019-05-01,other\n"
        "a@example.org,Principal,2019-05-01,other\n"
        "a@example.org,coach,2019-13-01,stack\n"
        "a@example.org,mentor,2019-05-02,other\n"
    )
    result = _import(text)
    assert [str(e) for e in result.errors] == [
        "row 3: email: no educator has this email; import educators.csv first",
        "row 4: role: 'Principal' is not the name or code of a role",
        "row 5: awarded_on: '2019-13-01' is not a date; write YYYY-MM-DD",
        "row 5: route: 'stack': only designations held through another avenue (other) are "
        "imported; the others are awarded here",
        "row 6: email: the same email + role is on row 2",
    ]
    assert not Designation.objects.exists()
    assert not Credential.objects.exists()


def test_a_designation_awarded_here_is_not_overwritten_by_an_import(roles, hiring, state_lac):
    educator = licensed("a@example.org", nbct=True)
    r = route(roles[0], kind="nbct_only")
    application = services.application_create(educator=educator, route=r, district=hiring)
    application.status, application.interview_on = "recommended", timezone.localdate()
    application.interview_outcome, application.interviewer_name = "recommended", "D"
    application.save()
    services.application_award(application=application, by=state_lac)
    result = _import(HEADER + "a@example.org,Mentor Teacher,2019-05-01,other\n")
    assert [e.row for e in result.errors] == [2]
    assert Designation.objects.get().route_kind == "nbct_only"


def test_the_command_takes_the_file_with_dry_run_and_exits_non_zero_on_bad_rows(roles, tmp_path):
    licensed("a@example.org")
    good = tmp_path / "designations.csv"
    good.write_text(HEADER + "a@example.org,Mentor Teacher,2019-05-01,other\n")
    out = StringIO()
    call_command("import_records", "designations", str(good), "--dry-run", stdout=out)
    assert not Designation.objects.exists()
    call_command("import_records", "designations", str(good), stdout=StringIO())
    assert Designation.objects.count() == 1
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "a@example.org,Mentor Teacher,2019-05-01,nbct_only\n")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_records", "designations", str(bad), stderr=err)
    assert err.getvalue().startswith("row 2: route:")


def test_imported_designations_stay_after_a_rule_change(roles, state_lac):
    licensed("a@example.org")
    _import(HEADER + "a@example.org,Mentor Teacher,2019-05-01,other\n")
    r = route(roles[0], kind="nbct_only", min_license_level=1)
    services.route_update(route=r, by=state_lac, min_license_level=3, nbct_required=True)
    services.route_update(route=r, by=state_lac, active=False)
    assert Designation.objects.get().route_kind == "other"


def test_the_lac_import_page_offers_designations(client, state_lac):
    from django.urls import reverse

    client.force_login(state_lac)
    page = client.get(reverse("exchange:import-upload"))
    assert b"designations.csv" in page.content
