from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChallengesConfig(AppConfig):
    """Challenges under a programme's action line: the call, applications, the jury and the funnel."""

    name = "programmes.challenges"
    label = "challenges"
    verbose_name = _("Challenges")

    def ready(self):
        from core.pagecache import forget_pages_on_change

        from . import selectors  # noqa: F401  (registers its yearly figures for programmes' indicators)
        from .models import Pledge, TablePlan

        forget_pages_on_change(TablePlan, Pledge)  # the dashboard keeps the amount financed
