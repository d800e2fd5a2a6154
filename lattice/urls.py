from django.urls import path

from lattice import views, views_state

app_name = "lattice"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("roles/<int:pk>/apply", views.apply, name="apply"),
    path("applications/<int:pk>/", views.application, name="application"),
    path("applications/<int:pk>/interview", views.interview, name="interview"),
    path("applications/<int:pk>/decide", views.decide, name="decide"),
    path("districts/<int:pk>/", views_state.district, name="district"),
    path("districts/<int:pk>/criteria", views_state.criterion_add, name="criterion-add"),
    path("criteria/<int:pk>/delete", views_state.criterion_delete, name="criterion-delete"),
    path("state/", views_state.state, name="state"),
    path("state/advanced-roles.csv", views_state.state_csv, name="state-csv"),
    path("routes/<int:pk>/edit", views_state.route_edit, name="route-edit"),
]
