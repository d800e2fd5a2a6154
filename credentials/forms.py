from django import forms

MAX_UPLOAD_BYTES = 512 * 1024


class VerifierForm(forms.Form):
    """A credential to check: pasted (JSON or the JWT) or uploaded as a file."""

    credential = forms.CharField(
        label="Paste the credential",
        help_text="The badge file's contents: JSON, or the signed JWT (three parts separated "
        "by dots).",
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}),
        required=False,
        max_length=MAX_UPLOAD_BYTES,
    )
    file = forms.FileField(
        label="Or upload the badge file",
        help_text="A .json or .jwt file downloaded from APL, up to 512 KB.",
        required=False,
    )

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload is not None:
            if upload.size > MAX_UPLOAD_BYTES:
                raise forms.ValidationError("The file is larger than 512 KB.")
            try:
                data["text"] = upload.read().decode("utf-8")
            except UnicodeDecodeError as exc:
                raise forms.ValidationError("The file is not a JSON or JWT text file.") from exc
        else:
            data["text"] = data.get("credential") or ""
        if not data["text"].strip():
            raise forms.ValidationError("Paste a credential or choose a file.")
        return data


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label="Reason for revoking",
        help_text="Shown on the public verification page.",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SharingForm(forms.Form):
    sharing = forms.ChoiceField(choices=[("on", "on"), ("off", "off")])
