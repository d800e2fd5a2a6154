from django import forms
from django.contrib import admin

from catalogue.models import EvaluationDomain, MicroCredential, Programme, Stack, StackSlot
from catalogue.stacks import Slot, StackDefinition


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "from_level", "to_level", "required_count", "elective_count"]


@admin.register(MicroCredential)
class MicroCredentialAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "code",
        "programme",
        "position",
        "kind",
        "offered_from",
        "fee",
        "resubmission_window_days",
    ]
    list_filter = ["programme", "kind"]
    filter_horizontal = ["domains"]
    search_fields = ["name", "code"]


@admin.register(EvaluationDomain)
class EvaluationDomainAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "position"]


class StackAdminForm(forms.ModelForm):
    class Meta:
        model = Stack
        fields = ["code", "name", "description", "rule", "n", "members", "programme", "position"]

    def clean(self):
        cleaned = super().clean()
        rule, n = cleaned.get("rule"), cleaned.get("n")
        if rule == Stack.Rule.ALL and n is not None:
            self.add_error("n", "Leave n empty for “All of them”.")
        if rule == Stack.Rule.N_OF and not n:
            self.add_error("n", "Give n (at least 1) for “n of them”.")
        # The slots' formset checks the whole rule; it sees the members through this.
        self.instance.chosen_members = list(cleaned.get("members") or [])
        return cleaned


class StackSlotFormSet(forms.BaseInlineFormSet):
    def clean(self):
        """The stack as a whole: at least one requirement, n within them, no empty slot."""
        super().clean()
        stack = self.instance
        if any(form.errors for form in self.forms) or not hasattr(stack, "chosen_members"):
            return
        slots = [
            Slot(form.cleaned_data.get("label") or "", tuple(o.code for o in options))
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
            for options in [form.cleaned_data.get("options") or []]
        ]
        try:
            StackDefinition(
                code=stack.code or "new",
                name=stack.name or "",
                rule=stack.rule,
                n=stack.n if stack.rule == Stack.Rule.N_OF else None,
                members=tuple(mc.code for mc in stack.chosen_members),
                slots=tuple(slots),
            )
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error


class StackSlotInline(admin.TabularInline):
    model = StackSlot
    formset = StackSlotFormSet
    extra = 0
    fields = ["position", "label", "options"]


@admin.register(Stack)
class StackAdmin(admin.ModelAdmin):
    form = StackAdminForm
    list_display = ["code", "name", "rule", "n", "programme", "position"]
    filter_horizontal = ["members"]
    inlines = [StackSlotInline]
    search_fields = ["code", "name"]
