"""The state's pages for advanced roles, their routes and stacks: what the LAC creates and
changes in the application, the messages next to the fields, the audit, and what stays
out of reach (the programs' stacks, applications already made)."""

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from catalogue.models import MicroCredential, Stack
from lattice.models import AdvancedRole, Route
from tests.lattice.conftest import role, route, stack

pytestmark = pytest.mark.django_db


def _ids(*codes):
    return [
        str(pk)
        for pk in MicroCredential.objects.filter(code__in=codes).values_list("pk", flat=True)
    ]


def _page(response) -> str:
    return " ".join(response.content.decode().split())


def test_the_lac_adds_a_role_and_changes_it(client, state_lac):
    client.force_login(state_lac)
    response = client.post(
        reverse("lattice:role-create"),
        {
            "name": "Instructional Coach",
            "code": "coach",
            "responsibilities": "Coaches colleagues in their classrooms.",
            "compensation_note": "$4,000 a year.",
            "active": "on",
        },
    )
    made = AdvancedRole.objects.get(code="coach")
    assert response.status_code == 302
    assert response.url == reverse("lattice:role-edit", args=[made.pk])
    assert AuditEvent.objects.filter(action="lattice.role_created", target_id=str(made.pk)).exists()
    client.post(
        reverse("lattice:role-edit", args=[made.pk]),
        {"name": "Instructional Coach", "responsibilities": "Coaches.", "compensation_note": ""},
    )
    made.refresh_from_db()
    assert (made.responsibilities, made.compensation_note, made.active) == ("Coaches.", "", False)
    event = AuditEvent.objects.get(action="lattice.role_changed")
    assert event.detail["changed"] == ["active", "compensation_note", "responsibilities"]


def test_a_role_needs_a_name_and_responsibilities_said_next_to_the_fields(client, state_lac):
    role(name="Mentor Teacher")
    client.force_login(state_lac)
    response = client.post(
        reverse("lattice:role-create"), {"name": "Mentor Teacher", "code": "not a slug"}
    )
    assert response.status_code == 400
    page = _page(response)
    assert 'id="id_responsibilities_error"' in page
    assert 'id="id_code_error"' in page
    assert "Advanced role with this Name already exists." in page
    assert 'href="#id_responsibilities"' in page  # the error summary links to the field
    assert AdvancedRole.objects.count() == 1


def test_the_lac_adds_a_stack_route_that_opens_at_version_one(client, state_lac):
    mentor = role()
    mentoring = stack()
    client.force_login(state_lac)
    response = client.post(
        reverse("lattice:route-add", args=[mentor.pk]),
        {
            "kind": "stack",
            "stack": mentoring.pk,
            "min_license_level": "2",
            "min_years_at_level": "3",
            "masters_required": "on",
        },
    )
    assert response.status_code == 302
    added = Route.objects.get(role=mentor)
    assert (added.kind, added.stack, added.version, added.min_years_at_level) == (
        "stack",
        mentoring,
        1,
        3,
    )
    assert added.masters_required and not added.nbct_required
    event = AuditEvent.objects.get(action="lattice.route_added")
    assert event.detail["stack"] == mentoring.name
    page = _page(client.get(reverse("lattice:role-edit", args=[mentor.pk])))
    assert reverse("lattice:route-edit", args=[added.pk]) in page


def test_a_stack_route_without_its_stack_is_refused_next_to_the_field(client, state_lac):
    mentor = role()
    client.force_login(state_lac)
    response = client.post(
        reverse("lattice:route-add", args=[mentor.pk]),
        {"kind": "stack", "min_license_level": "2", "min_years_at_level": "0"},
    )
    assert response.status_code == 400
    assert "Choose the stack this route asks for." in _page(response)
    assert not Route.objects.exists()


def test_the_rules_of_an_added_route_still_change_by_version(client, state_lac):
    r = route(role(), kind="nbct_only")
    client.force_login(state_lac)
    client.post(
        reverse("lattice:route-edit", args=[r.pk]),
        {"min_license_level": "3", "min_years_at_level": "1"},
    )
    r.refresh_from_db()
    assert r.version == 2


def _stack_data(**overrides):
    data = {
        "code": "leader",
        "name": "Teacher Leadership",
        "description": "",
        "rule": "n_of",
        "n": "2",
        "members": _ids("CE", "FE"),
        "slot1-label": "Choice",
        "slot1-options": _ids("SEL", "RP"),
    }
    return {**data, **overrides}


