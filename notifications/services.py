"""Writes for notifications: telling people of an event (`notify`), marking read, choosing the delivery, and the
daily summary.

`notify` is called by the service function where the thing happens, inside its transaction: the notifications are
saved with the change (and gone if it rolls back); the e-mails of those who want them straight away leave once the
change commits, each in its recipient's language, through core.mail (Celery). A recipient who already has a
notification with the same `key` gets nothing: nothing is sent twice for one event.
"""

from collections.abc import Iterable
from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import User
from core import mail

from .events import DEFAULT_DELIVERY, EVENTS, Delivery, Kind
from .models import Notification, Preference

GENERIC_TEMPLATE = "notifications/email/notification"
DIGEST_TEMPLATE = "notifications/email/digest"


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path if path.startswith("/") else path


def deliveries_of(users: Iterable[User], kind: str) -> dict[int, str]:
    """How each user wants `kind` (one query)."""
    ids = [user.pk for user in users]
    chosen = dict(Preference.objects.filter(user_id__in=ids, kind=kind).values_list("user_id", "delivery"))
    return {pk: chosen.get(pk, DEFAULT_DELIVERY) for pk in ids}


def notify(
    *,
    event: str,
    key: str,
    recipients: Iterable[User],
    params: dict | None = None,
    url: str = "",
    mail_template: str = "",
    mail_context: dict | None = None,
) -> list[Notification]:
    """Tell `recipients` (active users; others and duplicates are skipped) of `event`, once per `key`. Those who
    want this kind straight away get an e-mail when the transaction commits: `mail_template` with `mail_context`
    (plus `notification`, `text`, `url` and `settings_url`), else the portal's plain notification mail.
    Returns the notifications made now."""
    kind = EVENTS[event].kind
    people = {user.pk: user for user in recipients if user is not None and user.is_active}
    if not people:
        return []
    already = set(Notification.objects.filter(key=key, recipient_id__in=people).values_list("recipient_id", flat=True))
    new = [user for pk, user in people.items() if pk not in already]
    deliveries = deliveries_of(new, kind)
    made = [
        Notification(
            recipient=user,
            kind=kind,
            event=event,
            key=key,
            params=params or {},
            url=url,
            delivery=deliveries[user.pk],
        )
        for user in new
    ]
    Notification.objects.bulk_create(made, ignore_conflicts=True)  # should another make one meanwhile: one stays
    now_mailed = [notification.recipient for notification in made if notification.delivery == Delivery.IMMEDIATELY]
    if now_mailed:
        transaction.on_commit(partial(_mail_now, key, now_mailed, mail_template, mail_context or {}))
    return list(Notification.objects.filter(key=key, recipient__in=new))


def _mail_now(key: str, recipients: list[User], template: str, context: dict) -> None:
    """Send each recipient their notification of `key` that is not mailed yet, in their language; mark it mailed."""
    pending = Notification.objects.filter(
        key=key, recipient__in=recipients, delivery=Delivery.IMMEDIATELY, emailed_at=None
    ).select_related("recipient")
    sent = []
    for notification in pending:
        with translation.override(notification.recipient.language or settings.LANGUAGE_CODE):
            subject, body = mail.render_mail(template or GENERIC_TEMPLATE, _context(notification, context))
        mail.send_later(EmailMessage(subject, body, to=[notification.recipient.email]))
        sent.append(notification.pk)
    Notification.objects.filter(pk__in=sent).update(emailed_at=timezone.now())


def _context(notification: Notification, context: dict) -> dict:
    return {
        **context,
        "notification": notification,
        "recipient": notification.recipient,
        "text": notification.text,
        "url": absolute(notification.url),
        "list_url": absolute(reverse("notifications:list")),
        "settings_url": absolute(reverse("notifications:settings")),
    }


def send_digests() -> int:
    """The daily summary: one e-mail per person with their notifications for the summary not mailed yet, in their
    language; each is mailed once. Returns the number of e-mails."""
    pending = Notification.objects.filter(delivery=Delivery.DAILY, emailed_at=None).select_related("recipient")
    by_recipient: dict[int, list[Notification]] = {}
    for notification in pending.order_by("recipient_id", "created_at", "pk"):
        by_recipient.setdefault(notification.recipient_id, []).append(notification)
    for notifications in by_recipient.values():
        recipient = notifications[0].recipient
        # Claim them first: should two summaries run at once, only one mails each notification.
        claimed = Notification.objects.filter(pk__in=[n.pk for n in notifications], emailed_at=None).update(
            emailed_at=timezone.now()
        )
        if claimed != len(notifications):
            continue
        if not recipient.is_active:
            continue
        with translation.override(recipient.language or settings.LANGUAGE_CODE):
            items = [{"text": n.text, "url": absolute(n.url)} for n in notifications]
            subject, body = mail.render_mail(
                DIGEST_TEMPLATE,
                {
                    "recipient": recipient,
                    "items": items,
                    "list_url": absolute(reverse("notifications:list")),
                    "settings_url": absolute(reverse("notifications:settings")),
                },
            )
        mail.send_later(EmailMessage(subject, body, to=[recipient.email]))
    return len(by_recipient)


def mark_read(*, user: User, notification_id: int) -> bool:
    """Mark one of `user`'s own notifications read; False if it is not theirs."""
    own = Notification.objects.filter(pk=notification_id, recipient=user)
    if not own.exists():
        return False
    own.filter(read_at=None).update(read_at=timezone.now())
    return True


def mark_all_read(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at=None).update(read_at=timezone.now())


@transaction.atomic
def preferences_save(*, user: User, choices: dict[str, str]) -> None:
    """Keep `user`'s delivery per kind (kinds and deliveries not known are ignored)."""
    for kind, delivery in choices.items():
        if kind in Kind.values and delivery in Delivery.values:
            Preference.objects.update_or_create(user=user, kind=kind, defaults={"delivery": delivery})
