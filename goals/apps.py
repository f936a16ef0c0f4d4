from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def ensure_the_seventeen_goals(sender, using="default", **kwargs) -> None:
    """The data migration puts the goals in the table; this puts them back wherever a table was made or emptied
    without it (a test database made without migrations, or flushed between tests)."""
    from django.db import connections

    from .data import SEVENTEEN_GOALS
    from .models import Goal

    if Goal._meta.db_table not in connections[using].introspection.table_names():
        return  # migrated part of the way, to before the goals' table
    present = set(Goal.objects.using(using).values_list("number", flat=True))
    Goal.objects.using(using).bulk_create(
        [
            Goal(number=number, name_nl=name_nl, name_en=name_en, colour=colour)
            for number, name_nl, name_en, colour in SEVENTEEN_GOALS
            if number not in present
        ]
    )


class GoalsConfig(AppConfig):
    name = "goals"
    verbose_name = _("Sustainable development goals")

    def ready(self) -> None:
        post_migrate.connect(ensure_the_seventeen_goals, sender=self)
