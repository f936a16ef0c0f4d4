from django.urls import path

from . import views

app_name = "reporting"

urlpatterns = [
    path("brieven/", views.letter_list, name="letter_list"),
    path("brieven/nieuw/", views.letter_create, name="letter_create"),
    path("brieven/<int:pk>/", views.letter_detail, name="letter_detail"),
    path("brieven/<int:pk>/bewerken/", views.letter_edit, name="letter_edit"),
    path("brieven/<int:pk>/actielijn/<int:action_line_pk>/", views.section_edit, name="section_edit"),
    path("brieven/<int:pk>/voorbeeld/", views.letter_preview, name="letter_preview"),
    path("brieven/<int:pk>/voorbeeld/live/", views.preview_fragment, name="preview_fragment"),
    path("brieven/<int:pk>/pdf-maken/", views.version_generate, name="version_generate"),
    path("brieven/<int:pk>/goedkeuren/", views.letter_approve, name="letter_approve"),
    path("brieven/<int:pk>/heropenen/", views.letter_reopen, name="letter_reopen"),
    path("brieven/<int:pk>/publiceren/", views.letter_publish, name="letter_publish"),
    path("brieven/<int:pk>/openbaar/", views.letter_public, name="letter_public"),
    path("versies/<int:pk>/voortgang/", views.version_progress, name="version_progress"),
    path("versies/<int:pk>/opnieuw/", views.version_retry, name="version_retry"),
    path("versies/<int:pk>/pdf/", views.version_download, name="version_download"),
    path("raad/", views.council_letters, name="council_letters"),
    path("raad/<int:pk>/", views.published_letter, name="published_letter"),
    path("raad/<int:pk>/pdf/", views.published_pdf, name="published_pdf"),
    path("openbaar/", views.public_letters, name="public_letters"),
    path("openbaar/<int:pk>/", views.public_letter, name="public_letter"),
    path("openbaar/<int:pk>/pdf/", views.public_pdf, name="public_pdf"),
]
