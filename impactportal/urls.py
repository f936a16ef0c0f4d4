from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

urlpatterns = [
    path("", include("accounts.urls")),
    path("account/", include("allauth.urls")),
    # Without a CSRF token, so that the language switch on every page holds nothing of the visitor's own and
    # public pages can be kept in the page cache (accounts.pagecache); a forged switch only changes a language.
    path("i18n/setlang/", csrf_exempt(login_not_required(set_language)), name="set_language"),
    path("programma/", include("programmes.urls")),
    path("matching/", include("matching.urls")),
    path("inkoop/", include("procurement.urls")),
    path("rapportage/", include("reporting.urls")),
    path("beheer/", admin.site.urls),
]

admin.site.site_header = "Impactportaal"
admin.site.site_title = "Impactportaal"

handler500 = "accounts.views.server_error"
