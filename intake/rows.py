"""The intents queue's table rows, rendered in Python.

The same markup the template gave, without its per-row cost: a page of rows through the
template engine took most of the page's time (a ``{% with %}``, three ``{% url %}`` and
some forty variable look-ups a row). The URLs are reversed once and filled in per row.
"""

from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from enrollment.models import Intent

_SENTINEL = 918273645  # a primary key no test or database reaches: replaced per row
_SELECTABLE = frozenset({Intent.Status.PENDING, Intent.Status.ACCEPTED})


def _url(name: str):
    pattern = reverse(name, args=[_SENTINEL])
    return lambda pk: pattern.replace(str(_SENTINEL), str(pk))


def intent_rows(intents, *, can_manage: bool) -> SafeString:
    """The ``<tr>`` of each intent (educator, user, programme and ``history_lines`` loaded)."""
    detail, accept = _url("intake:intent-detail"), _url("intake:intent-accept")
    return format_html_join("\n", "{}", ((_row(i, can_manage, detail, accept),) for i in intents))


def _row(intent, can_manage: bool, detail, accept) -> SafeString:
    educator = intent.educator
    name = str(educator)
    pending = intent.status == Intent.Status.PENDING
    select = ""
    if can_manage:
        box = ""
        if intent.status in _SELECTABLE:
            box = format_html(
                '<div class="usa-checkbox"><input class="usa-checkbox__input" type="checkbox" '
                'name="intents" value="{}" id="select-intent-{}"><label '
                'class="usa-checkbox__label margin-top-0" for="select-intent-{}"><span '
                'class="usa-sr-only">Select {}</span></label></div>',
                intent.pk,
                intent.pk,
                intent.pk,
                name,
            )
        select = format_html('<td data-label="Select">{}</td>', box)
    action = ""
    if can_manage and pending:
        action = format_html(
            '<button type="submit" class="usa-button usa-button--outline usa-button--small" '
            'formaction="{}" aria-label="Accept {}">Accept</button> ',
            accept(intent.pk),
            name,
        )
    review = "Review or decline" if can_manage and pending else "Review"
    return format_html(
        "<tr>{}"
        '<th scope="row" data-label="Educator"><a class="usa-link" href="{}">{}</a>'
        '<span class="apl-sub">{}</span></th>'
        '<td data-label="District">{}</td>'
        '<td data-label="Level">{}</td>'
        '<td data-label="Program">{}</td>'
        '<td data-label="Submitted">{}</td>'
        '<td data-label="Status">{}</td>'
        '<td data-label="History" class="apl-history">{}</td>'
        '<td data-label="Actions">{}<a class="usa-link" href="{}" aria-label="{} {}">{}</a></td>'
        "</tr>",
        select,  # format_html's output (or empty): kept as it is
        detail(intent.pk),
        name,
        educator.user.email,
        educator.district_label or "—",
        educator.get_license_level_display(),
        intent.programme.name,
        f"{intent.submitted_on:%Y-%m-%d}" if intent.submitted_on else "",
        intent.get_status_display(),
        "; ".join(intent.history_lines),
        action,
        detail(intent.pk),
        review,
        name,
        review,
    )
