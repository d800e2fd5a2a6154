"""The educator's typed work survives every save and every error; drafts save themselves."""

import datetime as dt
from zoneinfo import ZoneInfo

import time_machine
from django.urls import reverse

from grading import services
from grading.models import Attempt, EvidenceFile, Response
from tests.factories.grading import pdf_upload, upload

DENVER = ZoneInfo("America/Denver")


def _tasks(enrollment):
    return list(services.rubric_for_cohort(cohort=enrollment.cohort).tasks.all())


def _texts(tasks, **by_position):
    return {f"task{t.pk}-text": by_position.get(f"t{t.position}", "") for t in tasks}


def test_saving_one_task_keeps_the_text_typed_in_another(client, enrollment, educator):
    tasks = _tasks(enrollment)
    client.force_login(educator)
    data = _texts(tasks, t1="Routines first.", t2="Not saved on its own yet.")
    client.post(reverse("grading:response-save", args=[enrollment.pk, tasks[0].pk]), data)
    stored = {r.task.position: r.text for r in Response.objects.select_related("task")}
    assert stored[1] == "Routines first." and stored[2] == "Not saved on its own yet."


def test_a_refused_file_keeps_every_typed_text_and_saves_nothing(client, enrollment, educator):
    tasks = _tasks(enrollment)
    client.force_login(educator)
    data = _texts(tasks, t1="My plan for task one.", t2="Task two, typed.")
    data[f"task{tasks[0].pk}-files"] = upload("plan.pdf", b"MZ\x90\0" * 40)
    response = client.post(
        reverse("grading:response-save", args=[enrollment.pk, tasks[0].pk]), data
    )
    page = response.content.decode()
    import re

    print(
        re.findall(r"<textarea[^>]*>[^<]*</textarea>", page)[:2],
        response.context.get("error_summary"),
    )
    assert response.status_code == 400
    assert ">\nMy plan for task one.</textarea>" in page
    assert ">\nTask two, typed.</textarea>" in page
    assert "data-error-summary" in page and f'href="#id_task{tasks[0].pk}-files"' in page
    assert 'aria-invalid="true"' in page  # the refused file's field carries its error
    assert not Response.objects.exists() and not EvidenceFile.objects.exists()


def test_submit_saves_what_is_on_the_page_first(client, enrollment, educator):
    tasks = _tasks(enrollment)
    client.force_login(educator)
    data = {f"task{t.pk}-text": f"Answer {t.position}" for t in tasks}
    client.post(reverse("grading:attempt-submit", args=[enrollment.pk]), data)
    attempt = Attempt.objects.get()
    assert not attempt.is_draft
    assert sorted(r.text for r in attempt.responses.all()) == sorted(data.values())


def test_autosave_saves_the_texts_and_says_when(client, enrollment, educator):
    tasks = _tasks(enrollment)
    client.force_login(educator)
    url = reverse("grading:responses-autosave", args=[enrollment.pk])
    at = dt.datetime(2026, 11, 20, 10, 42, tzinfo=DENVER)
    with time_machine.travel(at, tick=False):
        response = client.post(url, _texts(tasks, t1="Half a thought", t2="Another"))
    assert response.status_code == 200
    assert response.content.decode().strip() == "Saved at 10:42 AM"
    assert Response.objects.get(task=tasks[0]).text == "Half a thought"
    page = client.get(reverse("grading:mastery-detail", args=[enrollment.pk])).content.decode()
    assert "data-unsaved-warning" in page and 'hx-trigger="apl:autosave"' in page
    assert 'id="autosave-status"' in page and 'aria-live="polite"' in page
    assert "grading/work" in page  # the static script, no inline code


def test_autosave_after_submitting_changes_nothing(client, enrollment, educator):
    from tests.factories.grading import submitted_attempt

    submitted_attempt(enrollment, text="Final")
    tasks = _tasks(enrollment)
    client.force_login(educator)
    url = reverse("grading:responses-autosave", args=[enrollment.pk])
    response = client.post(url, _texts(tasks, t1="Sneaky edit"))
    assert "Not saved automatically" in response.content.decode()
    assert set(Response.objects.values_list("text", flat=True)) == {"Final"}


def test_the_rubric_and_what_passing_takes_show_before_submitting(client, enrollment, educator):
    client.force_login(educator)
    page = client.get(reverse("grading:mastery-detail", args=[enrollment.pk])).content.decode()
    assert "How your work is scored" in page
    assert "85%</strong> or more: at least <strong>17 of 20 points</strong>" in page
    assert "Proficient on every criterion gives 15 of 20 points (75%)" in page
    assert "does not pass" in page
    assert "Submit by <strong>" in page
    criterion = services.rubric_for_cohort(cohort=enrollment.cohort).criteria.first()
    assert criterion.name in page


def test_a_saved_file_survives_later_text_saves(client, enrollment, educator):
    tasks = _tasks(enrollment)
    client.force_login(educator)
    data = _texts(tasks, t1="With a file")
    data[f"task{tasks[0].pk}-files"] = pdf_upload()
    client.post(reverse("grading:response-save", args=[enrollment.pk, tasks[0].pk]), data)
    client.post(reverse("grading:responses-autosave", args=[enrollment.pk]), _texts(tasks))
    assert EvidenceFile.objects.count() == 1
