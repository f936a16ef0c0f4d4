from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.home, name="home_page"),
    path("huisstijl/<slug:slug>.css", views.own_face_stylesheet, name="own_face_stylesheet"),
    path("huisstijl/<slug:slug>/logo", views.own_face_logo, name="own_face_logo"),
    path("organisatie/", views.organisation_detail, name="organisation"),
    path("organisatie/bewerken/", views.organisation_edit, name="organisation_edit"),
    path("organisatie/leden/toelaten/<str:token>/", views.membership_accept, name="membership_accept"),
    path("kvk/opzoeken/", views.kvk_lookup, name="kvk_lookup"),
    path("mijn-gegevens/", views.my_data, name="my_data"),
    path("mijn-gegevens/download/", views.my_data_download, name="my_data_download"),
    path("mijn-gegevens/verwijderen/", views.my_account_erase, name="my_account_erase"),
    path("gemeente/accounts/", views.member_list, name="member_list"),
    path("gemeente/accounts/<int:pk>/verwijderen/", views.member_erase, name="member_erase"),
]
