"""Writes of the register import that start the job: keep an uploaded file for its preview, and queue its
import once the coordinator confirms it. The job (procurement.tasks.run_register_import) runs
services.register_import_run; this module is apart from services.py because it queues that task
(services → tasks → services would be a loop).
"""

import logging
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from kombu.exceptions import OperationalError

from accounts.models import Municipality, User
from core.transitions import transition

from . import register_csv, services, tasks
from .models import RegisterImport

logger = logging.getLogger(__name__)

ENQUEUE_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5, "interval_max": 1}


@transaction.atomic
def register_import_upload(*, municipality: Municipality, user: User, filename: str, raw: bytes) -> RegisterImport:
    """Keep an uploaded CSV file for its preview. Raises ValidationError when it is not a readable CSV file."""
    text, encoding = register_csv.decode(raw)
    register_csv.read_rows(text)  # fails early on a file that is not CSV at all
    return RegisterImport.objects.create(
        municipality=municipality, uploaded_by=user, filename=filename[:200], content=text, encoding=encoding
    )


@transaction.atomic
def register_import_confirm(
    *, register_import: RegisterImport, user: User, skip_invalid: bool, verify: bool, attach: Iterable[str] = ()
) -> RegisterImport:
    """Queue the import of a previewed file; the job (procurement.tasks.run_register_import) stores it.

    Nothing is stored when any row is wrong, unless `skip_invalid`: then the good rows are stored and the
    wrong ones left out. Rows with a KvK number already in the register update that organisation's registration;
    new rows create an enterprise and its registration, awaiting verification, or verified when `verify` (each
    verification in the audit trail). A row whose KvK number is that of an organisation someone signed up with
    (it has accounts) is skipped unless its KvK number is in `attach`: nothing is attached to a stranger's
    organisation unless the coordinator ticked it.
    """
    rows = services.register_import_rows(register_import)
    invalid = [row for row in rows if row.errors]
    if invalid and not skip_invalid:
        raise ValidationError(
            ngettext(
                "%(count)s row has errors. Correct the file, or choose to skip that row.",
                "%(count)s rows have errors. Correct the file, or choose to skip those rows.",
                len(invalid),
            )
            % {"count": len(invalid)}
        )
    consent = {row.kvk_number for row in rows if row.needs_consent}
    options = {"skip_invalid": skip_invalid, "verify": verify, "attach": sorted(consent & set(attach))}
    register_import = transition(
        register_import,
        to=RegisterImport.Status.QUEUED,
        actor=user,
        municipality=register_import.municipality,
        action=None,  # the job records the import, with what it did
        updates={"options": options, "confirmed_by": user, "error": "", "result": {}, "finished_at": None},
        message=_("This file has already been imported, or is being imported."),
        already=_("This file has already been imported, or is being imported."),
    )
    services.report_import_progress(register_import.pk, 0, 0)
    pk = register_import.pk
    transaction.on_commit(lambda: _enqueue(pk))
    return register_import


def _enqueue(pk: int) -> None:
    """Hand the import to the broker (or run it here when there is none); if the broker cannot be reached,
    say so on the import."""
    try:
        tasks.run_register_import.apply_async(args=(pk,), retry_policy=ENQUEUE_RETRY_POLICY)
    except OperationalError as error:
        logger.warning("register import %s could not be queued: %s", pk, error)
        RegisterImport.objects.mark_failed(pk, error=_("The import could not be queued. Try again in a moment."))
