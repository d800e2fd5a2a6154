"""Addresses under /.well-known/: the issuer's did:web document."""

from django.urls import path

from credentials import public_views

app_name = "wellknown"

urlpatterns = [
    path("did.json", public_views.did_json, name="did-json"),
]
