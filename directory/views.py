"""The educator directory: find an educator, read their whole record, record what the LAC may.

The LAC and the liaison find every educator; a district administrator finds those of the
districts they administer; nobody else has a directory (403 on the search page). An
educator outside the user's directory is not found (404); someone who may read a record
but not change it (the liaison, a district administrator) gets 403 on every change.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from apl.lists import listing
from apl.records import record_sections_for
from directory import selectors, services
from directory.forms import AdvancementForm, DirectorySearchForm


@require_GET
@login_required
def educator_list(request):
    if not selectors.may_use_directory(request.user):
        raise PermissionDenied
    form = DirectorySearchForm(request.GET, districts=selectors.district_choices(request.user))
    form.is_valid()
    cleaned = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
    found = selectors.educator_search(user=request.user, **cleaned)
    rows = listing(
        request, found, sorts=selectors.SORTS, default="name", label="educators",
        count_queryset=selectors.educator_search(user=request.user, **cleaned),
    )  # fmt: skip
    return render(request, "directory/educator_list.html", {"form": form, "listing": rows})


def _educator_or_404(request, pk):
    scope = selectors.directory_scope(request.user).select_related("user", "district")
    return get_object_or_404(scope, pk=pk)


def _record_page(request, educator, *, advancement=None, status=200):
    can_manage = request.user.has_perm(selectors.MANAGE)
    if advancement is None and can_manage:
        advancement = AdvancementForm(
            initial={name: getattr(educator, name) for name in services.ADVANCEMENT_FIELDS}
        )
    return render(
        request,
        "directory/educator_detail.html",
        {
            "educator": educator,
            "sections": record_sections_for(request, educator),
            "advancement": advancement,
            "can_manage": can_manage,
            "reads_all": request.user.has_perm(selectors.READ_ALL),
        },
        status=status,
    )


@require_GET
@login_required
def educator_detail(request, pk):
    return _record_page(request, _educator_or_404(request, pk))


@require_POST
@login_required
def educator_advancement(request, pk):
    educator = _educator_or_404(request, pk)
    if not request.user.has_perm(selectors.MANAGE):
        raise PermissionDenied
    form = AdvancementForm(request.POST)
    if not form.is_valid():
        return _record_page(request, educator, advancement=form, status=400)
    changed = services.educator_advancement_update(
        educator=educator, by=request.user, request=request, **form.cleaned_data
    )
    if changed:
        messages.success(request, f"Saved {educator}'s advancement facts.")
    else:
        messages.info(request, "Nothing changed.")
    return redirect("directory:educator-detail", pk=educator.pk)
