from django.urls import path

from intake import cohort_views, payment_views, views

app_name = "intake"

urlpatterns = [
    path("intents/", views.intent_list, name="intent-list"),
    path("intents/bulk-accept/", views.intent_bulk_accept, name="intent-bulk-accept"),
    path("intents/<int:pk>/", views.intent_detail, name="intent-detail"),
    path("intents/<int:pk>/accept/", views.intent_accept, name="intent-accept"),
    path("intents/<int:pk>/decline/", views.intent_decline, name="intent-decline"),
    path("cohorts/", cohort_views.cohort_list, name="cohort-list"),
    path("cohorts/new/", cohort_views.cohort_create, name="cohort-create"),
    path("cohorts/<int:pk>/", cohort_views.cohort_detail, name="cohort-detail"),
    path("cohorts/<int:pk>/settings/", cohort_views.cohort_update, name="cohort-update"),
    path("cohorts/<int:pk>/balance/", cohort_views.cohort_balance, name="cohort-balance"),
    path(
        "enrolments/<int:pk>/facilitator/",
        cohort_views.enrollment_reassign,
        name="enrollment-reassign",
    ),
    path("payments/", payment_views.payment_list, name="payment-list"),
    path("payments/update/", payment_views.payment_update, name="payment-update"),
]
