from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The shared plumbing that is about no domain: kept pages, rate limits, mail, geo, charts, CSV, the
    transition helper, the audit trail, form errors and pagination, and the mark of the data's changes."""

    name = "core"
    verbose_name = _("Portal plumbing")

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import (
            checks,  # noqa: F401 (registers the deployment checks)
            i18n_kept,
        )
        from .datachanges import install_triggers

        post_migrate.connect(install_triggers, sender=self)
        i18n_kept.install()  # {% translate %} of a fixed text, translated once per language
