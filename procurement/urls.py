from django.urls import path

from . import views

app_name = "procurement"

urlpatterns = [
    # the public directory
    path("leveranciers/", views.directory, name="directory"),
    path("leveranciers/export.csv", views.directory_export, name="directory_export"),
    path("leveranciers/<int:pk>/", views.supplier_profile, name="supplier_profile"),
    # the entrepreneur's registration and the requests that fit it
    path("mijn-registratie/", views.registration, name="registration"),
    path("mijn-registratie/bewerken/", views.registration_edit, name="registration_edit"),
    path("inkoopvragen-voor-mij/", views.supplier_requests, name="supplier_requests"),
    # impact reports: the supplier files, a coordinator checks
    path("mijn-registratie/impact/", views.impact_reports, name="impact_reports"),
    path("mijn-registratie/impact/<int:year>/", views.impact_report, name="impact_report"),
    path("impact/", views.impact_overview, name="impact_overview"),
    path("impact/<int:pk>/", views.impact_check, name="impact_check"),
    path("impact/<int:pk>/accepteren/", views.impact_accept, name="impact_accept"),
    path("impact/<int:pk>/teruggeven/", views.impact_return, name="impact_return"),
    path("impact/<int:pk>/bewijs/", views.impact_evidence, name="impact_evidence"),
    # the coordinator's register
    path("register/", views.register, name="register"),
    path("register/actie/", views.register_bulk, name="register_bulk"),
    path("register/<int:pk>/", views.register_supplier, name="register_supplier"),
    path("register/<int:pk>/verifieren/", views.supplier_verify, name="supplier_verify"),
    path("register/<int:pk>/afwijzen/", views.supplier_reject, name="supplier_reject"),
    path("register/export.csv", views.register_export, name="register_export"),
    # private buyers: the coordinator verifies their registration
    path("kopers/", views.buyer_registrations, name="buyer_registrations"),
    path("kopers/<int:pk>/", views.buyer_registration, name="buyer_registration"),
    path("kopers/<int:pk>/verifieren/", views.buyer_verify, name="buyer_verify"),
    path("kopers/<int:pk>/afwijzen/", views.buyer_reject, name="buyer_reject"),
    path("register/import/", views.register_import, name="register_import"),
    path("register/import/<int:pk>/", views.register_import_preview, name="register_import_preview"),
    path("register/import/<int:pk>/voortgang/", views.register_import_progress, name="register_import_progress"),
    path("logboek/", views.audit_log, name="audit_log"),
    # purchase requests
    path("inkoopvragen/", views.requests, name="requests"),
    path("inkoopvragen/export.csv", views.requests_export, name="requests_export"),
    path("inkoopvragen/nieuw/", views.request_create, name="request_create"),
    path("inkoopvragen/<int:pk>/", views.request_detail, name="request_detail"),
    path("inkoopvragen/<int:pk>/reageren/", views.quote_submit, name="quote_submit"),
    path("inkoopvragen/<int:pk>/intrekken/", views.request_cancel, name="request_cancel"),
    path("inkoopvragen/<int:pk>/offertes/<int:quote_pk>/shortlist/", views.quote_shortlist, name="quote_shortlist"),
    path("inkoopvragen/<int:pk>/offertes/<int:quote_pk>/gunnen/", views.quote_award, name="quote_award"),
    # SROI
    path("sroi/", views.tenders, name="tenders"),
    path("sroi/export.csv", views.tenders_export, name="tenders_export"),
    path("sroi/nieuw/", views.tender_create, name="tender_create"),
    path("sroi/<int:pk>/", views.tender_detail, name="tender_detail"),
    path("sroi/<int:pk>/bewerken/", views.tender_edit, name="tender_edit"),
    path("sroi/<int:pk>/inkopen/", views.realisation_add, name="realisation_add"),
    path(
        "sroi/<int:pk>/inkopen/<int:realisation_pk>/verwijderen/", views.realisation_remove, name="realisation_remove"
    ),
    path("sroi/<int:pk>/uitnodigen/", views.tender_invite, name="tender_invite"),
    path("sroi/<int:pk>/inkopen/<int:realisation_pk>/accepteren/", views.realisation_accept, name="realisation_accept"),
    path("sroi/<int:pk>/inkopen/<int:realisation_pk>/afwijzen/", views.realisation_reject, name="realisation_reject"),
    path("sroi/weging/", views.sroi_weights, name="sroi_weights"),
    # the contractor of a tender: its invitation, its duty, suppliers that fit it and its purchases
    path("sroi/uitnodiging/<str:token>/", views.sroi_invitation, name="sroi_invitation"),
    path("opdrachtnemer/", views.contractor_tenders, name="contractor_tenders"),
    path("opdrachtnemer/<int:pk>/", views.contractor_tender, name="contractor_tender"),
    path("opdrachtnemer/<int:pk>/inkopen/", views.contractor_realisation_add, name="contractor_realisation_add"),
    path("opdrachtnemer/<int:pk>/leveranciers/", views.contractor_suggestions, name="contractor_suggestions"),
    path("opdrachtnemer/<int:pk>/inkoopvraag/", views.contractor_request_create, name="contractor_request_create"),
    # figures
    path("cijfers/", views.figures, name="figures"),
]
