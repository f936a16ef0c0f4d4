"""python manage.py render_letter MUNICIPALITY YEAR --output PATH

Renders a municipality's council letter of a year synchronously into PATH (the approved version
once approved, else the draft with today's figures) and prints the path. For operators and scripts;
it makes no version in the portal.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reporting import services
from reporting.models import Letter


class Command(BaseCommand):
    help = "Render a municipality's council letter of a year to a PDF file and print its path."

    def add_arguments(self, parser):
        parser.add_argument("municipality", help="The municipality's slug or name, e.g. groningen.")
        parser.add_argument("year", type=int)
        parser.add_argument("--output", "-o", required=True, help="Where to write the PDF.")

    def handle(self, *args, municipality, year, output, **options):
        letters = Letter.objects.select_related("programme__municipality", "approved_version").filter(year=year)
        matching = [
            letter
            for letter in letters
            if municipality.lower() in (letter.programme.municipality.slug, letter.programme.municipality.name.lower())
        ]
        if not matching:
            raise CommandError(f"{municipality} has no council letter for {year}.")
        if len(matching) > 1:
            raise CommandError(
                f"{municipality} has {len(matching)} letters for {year}, one per programme; ask for one."
            )
        result = services.letter_render_now(letter=matching[0])
        path = Path(output)
        if path.parent and not path.parent.exists():
            raise CommandError(f"The folder {path.parent} does not exist.")
        path.write_bytes(result.pdf)
        self.stdout.write(str(path))
