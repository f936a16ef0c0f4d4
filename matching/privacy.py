"""Matching's part of a user's personal data: what they posted and the matches they took part in.

Needs, offers and matches belong to organisations and count in the figures, so erasing an account
leaves them in place; they point at the anonymised account as their author.
"""

from core.privacy import personal_data_exporter

from .models import Match, Need, Offer


@personal_data_exporter("matching")
def export_matching(user) -> dict:
    return {
        "needs_posted": [
            {"title": need.title, "status": need.status, "created_at": need.created_at.isoformat()}
            for need in Need.objects.filter(created_by=user).order_by("created_at")
        ],
        "offers_posted": [
            {"title": offer.title, "status": offer.status, "created_at": offer.created_at.isoformat()}
            for offer in Offer.objects.filter(created_by=user).order_by("created_at")
        ],
        "matches_proposed": [
            {"need": match.need.title, "status": match.status, "created_at": match.created_at.isoformat()}
            for match in Match.objects.filter(proposed_by=user).select_related("need").order_by("created_at")
        ],
    }
