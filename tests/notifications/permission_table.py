"""Who gets what on the notification pages: each person sees and marks only their own."""

from notifications.services import notify
from tests.permissions import LOGIN, NOT_FOUND, REDIRECT, Case, expect, signed_in_only


def entrepreneurs_notification(world) -> dict:
    (notification,) = notify(
        event="question_new",
        key="permission-table",
        recipients=[world.entrepreneur],
        params={"municipality": "Groningen"},
    )
    return {"pk": notification.pk}


CASES = [
    Case("notifications:list", signed_in_only()),
    Case("notifications:settings", signed_in_only()),
    Case("notifications:read_all", expect(REDIRECT, anonymous=LOGIN), method="post"),
    Case(
        "notifications:read",
        expect(NOT_FOUND, anonymous=LOGIN, entrepreneur=REDIRECT),
        kwargs=entrepreneurs_notification,
        method="post",
    ),
]
