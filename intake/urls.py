from django.urls import path

from intake import views

app_name = "intake"

urlpatterns = [
    path("intents/", views.intent_list, name="intent-list"),
    path("intents/bulk-accept/", views.intent_bulk_accept, name="intent-bulk-accept"),
    path("intents/<int:pk>/", views.intent_detail, name="intent-detail"),
    path("intents/<int:pk>/accept/", views.intent_accept, name="intent-accept"),
    path("intents/<int:pk>/decline/", views.intent_decline, name="intent-decline"),
    path("cohorts/", views.cohort_list, name="cohort-list"),
    path("cohorts/new/", views.cohort_create, name="cohort-create"),
    path("cohorts/<int:pk>/", views.cohort_detail, name="cohort-detail"),
    path("cohorts/<int:pk>/settings/", views.cohort_update, name="cohort-update"),
    path("cohorts/<int:pk>/balance/", views.cohort_balance, name="cohort-balance"),
    path(
        "enrolments/<int:pk>/facilitator/",
        views.enrollment_reassign,
        name="enrollment-reassign",
    ),
    path("payments/", views.payment_list, name="payment-list"),
    path("payments/update/", views.payment_update, name="payment-update"),
]
