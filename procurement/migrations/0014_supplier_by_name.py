"""The verified suppliers by name (issue 17): the directory sorted by name, as it is without a search, reads them in
order until a page has its twenty, where it sorted every supplier that a common word finds (at 100,000 suppliers,
18,750 for "verhuizingen"). Both databases."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("procurement", "0013_search_words")]

    operations = [
        migrations.AddIndex(
            model_name="supplier",
            index=models.Index(
                condition=models.Q(("status", "verified")),
                fields=["sort_name", "id"],
                name="procurement_supplier_by_name",
            ),
        ),
    ]
