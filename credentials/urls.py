from django.urls import path

from credentials import public_views, views

app_name = "credentials"

urlpatterns = [
    # Public, no account: verification, the issuer's profile and keys, the status list.
    path("public/verify/", views.public_verifier, name="public-verifier"),
    path("public/issuer/", views.public_issuer, name="public-issuer"),
    path("public/issuer.json", public_views.issuer_json, name="public-issuer-json"),
    path("public/keys.json", public_views.keys_json, name="public-keys"),
    path("public/keys/<slug:kid>.json", public_views.key_json, name="public-key"),
    path("public/status/<slug:slug>/", public_views.status_list, name="public-status-list"),
    path("public/elevate-nm/", views.public_domains, name="public-domains"),
    path("public/c/<str:public_id>/", views.public_credential, name="public-credential"),
    path("public/achievements/<str:code>/", views.public_achievement, name="public-achievement"),
    path(
        "public/achievements/<str:code>/badge.svg",
        views.public_achievement_image,
        name="public-achievement-image",
    ),
    path(
        "public/wallet/<str:token>/",
        views.public_wallet_credential,
        name="public-wallet-credential",
    ),
    # Signed in: the educator's own credentials; staff who may see or revoke them.
    path("mine/", views.my_credentials, name="my-credentials"),
    path("<int:pk>/", views.credential_detail, name="credential-detail"),
    path("<int:pk>/badge.jwt", views.credential_download_jwt, name="credential-download-jwt"),
    path("<int:pk>/badge.json", views.credential_download_json, name="credential-download-json"),
    path("<int:pk>/certificate.pdf", views.credential_certificate, name="credential-certificate"),
    path("<int:pk>/evidence/", views.credential_evidence, name="credential-evidence"),
    path("<int:pk>/wallet/", views.credential_wallet, name="credential-wallet"),
    path(
        "<int:pk>/learner-record/",
        views.credential_learner_record,
        name="credential-learner-record",
    ),
    path("<int:pk>/sharing/", views.credential_sharing, name="credential-sharing"),
    path("<int:pk>/revoke/", views.credential_revoke, name="credential-revoke"),
]
