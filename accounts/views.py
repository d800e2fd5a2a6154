from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from accounts.forms import NotificationSettingsForm


@login_required
@require_http_methods(["GET", "POST"])
def notifications(request):
    """Turn optional email notices on or off (reminders, 'next micro-credential open')."""
    form = NotificationSettingsForm(
        request.POST if request.method == "POST" else None, instance=request.user
    )
    if request.method == "POST" and form.is_valid():
        request.user.email_optional_notices = form.cleaned_data["email_optional_notices"]
        request.user.save(update_fields=["email_optional_notices"])
        messages.success(request, "Your email settings are saved.")
        return redirect("accounts:notifications")
    return render(request, "accounts/notifications.html", {"form": form})
