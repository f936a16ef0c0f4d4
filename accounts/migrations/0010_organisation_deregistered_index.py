"""A partial index of the organisations the KvK register says were deregistered (a short list): the public
directory leaves their suppliers out with one look-up of it (procurement's `SupplierQuerySet.listed`) instead of
joining every supplier a search finds to its organisation. Plain SQL that SQLite and PostgreSQL both run; not in
the model's Meta, so that it stays an index of this migration alone."""

from django.db import migrations

INDEX = "accounts_organisation_deregistered"


class Migration(migrations.Migration):
    dependencies = [("accounts", "0009_companies_contractors_private_buyers")]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON accounts_organisation (id) WHERE kvk_status = 'deregistered'",
            f"DROP INDEX IF EXISTS {INDEX}",
            elidable=False,
        )
    ]
