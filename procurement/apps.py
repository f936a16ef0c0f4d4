from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcurementConfig(AppConfig):
    name = "procurement"
    verbose_name = _("Procurement")

    def ready(self):
        from core.pagecache import forget_pages_on_change

        from .models import Offering, Supplier

        forget_pages_on_change(Offering, Supplier)
