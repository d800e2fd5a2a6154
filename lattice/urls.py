from django.urls import path

from lattice import views, views_roles, views_state

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
    path("roles/new", views_roles.role_create, name="role-create"),
    path("roles/<int:pk>/edit", views_roles.role_edit, name="role-edit"),
    path("roles/<int:pk>/routes/new", views_roles.route_add, name="route-add"),
    path("stacks/new", views_roles.stack_create, name="stack-create"),
    path("stacks/<int:pk>/edit", views_roles.stack_edit, name="stack-edit"),
]
