from django.contrib import admin
from django.urls import include, path

from accounts import views as account_views
from reporting import views as reporting_views

admin.site.login = account_views.admin_login  # type: ignore[method-assign]  # one login for portal and admin: its limits and second factor

urlpatterns = [
    path("", include("core.urls")),
    path("", include("accounts.urls")),
    path("start/", reporting_views.start_page, name="start"),
    path("regio/", reporting_views.regional_dashboard, name="regional_dashboard"),
    path("regio/marktplaats/", reporting_views.regional_marketplace, name="regional_marketplace"),
    path("account/", include("allauth.urls")),
    path("i18n/setlang/", account_views.switch_language, name="set_language"),
    path("programma/", include("programmes.urls")),
    path("programma/", include("programmes.challenges.urls")),
    path("programma/", include("goals.contributions.urls")),
    path("matching/", include("matching.urls")),
    path("inkoop/", include("procurement.urls")),
    path("rapportage/", include("reporting.urls")),
    path("netwerk/", include("reporting.network_urls")),
    path("meldingen/", include("notifications.urls")),
    path("peilingen/", include("surveys.urls")),
    path("api/", include("api.urls")),
    path("beheer/", admin.site.urls),
]

admin.site.site_header = "Impactportaal"
admin.site.site_title = "Impactportaal"

handler500 = "core.views.server_error"
