from django.core.management.base import BaseCommand
from django.utils.module_loading import autodiscover_modules

from core import datachanges
from core.demo import DEMO_PASSWORD, seed_steps


class Command(BaseCommand):
    help = "Create the demo data (idempotent): municipalities, programmes, organisations and one account per role."

    def handle(self, *args, **options):
        autodiscover_modules("demo")
        for step in seed_steps():
            self.stdout.write(f"Seeding {step.name} ...")
            step.run()
        datachanges.compact()  # the rows that marked each write, folded into one
        self.stdout.write(self.style.SUCCESS(f"Demo data ready. Every demo account's password is {DEMO_PASSWORD!r}."))
