from django import forms

from accounts.models import User


class NotificationSettingsForm(forms.ModelForm):
    """Only the optional notices; grades and decisions are always emailed."""

    class Meta:
        model = User
        fields = ["email_optional_notices"]


def _activate_totp_form_base():
    from allauth.mfa.totp.forms import ActivateTOTPForm

    return ActivateTOTPForm


class ActivateTOTPForm(_activate_totp_form_base()):
    """allauth's activation form, which also spends the code it accepted.

    allauth checks the activation code with ``validate_totp_code``, which does not record
    the code as used (only ``TOTP.validate_code`` does, at sign-in), so the same code was
    accepted again at the next sign-in within its window. Recording it here, in the same
    shared store sign-in checks, closes that replay.
    """

    def clean_code(self) -> str:
        from allauth.mfa.models import Authenticator
        from allauth.mfa.totp.internal.auth import TOTP

        code = super().clean_code()
        TOTP(Authenticator(user_id=self.user.pk))._mark_code_used(code)
        return code
