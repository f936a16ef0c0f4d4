from django.urls import path

from . import views

app_name = "programmes"

urlpatterns = [
    path("", views.programme_list, name="programme_list"),
    path("nieuw/", views.programme_create, name="programme_create"),
    path("<int:pk>/", views.programme_detail, name="programme_detail"),
    path("<int:pk>/bewerken/", views.programme_edit, name="programme_edit"),
    path("<int:programme_pk>/actielijnen/nieuw/", views.action_line_create, name="action_line_create"),
    path("actielijnen/<int:pk>/", views.action_line_detail, name="action_line_detail"),
    path("actielijnen/<int:pk>/bewerken/", views.action_line_edit, name="action_line_edit"),
    path("actielijnen/<int:pk>/voortgang/<int:year>/", views.progress_edit, name="progress_edit"),
    path("actielijnen/<int:action_line_pk>/indicatoren/nieuw/", views.indicator_create, name="indicator_create"),
    path("indicatoren/<int:pk>/", views.indicator_edit, name="indicator_edit"),
    path("partners/", views.partner_list, name="partner_list"),
    path("partners/nieuw/", views.partner_create, name="partner_create"),
    path("partners/<int:pk>/", views.partner_edit, name="partner_edit"),
    path("activiteiten/", views.activity_list, name="activity_list"),
    path("activiteiten/export.csv", views.activity_export, name="activity_export"),
    path("activiteiten/nieuw/", views.activity_create, name="activity_create"),
    path("activiteiten/<int:pk>/", views.activity_detail, name="activity_detail"),
    path("activiteiten/<int:pk>/bewerken/", views.activity_edit, name="activity_edit"),
    path("activiteiten/<int:pk>/status/", views.activity_status, name="activity_status"),
    path("agenda/", views.calendar_index, name="calendar_index"),
    path("agenda/<slug:slug>.ics", views.activity_calendar, name="activity_calendar"),
    path("agenda/<slug:slug>/", views.public_calendar, name="public_calendar"),
    path("agenda/<slug:slug>/<int:pk>/", views.public_activity, name="public_activity"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/indicatoren.csv", views.indicator_export, name="indicator_export"),
    path("wijzigingen/", views.audit_log, name="audit_log"),
    path("impactmeldpunt/", views.question_ask, name="question_ask"),
    path("impactmeldpunt/verstuurd/", views.question_thanks, name="question_thanks"),
    path("impactmeldpunt/mijn-vragen/", views.my_questions, name="my_questions"),
    path("impactmeldpunt/vragen/", views.question_queue, name="question_queue"),
    path("impactmeldpunt/vragen/export.csv", views.question_export, name="question_export"),
    path("impactmeldpunt/vragen/<int:pk>/", views.question_detail, name="question_detail"),
    path("impactmeldpunt/vragen/<int:pk>/oppakken/", views.question_pick_up, name="question_pick_up"),
    path("impactmeldpunt/vragen/<int:pk>/beantwoorden/", views.question_answer, name="question_answer"),
    path("impactmeldpunt/vragen/<int:pk>/sluiten/", views.question_close, name="question_close"),
    path("impactmeldpunt/vragen/<int:pk>/overdragen/", views.question_hand_over, name="question_hand_over"),
    path("impactmeldpunt/loket/", views.desk_questions, name="desk_questions"),
    path("impactmeldpunt/loketten/", views.desk_list, name="desk_list"),
    path("impactmeldpunt/loketten/nieuw/", views.desk_create, name="desk_create"),
    path("impactmeldpunt/loketten/<int:pk>/", views.desk_edit, name="desk_edit"),
    path("impactmeldpunt/mijn-vragen/<int:pk>/", views.my_question_detail, name="my_question_detail"),
    path("impactmeldpunt/gesprek/<int:pk>/<str:token>/", views.question_conversation, name="question_conversation"),
    path(
        "impactmeldpunt/gesprek/<int:pk>/<str:token>/tevredenheid/", views.question_feedback, name="question_feedback"
    ),
]
