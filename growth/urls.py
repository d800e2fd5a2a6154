from django.urls import path

from growth.views import plans, state

app_name = "growth"

urlpatterns = [
    path("", plans.plan_list, name="plan-list"),
    path("start/", plans.plan_start, name="plan-start"),
    path("plans/<int:pk>/", plans.plan_detail, name="plan-detail"),
    path("plans/<int:pk>/context/", plans.plan_update, name="plan-update"),
    path("plans/<int:pk>/goals/", plans.goal_add, name="goal-add"),
    path("plans/<int:pk>/consultations/", plans.consultation_add, name="consultation-add"),
    path("plans/<int:pk>/activities/", plans.activity_add, name="activity-add"),
    path("plans/<int:pk>/evidence/", plans.evidence_add, name="evidence-add"),
    path("plans/<int:pk>/submit/", plans.plan_submit, name="plan-submit"),
    path("goals/<int:pk>/assess/", plans.goal_assess, name="goal-assess"),
    path("reviewers/", state.assignment_list, name="assignment-list"),
    path("reviewers/add/", state.assignment_add, name="assignment-add"),
    path("reviewers/<int:pk>/remove/", state.assignment_remove, name="assignment-remove"),
    path("stipends/", state.stipend_list, name="stipend-list"),
    path("stipends/approve/", state.stipend_approve, name="stipend-approve"),
    path("stipends/export.<str:fmt>", state.stipend_export, name="stipend-export"),
    path("stipends/payments/", state.stipend_payments, name="stipend-payments"),
    path("reports/<slug:slug>/", state.report, name="report"),
]
