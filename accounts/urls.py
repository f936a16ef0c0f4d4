from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.home, name="home_page"),
    path("start/", views.start, name="home"),
    path("organisatie/", views.organisation_detail, name="organisation"),
    path("organisatie/bewerken/", views.organisation_edit, name="organisation_edit"),
    path("healthz", views.healthz, name="healthz"),
]
