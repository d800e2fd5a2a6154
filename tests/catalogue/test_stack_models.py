"""Stacks as catalogue data: the model, the programmes' stacks and the admin."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from catalogue.models import MicroCredential, Programme, Stack, StackSlot
from catalogue.stacks import Slot, stack_progress

pytestmark = pytest.mark.django_db

ELECTIVES = ("RP", "VDC", "ESL", "MCT", "TIC", "BSCIT")


def _mcs(*codes):
    return [MicroCredential.objects.get(code=code) for code in codes]


def test_each_programme_is_a_stack_built_from_the_catalogue():
    first = Stack.objects.with_rule().get(programme__name="APL I-II")
    second = Stack.objects.with_rule().get(programme__name="APL II-III")
    assert (first.code, first.rule, first.n) == ("APL-I-II", "all", None)
    assert first.definition.members == ("CE", "AL", "MLSS", "CLRI", "FE")
    assert first.definition.slots == ()
    assert second.definition.members == ("SEL", "NMEA")
    assert second.definition.slots == (
        Slot("Elective 1", ELECTIVES),
        Slot("Elective 2", ELECTIVES),
    )
    assert second.definition.names["SEL"] == "Social Emotional Learning"
    assert first.rule_text == "All 5"
    assert second.rule_text == "All 4"


def test_a_programmes_stack_needs_as_many_as_the_programme_says():
    for programme in Programme.objects.select_related("stack"):
        definition = Stack.objects.with_rule().get(pk=programme.stack.pk).definition
        assert definition.target == programme.required_count
        assert len(definition.slots) == programme.elective_count


def test_the_programme_stacks_migration_is_safe_to_run_twice():
    import importlib

    from django.apps import apps

    migration = importlib.import_module("catalogue.migrations.0005_programme_stacks")
    migration.programme_stacks(apps, None)
    assert Stack.objects.count() == 2
    assert StackSlot.objects.count() == 2


def test_definition_reads_no_query_once_loaded(django_assert_num_queries):
    stacks = list(Stack.objects.with_rule())
    with django_assert_num_queries(0):
        for stack in stacks:
            stack.definition  # noqa: B018


def test_an_n_of_stack_from_the_database():
    stack = Stack.objects.create(code="COACH", name="Instructional coaching", rule="n_of", n=2)
    stack.members.set(_mcs("CE", "SEL", "RP"))
    slot = StackSlot.objects.create(stack=stack, label="Choice", position=1)
    slot.options.set(_mcs("AL", "FE"))
    stack = Stack.objects.with_rule().get(pk=stack.pk)
    assert stack.rule_text == "Any 2 of 4"
    assert stack_progress(stack, {"RP", "FE"}).complete
    assert not stack_progress(stack, {"AL", "FE"}).complete
    assert stack_progress(stack, {"AL"}).missing == (
        "Classroom Environment",
        "Social Emotional Learning",
        "Restorative Practices",
    )


def test_one_micro_credential_is_a_member_of_two_stacks():
    mentor = Stack.objects.create(code="MENTOR", name="Mentor teacher")
    mentor.members.set(_mcs("CE", "SEL"))
    ce = MicroCredential.objects.get(code="CE")
    assert set(ce.stacks.values_list("code", flat=True)) == {"APL-I-II", "MENTOR"}


@pytest.mark.parametrize("rule, n", [("all", 2), ("n_of", None), ("n_of", 0)])
def test_the_database_refuses_a_rule_and_n_that_disagree(rule, n):
    with pytest.raises(IntegrityError), transaction.atomic():
        Stack.objects.create(code="BAD", name="Bad", rule=rule, n=n)


def test_two_slots_of_one_stack_cannot_share_a_position():
    stack = Stack.objects.create(code="X", name="X")
    StackSlot.objects.create(stack=stack, label="A", position=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        StackSlot.objects.create(stack=stack, label="B", position=1)


def test_a_programme_with_a_stack_cannot_be_deleted_under_it():
    from django.db.models import ProtectedError

    stack = Stack.objects.get(code="APL-I-II")
    with pytest.raises(ProtectedError):
        stack.programme.delete()


# The admin


def _admin_client(client, lac):
    lac.is_staff = True
    lac.is_superuser = True
    lac.save()
    client.force_login(lac)
    return client


def _form(**overrides):
    data = {
        "code": "MENTOR",
        "name": "Mentor teacher",
        "description": "",
        "rule": "all",
        "n": "",
        "members": [],
        "programme": "",
        "position": "0",
        "slots-TOTAL_FORMS": "0",
        "slots-INITIAL_FORMS": "0",
        "slots-MIN_NUM_FORMS": "0",
        "slots-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def test_the_admin_creates_a_stack_with_a_choice_slot(client, lac):
    ce, al, sel, rp = _mcs("CE", "AL", "SEL", "RP")
    response = _admin_client(client, lac).post(
        reverse("admin:catalogue_stack_add"),
        _form(
            members=[ce.pk, al.pk],
            **{
                "slots-TOTAL_FORMS": "1",
                "slots-0-position": "1",
                "slots-0-label": "Choice",
                "slots-0-options": [sel.pk, rp.pk],
            },
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    stack = Stack.objects.with_rule().get(code="MENTOR")
    assert stack.definition.members == ("CE", "AL")
    assert stack.definition.slots == (Slot("Choice", ("SEL", "RP")),)


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({}, "a stack needs at least one micro-credential or choice slot."),
        ({"rule": "n_of", "n": "3"}, "n is 3 but the stack has only 1 requirements."),
        ({"rule": "n_of", "n": ""}, "Give n (at least 1) for “n of them”."),
        ({"rule": "all", "n": "1"}, "Leave n empty for “All of them”."),
    ],
)
def test_the_admin_refuses_a_stack_that_cannot_be_met(client, lac, overrides, message):
    members = [] if not overrides else [MicroCredential.objects.get(code="CE").pk]
    response = _admin_client(client, lac).post(
        reverse("admin:catalogue_stack_add"), _form(members=members, **overrides)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Stack.objects.filter(code="MENTOR").exists()


def test_definitions_in_one_query_agree_with_each_models_definition(
    django_assert_num_queries,
):
    from catalogue.selectors import programme_stack_definitions, stack_definitions

    coach = Stack.objects.create(code="COACH", name="Coaching", rule="n_of", n=2, position=5)
    coach.members.set(_mcs("SEL", "CE"))
    StackSlot.objects.create(stack=coach, label="B", position=2).options.set(_mcs("FE"))
    StackSlot.objects.create(stack=coach, label="A", position=1).options.set(_mcs("RP", "AL"))
    slots_only = Stack.objects.create(code="PICK", name="Pick one", position=4)
    StackSlot.objects.create(stack=slots_only, label="Any", position=1).options.set(_mcs("VDC"))
    with django_assert_num_queries(1):
        found = stack_definitions()
    assert list(found) == [
        *Stack.objects.filter(programme__isnull=False).values_list("pk", flat=True),
        slots_only.pk,
        coach.pk,
    ]
    for stack in Stack.objects.with_rule():
        assert found[stack.pk] == stack.definition
        assert found[stack.pk].names == stack.definition.names
    assert found[coach.pk].members == ("CE", "SEL")  # catalogue order
    assert found[coach.pk].slots == (Slot("A", ("AL", "RP")), Slot("B", ("FE",)))
    assert found[coach.pk].n == 2
    assert found[slots_only.pk].members == ()
    with django_assert_num_queries(1):
        by_programme = programme_stack_definitions()
    assert {p.pk: by_programme[p.pk].code for p in Programme.objects.all()} == {
        Programme.objects.get(name="APL I-II").pk: "APL-I-II",
        Programme.objects.get(name="APL II-III").pk: "APL-II-III",
    }


def test_an_outside_micro_credential_can_be_a_member():
    outside = MicroCredential.objects.create(code="OUT1", name="Outside one", position=1)
    stack = Stack.objects.create(code="MIX", name="Mixed")
    stack.members.set([outside, *_mcs("CE")])
    from catalogue.selectors import stack_definitions

    assert stack_definitions(Stack.objects.filter(pk=stack.pk))[stack.pk].members == (
        "CE",
        "OUT1",
    )


def test_a_programmes_count_is_read_from_its_stack_alone(django_assert_num_queries):
    second = Programme.objects.get(name="APL II-III")
    with django_assert_num_queries(1):
        assert second.required_count == 4
        assert second.required_count == 4  # read once per instance
    stack = second.stack
    slot = StackSlot.objects.create(stack=stack, label="Elective 3", position=3)
    slot.options.set(MicroCredential.objects.filter(code="RP"))
    assert Programme.objects.get(pk=second.pk).required_count == 5
    stack.rule, stack.n = Stack.Rule.N_OF, 3
    stack.save()
    assert Programme.objects.get(pk=second.pk).required_count == 3
    assert "required_count" not in {f.name for f in Programme._meta.get_fields()}


def test_a_programme_without_a_stack_says_so():
    lone = Programme.objects.create(
        name="APL III-IV", slug="apl-iii-iv", from_level=3, to_level=4, position=9
    )
    with pytest.raises(Stack.DoesNotExist, match="APL III-IV has no stack"):
        lone.required_count  # noqa: B018