def test_the_lac_adds_an_n_of_stack_with_a_choice_slot(client, state_lac):
    client.force_login(state_lac)
    response = client.post(reverse("lattice:stack-create"), _stack_data())
    made = Stack.objects.with_rule().get(code="LEADER")
    assert response.status_code == 302
    definition = made.definition
    assert (definition.rule, definition.n, definition.members) == ("n_of", 2, ("CE", "FE"))
    assert [s.label for s in definition.slots] == ["Choice"]
    assert set(definition.slots[0].options) == {"SEL", "RP"}
    assert made.programme is None
    event = AuditEvent.objects.get(action="catalogue.stack_created")
    assert event.detail["rule"] == "Any 2 of 3"


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"n": "4"}, "n", "n is 4 but the stack has only 3 requirements"),
        ({"n": ""}, "n", "Say how many requirements complete the stack"),
        (
            {"members": [], "slot1-label": "", "slot1-options": []},
            "members",
            "Choose at least one micro-credential, or add a choice slot.",
        ),
        ({"slot1-options": []}, "slot1-options", "Choose at least one micro-credential"),
        ({"slot1-label": ""}, "slot1-label", "Name the choice slot"),
    ],
)
def test_a_stack_that_cannot_be_completed_is_refused_next_to_the_field(
    client, state_lac, overrides, field, message
):
    client.force_login(state_lac)
    response = client.post(reverse("lattice:stack-create"), _stack_data(**overrides))
    assert response.status_code == 400
    page = _page(response)
    assert f'id="id_{field}_error"' in page
    assert message in page
    assert not Stack.objects.filter(code="LEADER").exists()


def test_the_lac_changes_a_stack_whole_and_applications_made_keep_their_rules(client, state_lac):
    made = stack(code="MENTORING")
    mentor = role()
    route(mentor, kind="stack", stack=made)
    client.force_login(state_lac)
    page = _page(client.get(reverse("lattice:stack-edit", args=[made.pk])))
    assert "A change applies to new applications only" in page
    data = _stack_data(rule="all", n="3", members=_ids("CE"), **{"slot1-options": _ids("AL")})
    data.pop("code")
    response = client.post(reverse("lattice:stack-edit", args=[made.pk]), data)
    assert response.status_code == 302
    definition = Stack.objects.with_rule().get(pk=made.pk).definition
    assert (definition.rule, definition.n, definition.members) == ("all", None, ("CE",))
    assert definition.slots[0].options == ("AL",)
    assert Stack.objects.get(pk=made.pk).code == "MENTORING"  # the code does not change
    assert AuditEvent.objects.filter(action="catalogue.stack_changed").count() == 1


def test_a_programmes_stack_is_shown_and_never_changed_here(client, state_lac):
    apl = Stack.objects.get(programme__name="APL I-II")
    client.force_login(state_lac)
    page = _page(client.get(reverse("lattice:stack-edit", args=[apl.pk])))
    assert "PED quarterly reports" in page
    assert "<form" not in page.split("<main", 1)[-1].split("</main>")[0]
    before = apl.definition
    response = client.post(reverse("lattice:stack-edit", args=[apl.pk]), _stack_data())
    assert response.status_code == 403
    assert Stack.objects.with_rule().get(pk=apl.pk).definition == before


def test_the_state_page_links_the_roles_and_stacks(client, state_lac):
    mentor = role()
    client.force_login(state_lac)
    page = _page(client.get(reverse("lattice:state")))
    assert reverse("lattice:role-create") in page
    assert reverse("lattice:role-edit", args=[mentor.pk]) in page
    assert reverse("lattice:stack-create") in page
    apl = Stack.objects.get(programme__name="APL II-III")
    assert reverse("lattice:stack-edit", args=[apl.pk]) in page
    assert "APL II-III (not changed here)" in page


def test_the_liaison_reads_the_pages_without_a_button(client, liaison):
    mentor = role()
    client.force_login(liaison)
    page = _page(client.get(reverse("lattice:role-edit", args=[mentor.pk])))
    assert mentor.name in page
    assert 'type="submit"' not in page.split("<main", 1)[-1]
    refused = client.post(reverse("lattice:stack-create"), _stack_data())
    assert refused.status_code == 403
