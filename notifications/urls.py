from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("<int:pk>/gelezen/", views.notification_read, name="read"),
    path("alles-gelezen/", views.notification_read_all, name="read_all"),
    path("instellingen/", views.notification_settings, name="settings"),
]
