from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "programmes"
    verbose_name = _("Programmes")

    def ready(self):
        from core.pagecache import forget_pages_on_change

        from . import selectors  # noqa: F401  (registers its yearly figures for indicators)
        from .models import ActionLine, Activity, Programme, Question

        forget_pages_on_change(Programme, ActionLine, Activity, Question)
