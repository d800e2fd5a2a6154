from django.urls import path

from exchange import views

app_name = "exchange"

urlpatterns = [
    path("", views.import_upload, name="import-upload"),
    path("import/confirm", views.import_confirm, name="import-confirm"),
    path("template/<slug:kind>.csv", views.import_template, name="import-template"),
    path("export/<str:kind>.<str:fmt>", views.export_download, name="export-download"),
]
