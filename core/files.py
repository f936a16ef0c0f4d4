"""Uploaded files that leave the disk with the change that drops them.

A file that a row stops pointing to (replaced or removed) is deleted once the transaction commits: never
before, so a rolled-back change still finds its file, and never while another row still points to it.
"""

from django.db import transaction
from django.db.models.fields.files import FieldFile


def delete_on_commit(file: FieldFile) -> None:
    """Delete `file` from its storage after the current transaction commits, unless a row still refers to it."""
    name, storage = file.name, file.storage
    if not name:
        return
    model, field_name = type(file.instance), file.field.name

    def delete() -> None:
        if not model._default_manager.filter(**{field_name: name}).exists():
            storage.delete(name)

    transaction.on_commit(delete)
