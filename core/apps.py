from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The shared plumbing that is about no domain: kept pages, rate limits, mail, geo, charts, CSV, the
    transition helper, the audit trail, form errors and pagination."""

    name = "core"
    verbose_name = _("Portal plumbing")

    def ready(self):
        from . import checks  # noqa: F401 (registers the deployment checks)
