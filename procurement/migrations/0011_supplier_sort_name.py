"""The directory's best match without ranking every supplier a search finds (issue 17).

- `sort_name`, the organisation's name kept on the supplier: sorting by name needs no join to the organisation.
- PostgreSQL only: a GIN index on the name's text-search vector (the 'dutch' configuration, as the name's part
  of the stored search vector), so the suppliers whose name matches a search, which the best match lists first,
  are found without evaluating every match; and both GIN indexes without their pending list (`fastupdate`),
  which every search reads through until VACUUM merges it (after a few thousand new or changed suppliers, tens
  of milliseconds a search).
"""

from django.db import migrations, models

NAME_INDEX = "procurement_supplier_name_gin"
SEARCH_INDEX = "procurement_supplier_search_gin"  # migration 0002
NAME_VECTOR = "to_tsvector('dutch'::regconfig, COALESCE(sort_name, ''))"  # as SearchVector("sort_name") writes it

FILL = (
    "UPDATE procurement_supplier SET sort_name = "
    "(SELECT name FROM accounts_organisation WHERE accounts_organisation.id = procurement_supplier.organisation_id)"
)


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f'CREATE INDEX IF NOT EXISTS "{NAME_INDEX}" ON "procurement_supplier" USING gin (({NAME_VECTOR})) '
        "WITH (fastupdate = off) WHERE status = 'verified'"
    )
    schema_editor.execute(f'ALTER INDEX "{SEARCH_INDEX}" SET (fastupdate = off)')
    schema_editor.execute(f"SELECT gin_clean_pending_list('{SEARCH_INDEX}'::regclass)")


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f'DROP INDEX IF EXISTS "{NAME_INDEX}"')
    schema_editor.execute(f'ALTER INDEX "{SEARCH_INDEX}" RESET (fastupdate)')


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0010_organisation_deregistered_index"),
        ("procurement", "0010_text_match_cost"),
    ]

    operations = [
        migrations.AddField(
            model_name="supplier",
            name="sort_name",
            field=models.CharField(blank=True, editable=False, max_length=200, verbose_name="name for sorting"),
        ),
        migrations.RunSQL(FILL, migrations.RunSQL.noop, elidable=False),
        migrations.RunPython(create_indexes, drop_indexes, elidable=False),
    ]
