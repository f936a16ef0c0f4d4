"""A GIN index on the stored search vector, on PostgreSQL only.

The index is not in the model's Meta: SQLite (the laptop database and the SQLite test run) cannot create
a GIN index, and the column stays NULL there. The directory's full-text search filters on the stored
column itself, so PostgreSQL uses this index.
"""

from django.db import migrations

INDEX = "procurement_supplier_search_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{INDEX}" ON "procurement_supplier" USING gin ("search_vector")'
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f'DROP INDEX IF EXISTS "{INDEX}"')


class Migration(migrations.Migration):
    dependencies = [("procurement", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
