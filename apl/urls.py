from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from apl import views

admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "APL administration"
admin.site.site_title = "APL administration"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots-txt"),
    path(".well-known/", include("credentials.wellknown_urls")),
    path("accounts/", include("allauth.urls")),
    path("account/", include("accounts.urls")),
    path("admin/", admin.site.urls),
    path("catalogue/", include("catalogue.urls")),
    path("enrolment/", include("enrollment.urls")),
    path("exchange/", include("exchange.urls")),
    path("intake/", include("intake.urls")),
    path("directory/", include("directory.urls")),
    path("grading/", include("grading.urls")),
    path("reports/", include("reporting.urls")),
    path("credentials/", include("credentials.urls")),
    path("growth/", include("growth.urls")),
    path("proposals/", include("proposals.urls")),
    path("renewal/", include("renewal.urls")),
    path("lattice/", include("lattice.urls")),
]

handler400 = "apl.views.bad_request"
