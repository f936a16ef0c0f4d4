"""Matching's part of a user's personal data: what they posted and the matches they took part in.

Needs, offers and matches belong to organisations and count in the figures, so erasing an account
leaves them in place; they point at the anonymised account as their author. What the person wrote goes:
their comments on matches always, and the texts of their organisation's needs and offers when the
organisation closes with them.
"""

from django.db.models import Q

from accounts.privacy import closing_organisation
from core.privacy import ERASED, forget_in_trail, personal_data_eraser, personal_data_exporter

from .models import Deal, Match, MatchEvent, Need, Offer

NEED_TEXT_FIELDS = ("title", "story", "place")
OFFER_TEXT_FIELDS = ("title", "description", "goods", "place")
MATCH_TEXT_FIELDS = ("note", "decline_reason", "goods_given")


@personal_data_exporter("matching")
def export_matching(user) -> dict:
    return {
        "needs_posted": [
            {
                "title": need.title,
                "story": need.story,
                "place": need.place,
                "postcode": need.postcode,
                "status": need.status,
                "created_at": need.created_at.isoformat(),
            }
            for need in Need.objects.filter(created_by=user).order_by("created_at")
        ],
        "offers_posted": [
            {
                "title": offer.title,
                "description": offer.description,
                "goods": offer.goods,
                "place": offer.place,
                "postcode": offer.postcode,
                "status": offer.status,
                "created_at": offer.created_at.isoformat(),
            }
            for offer in Offer.objects.filter(created_by=user).order_by("created_at")
        ],
        "matches_proposed": [
            {
                "need": match.need.title,
                "note": match.note,
                "status": match.status,
                "created_at": match.created_at.isoformat(),
            }
            for match in Match.objects.filter(proposed_by=user).select_related("need").order_by("created_at")
        ],
        "match_comments": [
            {
                "need": event.match.need.title,
                "from_status": event.from_status,
                "to_status": event.to_status,
                "comment": event.comment,
                "at": event.created_at.isoformat(),
            }
            for event in MatchEvent.objects.filter(actor=user).exclude(comment="").select_related("match__need")
        ],
        "buy_social_deals_recorded": [
            {
                "marketplace": deal.beursvloer.name,
                "company": deal.company.name,
                "social_entrepreneur": deal.enterprise.name,
                "agreement": deal.agreement,
                "expected_amount": str(deal.expected_amount),
                "created_at": deal.created_at.isoformat(),
            }
            for deal in Deal.objects.filter(created_by=user).select_related("beursvloer", "company", "enterprise")
        ],
    }


@personal_data_eraser
def erase_matching(user) -> None:
    declined_by_user = MatchEvent.objects.filter(actor=user, to_status=Match.Status.DECLINED).values("match")
    matches = set(Match.objects.filter(Q(proposed_by=user) | Q(events__actor=user)).distinct())
    Match.objects.filter(proposed_by=user).update(note="")
    Match.objects.filter(pk__in=declined_by_user).update(decline_reason="")
    MatchEvent.objects.filter(actor=user).exclude(comment="").update(comment="")
    organisation = closing_organisation(user)
    needs: list[Need] = []
    offers: list[Offer] = []
    if organisation is not None:
        needs = list(Need.objects.filter(organisation=organisation))
        offers = list(Offer.objects.filter(organisation=organisation))
        Need.objects.filter(organisation=organisation).update(title=ERASED, story=ERASED, place="")
        Offer.objects.filter(organisation=organisation).update(title=ERASED, description=ERASED, goods="", place="")
        # what a closing organisation agreed at a Buy Social marketplace: the deal and its amount count, the words go
        Deal.objects.filter(Q(company=organisation) | Q(enterprise=organisation)).update(agreement=ERASED)
        theirs = Match.objects.filter(Q(need__organisation=organisation) | Q(enterprise=organisation))
        theirs.update(note="", decline_reason="", goods_given="")
        MatchEvent.objects.filter(match__in=theirs).exclude(comment="").update(comment="")
        matches.update(theirs)
        for listing in [*needs, *offers]:
            listing.refresh_from_db()
    forget_in_trail(needs, NEED_TEXT_FIELDS, reasons_by=user)
    forget_in_trail(offers, OFFER_TEXT_FIELDS, reasons_by=user)
    forget_in_trail(
        Match.objects.filter(pk__in=[match.pk for match in matches]).select_related("need__organisation", "enterprise"),
        MATCH_TEXT_FIELDS,
        reasons_by=user,
    )
