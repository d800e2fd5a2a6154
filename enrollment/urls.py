from django.urls import path

from enrollment import views

app_name = "enrollment"

urlpatterns = [
    path("intent/<slug:slug>/", views.intent, name="intent"),
    path("pathway/", views.pathway, name="pathway"),
    path("<slug:slug>/electives/", views.electives, name="electives"),
    path("<slug:slug>/enrol/", views.enrol, name="enrol"),
    path("enrolments/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("enrolments/<int:pk>/survey/", views.survey, name="survey"),
    path("eligibility/", views.eligibility, name="eligibility"),
    path("eligibility/statement.pdf", views.eligibility_pdf, name="eligibility-pdf"),
    path("surveys/", views.survey_results_view, name="survey-results"),
    path("surveys/answers.csv", views.survey_results_csv, name="survey-results-csv"),
]
