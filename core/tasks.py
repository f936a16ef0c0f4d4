"""Celery tasks of the shared plumbing: e-mail leaves through `send_mail` (see core.mail)."""

import logging
import smtplib

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives

from core import datachanges, uploads

logger = logging.getLogger(__name__)

# What a mail server that is down or refusing for a while looks like; worth trying again later.
SEND_FAILURES = (OSError, smtplib.SMTPException)


@shared_task(bind=True, name="core.send_mail", max_retries=None, acks_late=True)
def send_mail(self, fields: dict) -> None:
    """Send one message. With a worker, try again while the mail server cannot be reached, waiting
    MAIL_RETRY_SECONDS, then twice as long each time (at most an hour), for MAIL_RETRY_ATTEMPTS attempts. Run
    in-process (no broker), log the failure: the change that caused the mail has already been saved."""
    try:
        message_from(fields).send()
    except SEND_FAILURES as error:
        if self.request.is_eager:
            logger.error("E-mail to %s could not be sent: %s", fields["to"], error)
            return
        if self.request.retries + 1 >= settings.MAIL_RETRY_ATTEMPTS:
            logger.error("E-mail to %s given up after %d attempts: %s", fields["to"], self.request.retries + 1, error)
            raise
        delay = min(settings.MAIL_RETRY_SECONDS * 2**self.request.retries, 3600)
        logger.warning("E-mail to %s not sent (%s); trying again in %d s.", fields["to"], error, delay)
        raise self.retry(exc=error, countdown=delay) from error


def message_from(fields: dict) -> EmailMultiAlternatives:
    """The message that core.mail.send_later handed over, rebuilt from its fields."""
    message = EmailMultiAlternatives(
        fields["subject"], fields["body"], from_email=fields["from_email"], to=fields["to"]
    )
    for content, mimetype in fields["alternatives"]:
        message.attach_alternative(content, mimetype)
    return message


@shared_task(name="core.erase_stale_held_uploads")
def erase_stale_held_uploads() -> int:
    """Delete the files held after a failed submit that nobody came back for (core.uploads)."""
    return uploads.erase_stale_held_uploads()


@shared_task(name="core.compact_data_changes")
def compact_data_changes() -> None:
    """Fold the rows that mark the data's changes into one (core.datachanges), so that reading the mark stays quick."""
    datachanges.compact()
