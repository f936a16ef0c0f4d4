from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcurementConfig(AppConfig):
    name = "procurement"
    verbose_name = _("Procurement")

    def ready(self):
        from accounts.models import organisation_moved
        from accounts.services import organisation_identity_changed
        from core.pagecache import forget_pages_on_change

        from . import selectors, services  # noqa: F401  (selectors register their yearly figures)
        from .models import Offering, Supplier

        forget_pages_on_change(Offering, Supplier)
        organisation_identity_changed.connect(
            services.supplier_identity_changed, dispatch_uid="procurement-supplier-identity-changed"
        )
        organisation_moved.connect(services.suppliers_moved, dispatch_uid="procurement-suppliers-moved")
