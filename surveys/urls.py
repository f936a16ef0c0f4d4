"""The survey pages, under /peilingen/."""

from django.urls import path

from . import views

app_name = "surveys"

urlpatterns = [
    path("", views.survey_list, name="survey_list"),
    path("nieuw/", views.survey_create, name="survey_create"),
    path("<int:pk>/", views.survey_detail, name="survey_detail"),
    path("<int:pk>/bewerken/", views.survey_edit, name="survey_edit"),
    path("<int:pk>/vragen/", views.survey_questions, name="survey_questions"),
    path("<int:pk>/versturen/", views.survey_send, name="survey_send"),
    path("<int:pk>/sluitingsdatum/", views.survey_extend, name="survey_extend"),
    path("<int:pk>/resultaten/", views.survey_results, name="survey_results"),
    path("<int:pk>/resultaten.csv", views.result_export, name="result_export"),
    path("<int:pk>/citeren/", views.survey_cite, name="survey_cite"),
    path("<int:pk>/invullen/", views.answer, name="answer"),
]
