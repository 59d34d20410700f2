"""The URL map: language-prefixed pages; unprefixed API, health check and SMS webhook."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django_otp.admin import OTPAdminSite

from kenesh.config.api import api
from kenesh.config.health import health
from kenesh.ops.metrics import metrics
from kenesh.web.views import favicon

# The Django admin asks for the second factor too, as the office does (kenesh.ops.access).
admin.site.__class__ = OTPAdminSite

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", api.urls),
    path("health/", health, name="health"),
    path("metrics", metrics, name="metrics"),
    path("favicon.ico", favicon, name="favicon"),
    # Open data of published budgets: stable addresses, the same in every language.
    path("budgets/data/", include("kenesh.budgets.data_urls")),
    path("needs/data/", include("kenesh.needs.data_urls")),
    path("plans/data/", include("kenesh.plans.data_urls")),
    path("appeals/data/", include("kenesh.appeals.data_urls")),
    path("monitoring/data/", include("kenesh.monitoring.data_urls")),
    path("sms/", include("kenesh.messaging.webhook_urls")),
    path("hearings/data/", include("kenesh.hearings.data_urls")),
    path("", include("kenesh.portal.admin_urls")),
]

urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("", include("kenesh.territory.urls")),
    path("", include("kenesh.accounts.urls")),
    path("", include("kenesh.web.urls")),
    path("", include("kenesh.messaging.urls")),
    path("", include("kenesh.audit.urls")),
    path("", include("kenesh.budgets.urls")),
    path("", include("kenesh.pb.urls")),
    path("", include("kenesh.needs.urls")),
    path("", include("kenesh.plans.urls")),
    path("", include("kenesh.notices.urls")),
    path("", include("kenesh.hearings.urls")),
    path("", include("kenesh.surveys.urls")),
    path("", include("kenesh.appeals.urls")),
    path("", include("kenesh.monitoring.urls")),
    path("", include("kenesh.subscriptions.urls")),
    path("", include("kenesh.portal.urls")),
    path("", include("kenesh.portraits.urls")),
    path("", include("kenesh.home.urls")),
    prefix_default_language=True,
)

handler403 = "kenesh.web.views.permission_denied"
handler404 = "kenesh.web.views.page_not_found"
handler500 = "kenesh.web.views.server_error"
