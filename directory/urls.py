from django.urls import path

from directory import views

app_name = "directory"

urlpatterns = [
    path("", views.educator_list, name="educator-list"),
    path("<int:pk>/", views.educator_detail, name="educator-detail"),
    path("<int:pk>/advancement/", views.educator_advancement, name="educator-advancement"),
]
