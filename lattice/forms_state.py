"""The state's forms for its advanced roles, their routes, and the stacks they ask for."""

from __future__ import annotations

from django import forms

from catalogue.models import MicroCredential, Stack
from catalogue.services import stack_errors
from lattice.models import AdvancedRole, Route

SLOT_FORMS = 3  # choice slots shown on the stack page (filled ones plus empty ones)


class RoleForm(forms.ModelForm):
    """A role's description; its code only when it is created (the designation's
    credential is named after it)."""

    class Meta:
        model = AdvancedRole
        fields = ["name", "code", "responsibilities", "compensation_note", "active"]
        widgets = {
            "responsibilities": forms.Textarea(attrs={"rows": 4}),
            "compensation_note": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "code": "Short code, e.g. mentor (letters, digits and hyphens); it names the "
            "designation's credential and cannot change later.",
            "compensation_note": "The pay or stipend that comes with the role, as educators "
            "should read it.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["code"]


class NewRouteForm(forms.ModelForm):
    """A new route to a role: a stack plus prerequisites, or National Board certification."""

    kind = forms.ChoiceField(
        label="Route",
        choices=[c for c in Route.Kind.choices if c[0] != Route.Kind.OTHER],
        widget=forms.RadioSelect,
        initial=Route.Kind.STACK,
    )
    stack = forms.ModelChoiceField(
        queryset=Stack.objects.all(),
        required=False,
        empty_label="Choose a stack",
        help_text="For a stack route: the stack of micro-credentials it asks for.",
    )

    class Meta:
        model = Route
        fields = [
            "kind",
            "stack",
            "min_license_level",
            "min_years_at_level",
            "nbct_required",
            "masters_required",
        ]

    def clean(self):
        data = super().clean()
        if data.get("kind") == Route.Kind.STACK and not data.get("stack"):
            self.add_error("stack", "Choose the stack this route asks for.")
        if data.get("kind") == Route.Kind.NBCT_ONLY and data.get("stack"):
            self.add_error("stack", "A National Board route asks for no stack: leave it empty.")
        return data


def _micro_credentials():
    return MicroCredential.objects.filter(retired_on__isnull=True).order_by(
        "programme__position", "position", "code"
    )


def _label(mc) -> str:
    return f"{mc.code}: {mc.name}"


class StackForm(forms.ModelForm):
    """A stack's name, rule and members; its choice slots come in ``SlotForm``s."""

    members = forms.ModelMultipleChoiceField(
        label="Members",
        queryset=MicroCredential.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Each member is one requirement.",
    )

    class Meta:
        model = Stack
        fields = ["code", "name", "description", "rule", "n", "members"]
        widgets = {"rule": forms.RadioSelect, "description": forms.Textarea(attrs={"rows": 2})}
        labels = {"n": "n (for “n of them”)"}
        help_texts = {
            "code": "Short code, e.g. MENTOR; it cannot change later.",
            "n": "How many requirements (members and choice slots) complete the stack.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = _micro_credentials()
        self.fields["members"].label_from_instance = _label
        self.fields["rule"].choices = Stack.Rule.choices
        if self.instance.pk:
            del self.fields["code"]

    def clean_code(self):
        return self.cleaned_data["code"].strip().upper()

    def clean(self):
        data = super().clean()
        if data.get("rule") == Stack.Rule.ALL:
            data["n"] = None  # n is for "n of them" only
        elif data.get("rule") == Stack.Rule.N_OF and not data.get("n") and "n" not in self.errors:
            self.add_error("n", "Say how many requirements complete the stack (1 or more).")
        return data


class SlotForm(forms.Form):
    """One choice slot: one requirement met by any one of its options."""

    label = forms.CharField(
        label="Name of the slot",
        max_length=120,
        required=False,
        help_text="e.g. Choice or Elective 1.",
    )
    options = forms.ModelMultipleChoiceField(
        label="Micro-credentials it offers",
        queryset=MicroCredential.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Any one of these meets the slot.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["options"].queryset = _micro_credentials()
        self.fields["options"].label_from_instance = _label

    def clean(self):
        data = super().clean()
        if data.get("options") and not (data.get("label") or "").strip():
            self.add_error("label", "Name the choice slot, e.g. Choice.")
        return data

    @property
    def used(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return bool((data.get("label") or "").strip() or data.get("options"))


def slot_forms(stack: Stack | None, data=None) -> list[SlotForm]:
    """The stack's slots as forms, then empty ones, ``SLOT_FORMS`` at least."""
    initial = []
    if stack is not None and stack.pk:
        initial = [
            {"label": slot.label, "options": list(slot.options.all())}
            for slot in stack.slots.order_by("position").prefetch_related("options")
        ]
    count = max(SLOT_FORMS, len(initial) + 1)
    initial += [{}] * (count - len(initial))
    return [
        SlotForm(data, prefix=f"slot{i}", initial=values)
        for i, values in enumerate(initial, start=1)
    ]


def stack_forms_valid(form: StackForm, slots: list[SlotForm]) -> bool:
    """Both kinds of form valid, and the stack they make complete-able; errors go next to
    the field they are about (n, members, the empty slot's options)."""
    if not all([form.is_valid(), *[s.is_valid() for s in slots]]):
        return False
    used = [s for s in slots if s.used]
    errors = stack_errors(
        rule=form.cleaned_data.get("rule"),
        n=form.cleaned_data.get("n"),
        members=list(form.cleaned_data.get("members") or []),
        slots=[(s.cleaned_data["label"], list(s.cleaned_data["options"])) for s in used],
    )
    for field, message in errors.items():
        if field == "slots":
            empty = next(s for s in used if not s.cleaned_data["options"])
            empty.add_error("options", "Choose at least one micro-credential for this slot.")
        else:
            form.add_error(field, message)
    return not errors
