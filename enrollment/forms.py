"""Forms for the educator's journey. They validate; services write.

Each form names its fields explicitly, so extra POST fields (status, educator, score)
are never read (mass assignment).
"""

from django import forms
from django.contrib.auth import password_validation

from apl.fields import QuarterFormField
from apl.forms import FilterForm
from catalogue.models import MicroCredential, Programme
from enrollment.eligibility import level_refusal
from enrollment.models import PROFILE_FIELDS, EducatorProfile, SurveyQuestion

YES_NO = [(True, "Yes"), (False, "No")]


def _yes_no(label: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=lambda value: value in (True, "True"),
        widget=forms.RadioSelect,
        initial=False,
    )


class ProfileFieldsForm(forms.Form):
    """The educator's license and school, as the intent-to-enroll form asks them."""

    license_number = forms.CharField(
        label="New Mexico license number", max_length=40, help_text="As printed on your license."
    )
    license_level = forms.TypedChoiceField(
        label="License level",
        coerce=int,
        choices=[("", "Choose your level")] + list(EducatorProfile.Level.choices),
    )
    district = forms.CharField(label="District or charter", max_length=120)
    school = forms.CharField(label="School", max_length=120)
    masters_degree = _yes_no("Do you hold a master's degree?")
    nbct = _yes_no("Are you National Board certified (NBCT)?")

    def __init__(self, *args, programme: Programme, **kwargs):
        self.programme = programme
        super().__init__(*args, **kwargs)

    def clean_license_level(self):
        level = self.cleaned_data["license_level"]
        refusal = level_refusal(license_level=level, programme=self.programme)
        if refusal:
            raise forms.ValidationError(refusal, code="level")
        return level

    def profile_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in ProfileFieldsForm.base_fields}


class SignUpIntentForm(ProfileFieldsForm):
    """A teacher without an account: the account and the intent on one form."""

    first_name = forms.CharField(label="First name", max_length=150)
    last_name = forms.CharField(label="Last name", max_length=150)
    email = forms.EmailField(
        label="Email address",
        help_text="We send a link to confirm it. Use an address you will keep.",
    )
    password1 = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 12 characters; not a common password.",
    )
    password2 = forms.CharField(
        label="Password again",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    field_order = [
        "first_name",
        "last_name",
        "email",
        *PROFILE_FIELDS,
        "password1",
        "password2",
    ]

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        cleaned = super().clean()
        one, two = cleaned.get("password1"), cleaned.get("password2")
        if one and two and one != two:
            self.add_error("password2", "The two passwords differ.")
        elif one:
            from accounts.models import User

            candidate = User(
                email=cleaned.get("email", ""),
                first_name=cleaned.get("first_name", ""),
                last_name=cleaned.get("last_name", ""),
            )
            try:
                password_validation.validate_password(one, candidate)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return cleaned


class ConfirmIntentForm(forms.Form):
    """A signed-in educator confirms; refusals are shown next to the confirmation."""

    confirm = forms.BooleanField(label="")

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[
            "confirm"
        ].label = f"I intend to enroll in {programme.name} and will take its micro-credentials."


class ElectivesForm(forms.Form):
    micro_credentials = forms.ModelMultipleChoiceField(
        label="Your electives",
        queryset=MicroCredential.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    seen = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, programme: Programme, offered, current_ids: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.programme = programme
        field = self.fields["micro_credentials"]
        field.queryset = offered
        field.help_text = (
            f"Choose {programme.elective_count}. Only electives offered now are listed."
        )
        self.fields["seen"].initial = self.token(current_ids)
        self.initial.setdefault("micro_credentials", current_ids)

    @staticmethod
    def token(ids) -> str:
        return ",".join(str(i) for i in sorted(ids))

    def clean_micro_credentials(self):
        chosen = list(self.cleaned_data["micro_credentials"])
        if len(chosen) > self.programme.elective_count:
            raise forms.ValidationError(
                f"Choose at most {self.programme.elective_count} electives."
            )
        return chosen


class EnrolForm(forms.Form):
    micro_credential = forms.TypedChoiceField(
        label="Micro-credential", coerce=int, widget=forms.RadioSelect
    )

    def __init__(self, *args, candidates, current, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["micro_credential"]
        field.choices = [
            (c.micro_credential.pk, f"{c.micro_credential.name}: {c.when_text(current)}")
            for c in candidates
        ]
        first_open = next((c for c in candidates if c.open_cohort), None)
        if first_open is not None:
            self.initial.setdefault("micro_credential", first_open.micro_credential.pk)


class SurveyForm(forms.Form):
    """Built from the questions the LAC keeps in the admin."""

    def __init__(self, *args, questions: list[SurveyQuestion], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            name = f"q{question.pk}"
            if question.is_likert:
                self.fields[name] = forms.TypedChoiceField(
                    label=question.text,
                    choices=SurveyQuestion.LIKERT_CHOICES,
                    coerce=int,
                    widget=forms.RadioSelect,
                    required=question.required,
                )
            else:
                self.fields[name] = forms.CharField(
                    label=question.text,
                    widget=forms.Textarea(attrs={"rows": 4}),
                    max_length=4000,
                    required=question.required,
                )

    def answers(self) -> dict[int, object]:
        return {q.pk: self.cleaned_data.get(f"q{q.pk}") for q in self.questions}


class SurveyFilterForm(FilterForm):
    micro_credential = forms.ModelChoiceField(
        label="Micro-credential",
        queryset=MicroCredential.objects.select_related("programme"),
        required=False,
        empty_label="All micro-credentials",
    )
    quarter = QuarterFormField(
        label="Quarter", required=False, help_text="Written Qn/yy, e.g. Q3/24.", max_length=6
    )
