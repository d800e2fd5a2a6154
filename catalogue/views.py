from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from catalogue.models import Stack
from catalogue.selectors import stack_definitions


@login_required
@require_safe
def stack_list(request):
    """Every stack with its rule, members and choice slots (catalogue data, readable by
    anyone signed in; the LAC edits stacks in the admin)."""
    stacks = list(Stack.objects.select_related("programme"))
    definitions = stack_definitions()
    rows = [_row(stack, definitions[stack.pk]) for stack in stacks if stack.pk in definitions]
    can_edit = request.user.has_perm("catalogue.change_stack") and request.user.is_staff
    return render(request, "catalogue/stack_list.html", {"rows": rows, "can_edit": can_edit})


def _row(stack: Stack, definition) -> dict:
    def named(codes):
        return [f"{definition.name_of(code)} ({code})" for code in codes]

    return {
        "stack": stack,
        "d": definition,
        "members": named(definition.members),
        "slots": [(slot.label, named(slot.options)) for slot in definition.slots],
    }
