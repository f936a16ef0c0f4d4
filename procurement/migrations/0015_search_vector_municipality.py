"""The municipality of each supplier's organisation in its search vector, as a lexeme of its own
("@municipality:12", by the municipality's id: procurement.search.facet), which the directory's filter by
municipality finds on the GIN index of the vector instead of joining every supplier to its organisation (issue 17:
at 100,000 suppliers a search with a category read some 18,750 suppliers before filtering them on their
organisation's municipality). PostgreSQL only: SQLite keeps no vector. From here on procurement.services'
`suppliers_refresh_search` writes it with the rest of the vector, and an organisation that moves has its
suppliers' vectors refreshed (accounts.models.organisation_moved).

A supplier without a vector yet (never refreshed) gets its facet alone, so that the filter finds it as before.
SearchWord gets the new lexemes as a refresh would give them; no search word reaches them (they begin with "@").
"""

from django.db import migrations

REMOVE_FROM_VECTORS = (
    "UPDATE procurement_supplier SET search_vector = ts_delete(search_vector, ARRAY("
    "SELECT lexeme FROM unnest(search_vector) WHERE starts_with(lexeme, '@municipality:'))) "
    "WHERE search_vector IS NOT NULL"
)
ADD = (
    "UPDATE procurement_supplier AS supplier SET search_vector = COALESCE(supplier.search_vector, '') "
    "|| array_to_tsvector(ARRAY['@municipality:' || organisation.municipality_id]) "
    "FROM accounts_organisation AS organisation WHERE organisation.id = supplier.organisation_id"
)
ADD_WORDS = (
    "INSERT INTO procurement_searchword (word) SELECT DISTINCT '@municipality:' || organisation.municipality_id "
    "FROM procurement_supplier AS supplier JOIN accounts_organisation AS organisation "
    "ON organisation.id = supplier.organisation_id ON CONFLICT DO NOTHING"
)
REMOVE_WORDS = "DELETE FROM procurement_searchword WHERE starts_with(word, '@municipality:')"


def run(*statements: str):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("procurement", "0014_supplier_by_name")]

    operations = [
        migrations.RunPython(
            run(REMOVE_FROM_VECTORS, ADD, ADD_WORDS), run(REMOVE_FROM_VECTORS, REMOVE_WORDS), elidable=False
        )
    ]
