from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = _("Matching")

    def ready(self):
        from core.pagecache import forget_pages_on_change

        from . import selectors  # noqa: F401  (registers its yearly figures for programmes' indicators)
        from .models import Need, Offer

        forget_pages_on_change(Need, Offer)
