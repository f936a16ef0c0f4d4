"""The challenge pages, under /programma/ like the rest of the programme (their addresses predate the app)."""

from django.urls import path

from . import views

app_name = "challenges"

urlpatterns = [
    # challenges: the coordinator
    path("challenges/", views.challenge_list, name="challenge_list"),
    path("challenges/nieuw/", views.challenge_create, name="challenge_create"),
    path("challenges/<int:pk>/", views.challenge_detail, name="challenge_detail"),
    path("challenges/<int:pk>/bewerken/", views.challenge_edit, name="challenge_edit"),
    path("challenges/<int:pk>/vragen/", views.challenge_questions, name="challenge_questions"),
    path("challenges/<int:pk>/criteria/", views.challenge_criteria, name="challenge_criteria"),
    path("challenges/<int:pk>/jury/", views.challenge_jury, name="challenge_jury"),
    path("challenges/<int:pk>/aanmeldingen/", views.challenge_applications, name="challenge_applications"),
    path("challenges/<int:pk>/aanmeldingen/actie/", views.challenge_bulk, name="challenge_bulk"),
    path("challenges/<int:pk>/scores.csv", views.challenge_export, name="challenge_export"),
    path("challenges/<int:pk>/financieringstafel/", views.financing_table, name="financing_table"),
    path("challenges/<int:pk>/financieringstafel/uitnodigen/", views.financing_invite, name="financing_invite"),
    path("challenges/<int:pk>/financieringstafel/plannen/", views.financing_present, name="financing_present"),
    path("challenges/<int:pk>/financieringstafel/toezeggingen/", views.financing_pledge, name="financing_pledge"),
    path("challenges/<int:pk>/financieringstafel/sluiten/", views.financing_close, name="financing_close"),
    path("financieringstafel/plannen/<int:pk>/gefinancierd/", views.financing_confirm, name="financing_confirm"),
    path("aanmeldingen/<int:pk>/", views.application_detail, name="application_detail"),
    path("aanmeldingen/<int:pk>/fase/", views.application_stage, name="application_stage"),
    path("aanmeldingen/<int:pk>/coach/", views.application_coach, name="application_coach"),
    path("aanmeldingen/<int:pk>/pitch.pdf", views.pitch_download, name="pitch_download"),
    # challenges: applicants
    path("mijn-challenges/", views.my_challenges, name="my_challenges"),
    path("challenges/<int:pk>/aanmelden/", views.challenge_apply, name="challenge_apply"),
    path("mijn-challenges/aanmeldingen/<int:pk>/", views.my_application, name="my_application"),
    # challenges: coaches (often SME entrepreneurs, whatever their role)
    path("coaching/", views.coaching_home, name="coaching_home"),
    path("coaching/deelnemers/<int:pk>/", views.coaching_participant, name="coaching_participant"),
    # challenges: the jury
    path("jury/", views.jury_home, name="jury_home"),
    path("jury/beoordelingen/<int:pk>/", views.review_edit, name="review_edit"),
    # challenges: a financier, through the secret link of their invitation (no account)
    path("financiering/<int:pk>/<str:token>/", views.financier_table, name="financier_table"),
    path("financiering/<int:pk>/<str:token>/pitch/<int:plan>.pdf", views.financier_pitch, name="financier_pitch"),
    # challenges: the public
    path("challenges/openbaar/", views.public_challenge_list, name="public_challenge_list"),
    path("challenges/openbaar/<int:pk>/", views.public_challenge, name="public_challenge"),
]
