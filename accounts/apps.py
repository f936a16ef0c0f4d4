from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and organisations")

    def ready(self):
        from . import checks  # noqa: F401 (registers the deployment checks)
        from .models import Municipality, Organisation
        from .pagecache import forget_pages_on_change

        forget_pages_on_change(Municipality, Organisation)
