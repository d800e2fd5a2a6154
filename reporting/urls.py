from django.urls import path

from reporting import views

app_name = "reporting"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("runs/", views.run_create, name="run-create"),
    path("runs/<int:run_id>/", views.run_status, name="run-status"),
    path("runs/<int:run_id>/<str:fmt>/", views.run_download, name="run-download"),
]
