from notifications.models import Notification


def texts_of(user) -> list[str]:
    """The sentences on a person's notification list (in the active language)."""
    return [notification.text for notification in Notification.objects.filter(recipient=user)]


def mails_to(mailoutbox, user) -> list:
    return [message for message in mailoutbox if message.to == [user.email]]
