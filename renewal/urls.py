from django.urls import path

from renewal import views, views_state

app_name = "renewal"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("statement.pdf", views.statement, name="statement"),
    path("credential", views.credential, name="credential"),
    path("educators/<int:pk>/", views.educator, name="educator"),
    path("educators/<int:pk>/statement.pdf", views.educator_statement, name="educator-statement"),
    path("districts/", views.districts, name="districts"),
    path("districts/<int:pk>/", views.district, name="district"),
    path("districts/<int:pk>/renewal.csv", views.district_export, name="district-export"),
    path("districts/<int:pk>/plan/", views.plan_edit, name="plan-edit"),
    path("plans/<int:pk>/", views.plan, name="plan"),
    path("plans/<int:pk>/submit", views.plan_submit, name="plan-submit"),
    path("plans/<int:pk>/decide", views.plan_decide, name="plan-decide"),
    path("state/", views_state.state, name="state"),
    path("state/renewal-status.csv", views_state.export, name="export"),
    path("state/study/", views_state.study, name="study"),
    path("state/study.csv", views_state.study_csv, name="study-csv"),
    path("list/", views_state.renewal_list, name="list"),
    path("list/add", views_state.listing_add, name="listing-add"),
    path("list/<int:pk>/edit", views_state.listing_edit, name="listing-edit"),
    path("list/<int:pk>/retire", views_state.listing_retire, name="listing-retire"),
]
