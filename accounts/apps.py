from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and organisations")

    def ready(self):
        from core.pagecache import forget_pages_on_change

        from .models import Municipality, Organisation, Theme

        forget_pages_on_change(Municipality, Organisation, Theme)
