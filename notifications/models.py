"""Notifications: a word to one person that something of theirs moved, in the portal and by e-mail.

A notification says what happened (`event`, one of EVENTS, e.g. "question_answered") and of which kind it is
(`kind`: what a person chooses the delivery of, e.g. "questions"). Its text is written when it is shown or mailed,
in the reader's language, from the event and `params` (plain values without personal data such as names or the
text someone wrote, so erasing a person leaves nothing of them in another's notifications). `key` names the event
that caused it (e.g. "question:12:answered:3"): one notification per key and recipient, so nothing is sent twice.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .events import Delivery, Kind, text_of


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("recipient")
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    event = models.CharField(_("event"), max_length=48)
    key = models.CharField(_("key"), max_length=200, help_text=_("The event that caused it: one per recipient."))
    params = models.JSONField(_("details"), default=dict, blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    delivery = models.CharField(_("delivery"), max_length=16, choices=Delivery.choices)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="notification_once_per_event_and_recipient")
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            models.Index(fields=["delivery", "emailed_at"], name="notification_digest"),
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.recipient_id}"

    @property
    def text(self) -> str:
        """What happened, in the active language."""
        return text_of(self.event, self.params)


class Preference(models.Model):
    """How a person wants one kind of notification; without one, by e-mail straight away."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    delivery = models.CharField(_("delivery"), max_length=16, choices=Delivery.choices)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_per_kind")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}: {self.delivery}"
