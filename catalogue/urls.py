from django.urls import path

from catalogue import views

app_name = "catalogue"

urlpatterns = [
    path("stacks/", views.stack_list, name="stack-list"),
]
