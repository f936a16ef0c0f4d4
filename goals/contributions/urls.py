from django.urls import path

from . import views

app_name = "goals"

urlpatterns = [
    path("duurzame-ontwikkelingsdoelen/lokale-doelen/", views.local_targets, name="local_targets"),
    path("duurzame-ontwikkelingsdoelen/lokale-doelen/<int:pk>/", views.local_target_edit, name="local_target_edit"),
    path(
        "duurzame-ontwikkelingsdoelen/lokale-doelen/<int:pk>/verwijderen/",
        views.local_target_delete,
        name="local_target_delete",
    ),
    path("duurzame-ontwikkelingsdoelen/<slug:slug>/", views.sdg_page, name="sdg_page"),
]
