"""The network of municipalities: their published figures compared, at /netwerk/."""

from django.urls import path

from . import views

app_name = "network"

urlpatterns = [
    path("", views.network_public, name="public"),
    path("cijfers.csv", views.network_csv, name="csv"),
    path("collega-s/", views.network_staff, name="staff"),
    path("collega-s/notitie/", views.network_note_add, name="note_add"),
]
