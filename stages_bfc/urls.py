from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path

# The admin has no login of its own: allauth's, with its rate limits and the second factor.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", include("pages.urls")),
    path("", include("offers.urls")),
    path("", include("search.urls")),
    path("", include("alerts.urls")),
    path("", include("reference.urls")),
    path("", include("reports.urls")),
    path("", include("organisations.urls")),
    path("", include("placements.urls")),
    path("", include("conventions.urls")),
    path("compte/", include("accounts.urls")),
    path("compte/", include("allauth.urls")),
    path("", include("sync_1j1s.urls")),
    path("", include("figures.urls")),
    path("admin/", admin.site.urls),
]

if settings.DEV_TOOLS:  # never in production (settings refuse it)
    urlpatterns += [path("", include("national_sandbox.urls"))]
