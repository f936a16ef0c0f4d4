"""E-mail from the portal, the one way every app sends it.

`mail_on_commit("procurement/email/award_made", context, addresses)` renders
`procurement/email/award_made_subject.txt` and `..._body.txt` and sends one message per address (no one sees
the others' addresses) once the transaction commits, so that nothing is sent for a change that was rolled
back. Each message is in its recipient's language: the one their account last chose with the language switch;
for an address without an account, the `language` given (e.g. that of the page a question was asked on), else
Dutch.

The messages are rendered when the change commits and leave through the Celery task `core.send_mail`
(`send_later`): with a broker a worker sends them and retries with a growing delay while the mail server cannot
be reached; without one (a laptop) the task runs in-process and a failure is logged. Either way the person whose
change caused the mail sees that change succeed.
"""

import logging
from collections import defaultdict
from collections.abc import Iterable
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from . import tasks

logger = logging.getLogger(__name__)


def mail_on_commit(template: str, context: dict, addresses: Iterable[str], *, language: str | None = None) -> None:
    """Send the e-mail `template` to each address once the current transaction commits; `language` for the
    addresses without an account (Dutch if not given)."""
    unique = sorted({address for address in addresses if address})
    if unique:
        transaction.on_commit(partial(send_now, template, context, unique, language=language))


def send_now(template: str, context: dict, addresses: list[str], *, language: str | None = None) -> None:
    """Render the e-mail once per language and send one message per address."""
    messages = []
    without_account = language or settings.LANGUAGE_CODE
    for written_in, recipients in _addresses_by_language(addresses, without_account).items():
        with translation.override(written_in):
            subject, body = render_mail(template, context)
        messages += [EmailMessage(subject, body, to=[address]) for address in recipients]
    for message in messages:
        send_later(message)


def send_later(message: EmailMessage) -> None:
    """Hand one rendered message to the task `core.send_mail`; should the broker be unreachable, send it here."""
    fields = {
        "subject": message.subject,
        "body": message.body,
        "from_email": message.from_email,
        "to": list(message.to),
        "alternatives": [list(alternative) for alternative in getattr(message, "alternatives", [])],
    }
    try:
        tasks.send_mail.delay(fields)
    except Exception:  # the broker is down: kombu's OperationalError, or the connection's own error
        logger.warning("The broker cannot be reached; sending the e-mail to %s here.", fields["to"], exc_info=True)
        tasks.send_mail.apply(args=(fields,))


def render_mail(template: str, context: dict) -> tuple[str, str]:
    """The subject (on one line, with the portal's prefix) and the body of an e-mail, in the active language."""
    context = {"site_url": settings.SITE_URL.rstrip("/"), **context}
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    return settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, render_to_string(f"{template}_body.txt", context)


def _addresses_by_language(addresses: list[str], without_account: str) -> dict[str, list[str]]:
    chosen = dict(get_user_model().objects.filter(email__in=addresses).values_list("email", "language"))
    by_language = defaultdict(list)
    for address in addresses:
        by_language[chosen.get(address) or without_account].append(address)
    return by_language
