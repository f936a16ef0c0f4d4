"""The suppliers' themes and the categories of their products and services in their search vectors, as lexemes of
their own ("@theme:circular", "@category:recycling": procurement.search.facet), which the directory's filters by
theme and category find on the GIN index of the vector instead of joining every supplier to its themes or
offerings (issue 17). PostgreSQL only: SQLite keeps no vector. From here on procurement.services'
`suppliers_refresh_search` writes them with the rest of the vector.

A supplier without a vector yet (never refreshed) gets its facets alone, so that the filters find it as before.
"""

from django.db import migrations

FACETS = """
    ARRAY(
        SELECT '@theme:' || theme.code
        FROM procurement_supplier_themes AS link JOIN accounts_theme AS theme ON theme.id = link.theme_id
        WHERE link.supplier_id = procurement_supplier.id
        UNION
        SELECT '@category:' || offering.category FROM procurement_offering AS offering
        WHERE offering.supplier_id = procurement_supplier.id
    )
"""
ADD = f"UPDATE procurement_supplier SET search_vector = COALESCE(search_vector, '') || array_to_tsvector({FACETS})"
REMOVE = (
    "UPDATE procurement_supplier SET search_vector = ts_delete(search_vector, ARRAY("
    "SELECT lexeme FROM unnest(search_vector) WHERE starts_with(lexeme, '@')))"
)


def run(statement: str):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("procurement", "0011_supplier_sort_name")]

    operations = [migrations.RunPython(run(ADD), run(REMOVE), elidable=False)]
