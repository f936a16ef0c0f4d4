"""PostgreSQL's planner told what matching a text search costs per row (the function behind tsvector @@ tsquery).

PostgreSQL prices `search_vector @@ query` at one cpu_operator_cost a row (procost 1), as it does an integer
comparison; measured on the directory's vectors it takes 2-4 µs a row, a hundred times that. With the default a
search for a common word ("catering", "schoonmaak") or a count with a LIMIT plans a sequential scan that evaluates
the query on every supplier, instead of the GIN index on the stored vector (migration 0002). COST 100 makes the
planner weigh that evaluation as it is (bench/run's growth rows: the rotating searches planning a sequential scan
over the suppliers at 100,000).

A built-in function belongs to the database's superuser: where the portal's role may not alter it (a managed
PostgreSQL), nothing changes here and README's "Database planner settings" gives the statement for the database's
administrator. PostgreSQL only; SQLite has no planner costs.
"""

from django.db import migrations

FUNCTION = "pg_catalog.ts_match_vq(tsvector, tsquery)"


def set_cost(cost: int):
    def apply(apps, schema_editor):
        connection = schema_editor.connection
        if connection.vendor != "postgresql":
            return
        with connection.cursor() as cursor:
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            row = cursor.fetchone()
            if row and row[0]:
                cursor.execute(f"ALTER FUNCTION {FUNCTION} COST {cost}")

    return apply


class Migration(migrations.Migration):
    dependencies = [("procurement", "0009_contractors_private_buyers_weights")]

    operations = [migrations.RunPython(set_cost(100), set_cost(1), elidable=False)]
