from django import forms

from accounts.models import User


class NotificationSettingsForm(forms.ModelForm):
    """Only the optional notices; grades and decisions are always emailed."""

    class Meta:
        model = User
        fields = ["email_optional_notices"]
