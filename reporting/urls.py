from django.urls import path

from reporting import publication_views, views

app_name = "reporting"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("runs/", views.run_create, name="run-create"),
    path("runs/<int:run_id>/", views.run_status, name="run-status"),
    path("runs/<int:run_id>/<str:fmt>/", views.run_download, name="run-download"),
    path("published/", publication_views.publication_list, name="publication-list"),
    path("publish/", publication_views.publication_create, name="publication-create"),
    path("published/<int:pk>/", publication_views.publication_detail, name="publication-detail"),
    path(
        "published/<int:pk>/correct/",
        publication_views.publication_correct,
        name="publication-correct",
    ),
    path(
        "published/<int:pk>/<str:fmt>/",
        publication_views.publication_download,
        name="publication-download",
    ),
]
