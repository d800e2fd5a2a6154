"""The forms of the state's role, route and stack pages, on their own."""

import pytest

from catalogue.models import MicroCredential, Stack
from lattice.forms_state import (
    SLOT_FORMS,
    NewRouteForm,
    RoleForm,
    StackForm,
    slot_forms,
    stack_forms_valid,
)
from tests.lattice.conftest import role, stack

pytestmark = pytest.mark.django_db


def _pks(*codes):
    return [mc.pk for mc in MicroCredential.objects.filter(code__in=codes)]


def _forms(data, instance=None):
    return StackForm(data, instance=instance), slot_forms(instance, data)


def test_the_code_is_asked_at_creation_only():
    assert "code" in RoleForm().fields
    assert "code" not in RoleForm(instance=role()).fields
    assert "code" in StackForm().fields
    assert "code" not in StackForm(instance=stack()).fields


def test_an_all_stack_drops_n_and_upper_cases_its_code():
    form, slots = _forms(
        {"code": " lead ", "name": "Lead", "rule": "all", "n": "9", "members": _pks("CE")}
    )
    assert stack_forms_valid(form, slots)
    assert form.cleaned_data["code"] == "LEAD"
    assert form.cleaned_data["n"] is None


def test_n_larger_than_the_set_is_refused_on_n():
    form, slots = _forms(
        {"code": "X", "name": "X", "rule": "n_of", "n": "3", "members": _pks("CE", "FE")}
    )
    assert not stack_forms_valid(form, slots)
    assert form.errors["n"] == [
        "n is 3 but the stack has only 2 requirements (2 micro-credentials and 0 choice slots)."
    ]


def test_an_empty_set_is_refused_on_the_members():
    form, slots = _forms({"code": "X", "name": "X", "rule": "all"})
    assert not stack_forms_valid(form, slots)
    assert "Choose at least one micro-credential" in form.errors["members"][0]


def test_a_slot_counts_as_one_requirement_and_needs_a_name_and_an_option():
    data = {
        "code": "X",
        "name": "X",
        "rule": "n_of",
        "n": "2",
        "members": _pks("CE"),
        "slot1-label": "Choice",
        "slot1-options": _pks("SEL", "RP"),
    }
    form, slots = _forms(data)
    assert stack_forms_valid(form, slots)
    assert [s.used for s in slots] == [True] + [False] * (SLOT_FORMS - 1)
    form, slots = _forms({**data, "slot2-label": "Another"})
    assert not stack_forms_valid(form, slots)
    assert slots[1].errors["options"] == ["Choose at least one micro-credential for this slot."]
    form, slots = _forms({**data, "slot2-options": _pks("FE")})
    assert not stack_forms_valid(form, slots)
    assert slots[1].errors["label"] == ["Name the choice slot, e.g. Choice."]


def test_an_existing_stack_shows_its_slots_and_one_empty_row_more():
    made = stack(code="THREE")
    forms = slot_forms(made)
    assert len(forms) == SLOT_FORMS
    assert forms[0].initial["label"] == "Choice"
    assert {mc.code for mc in forms[0].initial["options"]} == {"AL", "MLSS"}


def test_a_stack_name_is_unique_said_on_the_name():
    stack(code="MENTORING")
    form, slots = _forms(
        {"code": "OTHER", "name": "Mentoring stack", "rule": "all", "members": _pks("CE")}
    )
    assert not stack_forms_valid(form, slots)
    assert "name" in form.errors


@pytest.mark.parametrize(
    "data, field",
    [
        ({"kind": "stack"}, "stack"),
        ({"kind": "other"}, "kind"),
        ({"kind": "nbct_only", "min_license_level": "4"}, "min_license_level"),
    ],
)
def test_a_new_route_says_what_is_wrong_on_the_field(data, field):
    form = NewRouteForm({"min_license_level": "1", "min_years_at_level": "0", **data})
    assert not form.is_valid()
    assert field in form.errors


def test_a_national_board_route_takes_no_stack():
    made = stack()
    form = NewRouteForm(
        {"kind": "nbct_only", "stack": made.pk, "min_license_level": "1", "min_years_at_level": "0"}
    )
    assert not form.is_valid()
    assert form.errors["stack"] == ["A National Board route asks for no stack: leave it empty."]
    assert Stack.objects.filter(pk=made.pk).exists()
