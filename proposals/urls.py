from django.urls import path

from proposals import views

app_name = "proposals"

urlpatterns = [
    path("", views.proposal_list, name="proposal-list"),
    path("new/", views.proposal_create, name="proposal-create"),
    path("<int:pk>/", views.proposal_detail, name="proposal-detail"),
    path("<int:pk>/reviewers/", views.proposal_assign, name="proposal-assign"),
    path("<int:pk>/review/", views.proposal_review, name="proposal-review"),
    path("<int:pk>/accept/", views.proposal_accept, name="proposal-accept"),
    path("<int:pk>/decline/", views.proposal_decline, name="proposal-decline"),
]
