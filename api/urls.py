"""/api/v1/: the open-data API. Every address is public (no login); paths have no trailing slash
(NL API Design Rules), except the root /api/v1/ itself."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from . import views

app_name = "api"

router = SimpleRouter(trailing_slash=False)
router.register("suppliers", views.SupplierViewSet, basename="supplier")
router.register("needs", views.NeedViewSet, basename="need")
router.register("offers", views.OfferViewSet, basename="offer")
router.register("activities", views.ActivityViewSet, basename="activity")
router.register("challenge-results", views.ChallengeResultViewSet, basename="challenge-result")
router.register("letter-figures", views.LetterFiguresViewSet, basename="letter-figures")


def public(patterns: list) -> list:
    """Every API address is open to anyone: Django's LoginRequiredMiddleware lets them through."""
    for pattern in patterns:
        pattern.callback.login_required = False
    return patterns


urlpatterns = [
    *public(
        [
            path("v1/", views.RootView.as_view(), name="root"),
            path("v1/openapi.json", views.OpenApiView.as_view(), name="openapi"),
            path("v1/docs", views.docs, name="docs"),
        ]
    ),
    path("v1/", include(public(router.urls))),
]
