from django.urls import path

from . import views

app_name = "matching"

urlpatterns = [
    path("vragen/", views.need_list, name="need_list"),
    path("vragen/nieuw/", views.need_create, name="need_create"),
    path("vragen/<int:pk>/", views.need_detail, name="need_detail"),
    path("vragen/<int:pk>/bewerken/", views.need_edit, name="need_edit"),
    path("vragen/<int:pk>/status/", views.need_status, name="need_status"),
    path("vragen/<int:pk>/suggesties/", views.need_suggestions, name="need_suggestions"),
    path("vragen/<int:pk>/ik-wil-helpen/", views.need_help, name="need_help"),
    path("aanbod/", views.offer_list, name="offer_list"),
    path("aanbod/nieuw/", views.offer_create, name="offer_create"),
    path("aanbod/<int:pk>/", views.offer_detail, name="offer_detail"),
    path("aanbod/<int:pk>/bewerken/", views.offer_edit, name="offer_edit"),
    path("aanbod/<int:pk>/status/", views.offer_status, name="offer_status"),
    path("aanbod/<int:pk>/suggesties/", views.offer_suggestions, name="offer_suggestions"),
    path("mijn/", views.mine, name="mine"),
    path("matches/", views.match_list, name="match_list"),
    path("matches/export.csv", views.match_export, name="match_export"),
    path("matches/voorstellen/", views.match_propose, name="match_propose"),
    path("matches/<int:pk>/", views.match_detail, name="match_detail"),
    path("matches/<int:pk>/status/", views.match_change, name="match_change"),
    path("overzicht/", views.overview, name="overview"),
    path("cijfers/", views.figures, name="figures"),
    path("beursvloer/", views.beursvloer_list, name="beursvloer_list"),
    path("beursvloer/nieuw/", views.beursvloer_create, name="beursvloer_create"),
    path("beursvloer/<int:pk>/", views.beursvloer_detail, name="beursvloer_detail"),
    path("beursvloer/<int:pk>/registreren/", views.beursvloer_register, name="beursvloer_register"),
    path("beursvloer/<int:pk>/deals.csv", views.deal_export, name="deal_export"),
    path("buy-social/deals/", views.deal_list, name="deal_list"),
    path("vragen/<int:pk>/heropenen/", views.need_reopen, name="need_reopen"),
    path("aanbod/<int:pk>/heropenen/", views.offer_reopen, name="offer_reopen"),
    path("matches/<int:pk>/heropenen/", views.match_reopen, name="match_reopen"),
    path("zonder-beweging/vragen/", views.stale_needs, name="stale_needs"),
    path("zonder-beweging/matches/", views.stale_matches, name="stale_matches"),
]
