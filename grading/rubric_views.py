"""The LAC's rubric page: the mastery bar each rubric's points express, and its confirmation.

The liaison, who watches rigor, reads it too (403 on the confirmation); nobody else may.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from grading import mastery_bar
from grading.models import Rubric

READ = "grading.view_all_submissions"
CONFIRM = "grading.change_rubric"


@login_required
@require_safe
def rubric_bars(request):
    """Per rubric: the fewest points that pass, which level combinations pass or fail."""
    if not request.user.has_perm(READ):
        raise PermissionDenied("The rubric page is for the coordinator and the liaison.")
    bars = mastery_bar.mastery_bars()
    return render(
        request,
        "grading/rubric_bars.html",
        {
            "bars": bars,
            "unconfirmed": sum(not bar.confirmed for bar in bars),
            "may_confirm": request.user.has_perm(CONFIRM),
        },
    )


@login_required
@require_POST
def mastery_bar_confirm(request, rubric_id: int):
    if not request.user.has_perm(READ):
        raise PermissionDenied("The rubric page is for the coordinator and the liaison.")
    rubric = get_object_or_404(Rubric.objects.select_related("micro_credential"), pk=rubric_id)
    if not request.user.has_perm(CONFIRM):
        raise PermissionDenied("Only the Licensure Advancement Coordinator confirms a rubric.")
    mastery_bar.mastery_bar_confirm(rubric=rubric, by=request.user, request=request)
    messages.success(request, f"Mastery bar of {rubric} confirmed.")
    return redirect(f"{reverse('grading:rubric-bars')}#rubric-{rubric.pk}")
