"""Forms validate input; the services write."""

from django import forms

from grading.models import Criterion


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class ResponseForm(forms.Form):
    """One task's response: text and files. Status, score and owner are never taken from input."""

    text = forms.CharField(
        label="Your response",
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="Plain text, or simple formatting (paragraphs, bold, italic, lists, links).",
    )
    files = MultipleFileField(
        label="Add files",
        required=False,
        help_text="PDF, Office documents, images or a short video, as the task allows.",
    )

    def __init__(self, *args, task=None, **kwargs):
        super().__init__(*args, **kwargs)
        if task is not None:
            self.fields["text"].label = f"Your response to task {task.position}"
            self.fields["files"].help_text = f"Accepted: {task.kinds_display}."
            if not task.kinds:
                del self.fields["files"]


class ScoreForm(forms.Form):
    """A level and feedback per criterion, and overall feedback."""

    overall_feedback = forms.CharField(
        label="Overall feedback", required=False, widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args, criteria: list[Criterion], **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"level_{criterion.pk}"] = forms.TypedChoiceField(
                label=criterion.name,
                required=False,
                coerce=int,
                empty_value=None,
                choices=[(lv.pk, lv.label) for lv in criterion.levels.all()],
                widget=forms.RadioSelect,
            )
            self.fields[f"feedback_{criterion.pk}"] = forms.CharField(
                label=f"Feedback on {criterion.name}",
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    @classmethod
    def initial_from(cls, grade) -> dict:
        if grade is None:
            return {}
        initial = {"overall_feedback": grade.overall_feedback}
        for score in grade.scores.all():
            initial[f"level_{score.criterion_id}"] = score.level_id
            initial[f"feedback_{score.criterion_id}"] = score.feedback
        return initial

    def levels(self) -> dict[int, int | None]:
        return {c.pk: self.cleaned_data.get(f"level_{c.pk}") for c in self.criteria}

    def feedback(self) -> dict[int, str]:
        return {c.pk: self.cleaned_data.get(f"feedback_{c.pk}", "") for c in self.criteria}

    def rows(self):
        """(criterion, level field, feedback field, levels) for the template."""
        for criterion in self.criteria:
            yield (
                criterion,
                self[f"level_{criterion.pk}"],
                self[f"feedback_{criterion.pk}"],
                list(criterion.levels.all()),
            )


REOPEN_REASON_MAX = 1000


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label="Reason for reopening",
        max_length=REOPEN_REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=f"Up to {REOPEN_REASON_MAX:,} characters; kept in full with the grade.",
        error_messages={
            "required": "Give the reason for reopening this grade.",
            "max_length": f"Keep the reason to {REOPEN_REASON_MAX:,} characters "
            "(it has %(show_value)d).",
        },
    )


class ReassignForm(forms.Form):
    to = forms.ModelChoiceField(label="Move to facilitator", queryset=None)
    enrollments = forms.ModelMultipleChoiceField(
        label="Submissions to move",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    from_facilitator = forms.ModelChoiceField(
        label="Or move the whole caseload of",
        queryset=None,
        required=False,
    )

    def __init__(self, *args, cohort, **kwargs):
        super().__init__(*args, **kwargs)
        facilitators = cohort.facilitators.all()
        self.fields["to"].queryset = facilitators
        self.fields["from_facilitator"].queryset = facilitators
        self.fields["enrollments"].queryset = cohort.enrollments.select_related(
            "educator__user", "facilitator"
        )
        self.fields["enrollments"].label_from_instance = lambda e: (
            f"{e.educator} (now: {e.facilitator or 'unassigned'})"
        )

    def clean(self):
        data = super().clean()
        if not data.get("enrollments") and not data.get("from_facilitator"):
            raise forms.ValidationError("Choose submissions or a facilitator whose caseload moves.")
        return data

    def selected(self):
        if self.cleaned_data.get("enrollments"):
            return list(self.cleaned_data["enrollments"])
        source = self.cleaned_data["from_facilitator"]
        return list(self.fields["enrollments"].queryset.filter(facilitator=source))
