"""The state's pages for its advanced roles, their routes and the stacks they ask for.

State staff read them; only the Licensure Advancement Coordinator changes anything
(403 for the others). The programs' own stacks are shown, never changed, here.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from catalogue.models import Stack
from catalogue.services import PROGRAMME_STACK_REFUSED, stack_save
from lattice import services_roles
from lattice.forms_state import NewRouteForm, RoleForm, StackForm, slot_forms, stack_forms_valid
from lattice.models import AdvancedRole, Route

READ_ALL = "lattice.view_all_designations"
MANAGE = "lattice.manage_lattice"
GET_POST = require_http_methods(["GET", "POST"])


def _may_change(request) -> None:
    if request.method == "POST" and not request.user.has_perm(MANAGE):
        raise PermissionDenied("Only the Licensure Advancement Coordinator changes the roles.")


def _saved(form, call) -> bool:
    """Run ``call``; a ``ValidationError`` it raises goes onto ``form``, by field."""
    try:
        call()
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, exc.messages)
        return False
    return True


def error_summary(*bound, prefix: str = "") -> list[tuple[str, str]]:
    """(anchor, message) for each field error of ``forms``, for the error summary; a
    group of radios or checkboxes is reached at its first box."""
    summary = []
    for form in bound:
        if form is None or not form.is_bound:
            continue
        for name, errors in form.errors.items():
            if name not in form.fields:
                continue  # the whole form's errors show in its own alert
            field = form[name]
            grouped = isinstance(field.field.widget, forms.RadioSelect)  # checkboxes too
            anchor = f"{field.auto_id}_0" if grouped else field.auto_id
            summary += [(anchor, f"{prefix}{field.label}: {message}") for message in errors]
    return summary


def _page(request, template, context, form):
    context["errors"] = error_summary(form)
    for number, slot in enumerate(context.get("slots", []), start=1):
        context["errors"] += error_summary(slot, prefix=f"Choice slot {number}, ")
    return render(request, template, context, status=400 if form.is_bound else 200)


@login_required
@GET_POST
@permission_required(READ_ALL, raise_exception=True)
def role_create(request):
    """A new advanced role: name, code, responsibilities, compensation note."""
    _may_change(request)
    form = RoleForm(request.POST or None)
    made = {}
    if form.is_bound and form.is_valid():
        data = {k: form.cleaned_data[k] for k in services_roles.ROLE_FIELDS}

        def create():
            made["role"] = services_roles.role_create(
                by=request.user, request=request, code=form.cleaned_data["code"], **data
            )

        if _saved(form, create):
            messages.success(request, "Role added. Add a route to open it to applications.")
            return redirect("lattice:role-edit", made["role"].pk)
    return _page(request, "lattice/role_form.html", {"form": form, "role": None}, form)


def _routes(role):
    return role.routes.select_related("stack").exclude(kind=Route.Kind.OTHER)


@login_required
@GET_POST
@permission_required(READ_ALL, raise_exception=True)
def role_edit(request, pk: int):
    """A role's description and its routes (each route's rules have their own page)."""
    role = get_object_or_404(AdvancedRole, pk=pk)
    _may_change(request)
    form = RoleForm(request.POST or None, instance=AdvancedRole.objects.get(pk=pk))
    if form.is_bound and form.is_valid():
        data = {k: form.cleaned_data[k] for k in services_roles.ROLE_FIELDS}

        def update():
            services_roles.role_update(role=role, by=request.user, request=request, **data)

        if _saved(form, update):
            messages.success(request, f"{data['name']} saved.")
            return redirect("lattice:role-edit", role.pk)
    context = {"form": form, "role": role, "routes": _routes(role)}
    return _page(request, "lattice/role_form.html", context, form)


@login_required
@GET_POST
@permission_required(READ_ALL, raise_exception=True)
def route_add(request, pk: int):
    """A new route to a role: a stack plus prerequisites, or National Board certification."""
    role = get_object_or_404(AdvancedRole, pk=pk)
    _may_change(request)
    form = NewRouteForm(request.POST or None)
    if form.is_bound and form.is_valid():
        data = {k: form.cleaned_data[k] for k in NewRouteForm.Meta.fields}

        def add():
            services_roles.route_add(role=role, by=request.user, request=request, **data)

        if _saved(form, add):
            messages.success(request, "Route added: it is open to new applications.")
            return redirect("lattice:role-edit", role.pk)
    return _page(request, "lattice/route_add.html", {"form": form, "role": role}, form)


def _stack_context(stack, form, slots) -> dict:
    roles = AdvancedRole.objects.filter(routes__stack=stack).distinct() if stack else []
    return {
        "stack": stack,
        "form": form,
        "slots": slots,
        "roles": roles,
        "programme_stack_refused": PROGRAMME_STACK_REFUSED,
    }


def _stack_page(request, stack: Stack | None):
    _may_change(request)
    if stack is not None and stack.programme_id:
        if request.method == "POST":
            raise PermissionDenied(PROGRAMME_STACK_REFUSED)
        return render(request, "lattice/stack_form.html", _stack_context(stack, None, []))
    data = request.POST or None
    form = StackForm(data, instance=Stack.objects.get(pk=stack.pk) if stack else None)
    slots = slot_forms(stack, data)
    if form.is_bound and stack_forms_valid(form, slots):
        cleaned = form.cleaned_data
        used = [(s.cleaned_data["label"], list(s.cleaned_data["options"])) for s in slots if s.used]
        made = {}

        def save():
            made["stack"] = stack_save(
                stack=stack,
                by=request.user,
                request=request,
                code=cleaned.get("code"),
                **{k: cleaned[k] for k in ("name", "description", "rule", "n", "members")},
                slots=used,
            )

        if _saved(form, save):
            messages.success(request, f"Stack {made['stack'].name} saved.")
            return redirect("lattice:stack-edit", made["stack"].pk)
    context = _stack_context(stack, form, slots)
    return _page(request, "lattice/stack_form.html", context, form)


@login_required
@GET_POST
@permission_required(READ_ALL, raise_exception=True)
def stack_create(request):
    """A new stack: name, rule (all of a set, or n of it), members and choice slots."""
    return _stack_page(request, None)


@login_required
@GET_POST
@permission_required(READ_ALL, raise_exception=True)
def stack_edit(request, pk: int):
    """Change a stack; a program's stack is shown, not changed."""
    return _stack_page(request, get_object_or_404(Stack, pk=pk))
