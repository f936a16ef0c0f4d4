"""The words of the suppliers' search vectors (SearchWord), which the directory writes the start of a search's
words out as, so that the GIN index reads words as they are instead of matching a start against every word it has
(issue 17). Filled here from the vectors there are (PostgreSQL only; SQLite keeps no vector); from here on
procurement.services' `suppliers_refresh_search` adds the new words of the vectors in the statement that
writes them, and `search_words_forget` takes away those no vector holds any more.
"""

from django.db import migrations, models

FILL = (
    "INSERT INTO procurement_searchword (word) "
    "SELECT DISTINCT unnest(tsvector_to_array(search_vector)) FROM procurement_supplier "
    "WHERE search_vector IS NOT NULL ON CONFLICT DO NOTHING"
)


def fill(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FILL)


class Migration(migrations.Migration):
    dependencies = [("procurement", "0012_search_vector_facets")]

    operations = [
        migrations.CreateModel(
            name="SearchWord",
            fields=[
                ("word", models.CharField(max_length=2048, primary_key=True, serialize=False, verbose_name="word")),
            ],
            options={"verbose_name": "search word", "verbose_name_plural": "search words"},
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=False),
    ]
