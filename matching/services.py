"""Writes for matching: needs, offers, matches and their workflow, and beursvloeren.

Every function is keyword-only and atomic. Rules that a form cannot see (same municipality, no
duplicate open match, a closed need takes no new match, who may make a step) are checked here and
raise ValidationError with a message for the user.
"""

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation, Theme, User
from core import geo, mail
from core.services import model_update
from core.transitions import transition
from notifications.events import msgid
from notifications.services import notify

from . import workflow
from .models import HELP_KIND_FIELDS, Beursvloer, HelpKind, Match, MatchEvent, Need, Offer

# The fields a member of the organisation changes; the ones every listing has are set by _save_listing.
NEED_FIELDS = ("title", "story", "postcode", "place", "money_amount", "needed_by")
OFFER_FIELDS = ("title", "description", "postcode", "place", "hours", "euros", "goods", "radius_km", "available_until")
LISTING_FIELDS = ("postcode", "latitude", "longitude", *HELP_KIND_FIELDS.values(), "themes")

# ---------------------------------------------------------------- places


def _coordinates(postcode: str) -> tuple[float | None, float | None]:
    """The approximate coordinates of a postcode (empty when the postcode is unknown)."""
    point = geo.locate(postcode) if postcode else None
    return (point.latitude, point.longitude) if point else (None, None)


def _normalise_postcode(postcode: str) -> str:
    """ "9712ab" becomes "9712 AB"; anything that is not a Dutch postcode stays as typed, for the validator."""
    return geo.normalise_postcode(postcode) or (postcode or "").strip()


# ---------------------------------------------------------------- needs


def _require_member(organisation: Organisation, user: User) -> None:
    if user.organisation_id != organisation.pk:
        raise PermissionDenied


def _save_listing(
    listing: Need | Offer,
    *,
    help_kinds: Iterable[str],
    themes: Iterable[Theme],
    fields: Iterable[str] = (),
    data: dict | None = None,
) -> None:
    """Set the listing's `fields` from `data`, its kinds of help, its postcode tidied and located, and its themes;
    then validate and save it."""
    chosen = {HelpKind(kind) for kind in help_kinds}
    if not chosen:
        raise ValidationError({"help_kinds": _("Choose at least one kind of help.")})
    data = dict(data or {})
    data["postcode"] = _normalise_postcode(data.get("postcode", listing.postcode))
    data["latitude"], data["longitude"] = _coordinates(data["postcode"])
    data.update({field: kind in chosen for kind, field in HELP_KIND_FIELDS.items()}, themes=themes)
    model_update(instance=listing, fields=[*fields, *LISTING_FIELDS], data=data)


@transaction.atomic
def need_create(
    *,
    organisation: Organisation,
    user: User,
    title: str,
    story: str,
    help_kinds: Iterable[str],
    themes: Iterable[Theme],
    postcode: str = "",
    place: str = "",
    money_amount: Decimal | None = None,
    needed_by: datetime.date | None = None,
) -> Need:
    """A community initiative posts a need; it is open at once."""
    if organisation.kind != Organisation.Kind.INITIATIVE:
        raise PermissionDenied
    _require_member(organisation, user)
    need = Need(
        municipality=organisation.municipality,
        organisation=organisation,
        title=title,
        story=story,
        postcode=postcode or organisation.postcode,
        place=place or organisation.city,
        money_amount=money_amount,
        needed_by=needed_by,
        created_by=user,
    )
    _save_listing(need, help_kinds=help_kinds, themes=themes)
    return need


@transaction.atomic
def need_update(*, need: Need, user: User, help_kinds: Iterable[str], themes: Iterable[Theme], **fields) -> Need:
    _require_member(need.organisation, user)
    _save_listing(need, help_kinds=help_kinds, themes=themes, fields=NEED_FIELDS, data=fields)
    return need


def _change_listing_status(listing: Need | Offer, *, status: str, user: User) -> None:
    _require_member(listing.organisation, user)
    transition(
        listing,
        to=status,
        actor=user,
        municipality=listing.municipality,
        message=_("A listing that is %(current)s cannot become %(new)s."),
    )


@transaction.atomic
def need_change_status(*, need: Need, status: str, user: User) -> Need:
    """Pause, close or reopen a need. A closed need takes no new match; its open matches carry on."""
    _change_listing_status(need, status=status, user=user)
    return need


# ---------------------------------------------------------------- offers


@transaction.atomic
def offer_create(
    *,
    organisation: Organisation,
    user: User,
    title: str,
    description: str,
    help_kinds: Iterable[str],
    themes: Iterable[Theme],
    postcode: str = "",
    place: str = "",
    hours: int | None = None,
    euros: Decimal | None = None,
    goods: str = "",
    radius_km: int = 15,
    available_until: datetime.date | None = None,
) -> Offer:
    """An entrepreneur posts an offer of help; it is open at once."""
    if organisation.kind != Organisation.Kind.ENTERPRISE:
        raise PermissionDenied
    _require_member(organisation, user)
    offer = Offer(
        municipality=organisation.municipality,
        organisation=organisation,
        title=title,
        description=description,
        postcode=postcode or organisation.postcode,
        place=place or organisation.city,
        hours=hours,
        euros=euros,
        goods=goods,
        radius_km=radius_km,
        available_until=available_until,
        created_by=user,
    )
    _save_listing(offer, help_kinds=help_kinds, themes=themes)
    return offer


@transaction.atomic
def offer_update(*, offer: Offer, user: User, help_kinds: Iterable[str], themes: Iterable[Theme], **fields) -> Offer:
    _require_member(offer.organisation, user)
    _save_listing(offer, help_kinds=help_kinds, themes=themes, fields=OFFER_FIELDS, data=fields)
    return offer


@transaction.atomic
def offer_change_status(*, offer: Offer, status: str, user: User) -> Offer:
    _change_listing_status(offer, status=status, user=user)
    return offer


# ---------------------------------------------------------------- matches


def _proposing_organisation(*, actor: User, need: Need, enterprise: Organisation) -> Organisation | None:
    """The side that proposes, or None for a coordinator; anyone else may not propose."""
    if actor.is_coordinator and actor.municipality_id == need.municipality_id:
        return None
    if actor.is_organisation_member and actor.organisation_id in (need.organisation_id, enterprise.pk):
        return actor.organisation
    raise PermissionDenied


def _check_match_rules(*, need: Need, enterprise: Organisation, offer: Offer | None) -> None:
    if enterprise.kind != Organisation.Kind.ENTERPRISE:
        raise ValidationError(_("A match joins a need with an entrepreneur."))
    if offer is not None and offer.organisation_id != enterprise.pk:
        raise ValidationError(_("This offer belongs to another entrepreneur."))
    if enterprise.municipality_id != need.municipality_id:
        raise ValidationError(_("The need and the entrepreneur must belong to the same municipality."))
    if not need.is_open:
        raise ValidationError(
            _("This need is %(status)s and takes no new match.") % {"status": need.get_status_display().lower()}
        )
    if offer is not None and not offer.is_open:
        raise ValidationError(
            _("This offer is %(status)s and takes no new match.") % {"status": offer.get_status_display().lower()}
        )
    duplicate = Match.objects.filter(need=need, enterprise=enterprise, status__in=Match.OPEN_STATUSES)
    if duplicate.exists():
        raise ValidationError(
            _("%(initiative)s and %(enterprise)s already have an open match for this need.")
            % {"initiative": need.organisation.name, "enterprise": enterprise.name}
        )


def _shared_help_kinds(need: Need, offer: Offer | None) -> list[str]:
    wanted = set(need.help_kinds)
    if offer is None:
        return list(wanted)
    return list(wanted & set(offer.help_kinds)) or list(wanted)


@transaction.atomic
def match_propose(
    *,
    need: Need,
    enterprise: Organisation,
    actor: User,
    offer: Offer | None = None,
    note: str = "",
    beursvloer: Beursvloer | None = None,
    status: str = Match.Status.SUGGESTED,
) -> Match:
    """Propose a match between a need and an entrepreneur (and one of their offers).

    Either side proposes from a suggestion; a coordinator proposes directly, and may register a
    match straight away as in preparation or made (as at a beursvloer). Both sides get an e-mail.
    """
    # The need's row is locked first: a second identical proposal at the same moment (a double
    # click, Enter pressed twice) waits here until the first commits, then sees its match and gets
    # the duplicate message below instead of breaking on the database's unique constraint.
    need = Need.objects.select_for_update(of=("self",)).select_related("organisation").get(pk=need.pk)
    proposing_organisation = _proposing_organisation(actor=actor, need=need, enterprise=enterprise)
    allowed_start: tuple[str, ...] = (Match.Status.SUGGESTED,)
    if proposing_organisation is None:
        allowed_start = (Match.Status.SUGGESTED, Match.Status.PREPARATION, Match.Status.MADE)
    if status not in allowed_start:
        raise ValidationError(_("A match cannot start as %(status)s.") % {"status": Match.Status(status).label})
    _check_match_rules(need=need, enterprise=enterprise, offer=offer)
    if beursvloer is not None and beursvloer.municipality_id != need.municipality_id:
        raise ValidationError(_("This beursvloer belongs to another municipality."))
    today = timezone.localdate()
    match = Match(
        municipality=need.municipality,
        need=need,
        enterprise=enterprise,
        offer=offer,
        beursvloer=beursvloer,
        status=status,
        note=note,
        proposed_by=actor,
        proposed_by_organisation=proposing_organisation,
        prepared_on=today if status in (Match.Status.PREPARATION, Match.Status.MADE) else None,
        made_on=today if status == Match.Status.MADE else None,
    )
    match.set_help_kinds(_shared_help_kinds(need, offer))
    match.full_clean()
    match.save()
    _record(match, actor=actor, from_status="", comment=note)
    return match


@transaction.atomic
def match_change_status(
    *,
    match: Match,
    to_status: str,
    actor: User,
    reason: str = "",
    hours_given: int | None = None,
    euros_given: Decimal | None = None,
    goods_given: str = "",
) -> Match:
    """The one place where a match changes status; it checks the workflow and who may make the step.

    Declining needs a reason. Marking a match made records what was given (hours, euros, goods;
    none negative). Every change is written to the audit trail and e-mailed to both sides.
    """
    today = timezone.localdate()

    def step(match: Match) -> None:
        if not workflow.may_change(match, actor, to_status):
            raise PermissionDenied
        if to_status == Match.Status.DECLINED:
            if not reason.strip():
                raise ValidationError({"reason": _("Say why the match is declined.")})
            match.decline_reason = reason.strip()
        if to_status == Match.Status.PREPARATION:
            match.prepared_on = today
        if to_status == Match.Status.MADE:
            _record_given(match, hours_given=hours_given, euros_given=euros_given, goods_given=goods_given)
            match.made_on = today

    return transition(
        match,
        to=to_status,
        actor=actor,
        municipality=match.municipality,
        reason=reason.strip(),
        prepare=step,
        clean=True,
        history=lambda match, previous: _record(match, actor=actor, from_status=previous, comment=reason),
        message=_("A match that is %(current)s cannot become %(new)s."),
    )


def _record_given(match: Match, *, hours_given: int | None, euros_given: Decimal | None, goods_given: str) -> None:
    if (hours_given is not None and hours_given < 0) or (euros_given is not None and euros_given < 0):
        raise ValidationError(_("An amount cannot be negative."))
    match.hours_given = hours_given
    match.euros_given = euros_given
    match.goods_given = goods_given.strip()
    if hours_given:
        match.help_time = True
    if euros_given:
        match.help_money = True
    if match.goods_given:
        match.help_goods = True


def _record(match: Match, *, actor: User | None, from_status: str, comment: str = "") -> MatchEvent:
    event = MatchEvent.objects.create(
        match=match, actor=actor, from_status=from_status, to_status=match.status, comment=comment
    )
    _tell_both_sides(match, event)
    return event


# ---------------------------------------------------------------- e-mail


def side_addresses(organisation: Organisation) -> list[str]:
    """Where an organisation's e-mail goes: its active members, or else its contact address."""
    members = list(
        User.objects.filter(organisation=organisation, is_active=True).order_by("email").values_list("email", flat=True)
    )
    if members:
        return members
    return [organisation.email] if organisation.email else []


def _tell_both_sides(match: Match, event: MatchEvent) -> None:
    """Each side's members are notified as they chose (the match's e-mail when straight away; neither sees the
    other's addresses); a side without members gets the e-mail at its contact address."""
    for organisation, other in (
        (match.need.organisation, match.enterprise),
        (match.enterprise, match.need.organisation),
    ):
        context = {
            "match": match,
            "event": event,
            "organisation": organisation,
            "other": other,
            "url": settings.SITE_URL.rstrip("/") + match.get_absolute_url(),
        }
        members = list(User.objects.filter(organisation=organisation, is_active=True))
        if not members:
            mail.mail_on_commit("matching/email/match_changed", context, side_addresses(organisation))
            continue
        notify(
            event="match_changed" if event.from_status else "match_proposed",
            key=f"match-event:{event.pk}",
            recipients=members,
            params={"status": msgid(Match.Status(match.status).label)},
            url=match.get_absolute_url(),
            mail_template="matching/email/match_changed",
            mail_context=context,
        )


# ---------------------------------------------------------------- beursvloer


@transaction.atomic
def beursvloer_create(*, actor: User, name: str, date: datetime.date, place: str, description: str = "") -> Beursvloer:
    """A coordinator plans a beursvloer for their municipality."""
    if not actor.is_coordinator or actor.municipality_id is None:
        raise PermissionDenied
    beursvloer = Beursvloer(
        municipality_id=actor.municipality_id,
        name=name,
        date=date,
        place=place,
        description=description,
        created_by=actor,
    )
    beursvloer.full_clean()
    beursvloer.save()
    return beursvloer


@transaction.atomic
def beursvloer_register_match(
    *,
    beursvloer: Beursvloer,
    actor: User,
    need: Need,
    enterprise: Organisation,
    offer: Offer | None = None,
    status: str = Match.Status.PREPARATION,
    note: str = "",
) -> Match:
    """Register a match agreed on the beursvloer floor: in preparation, or made on the spot."""
    if not (actor.is_coordinator and actor.municipality_id == beursvloer.municipality_id):
        raise PermissionDenied
    if status not in (Match.Status.PREPARATION, Match.Status.MADE):
        raise ValidationError(_("A match registered at a beursvloer is in preparation or made."))
    return match_propose(
        need=need, enterprise=enterprise, offer=offer, actor=actor, note=note, beursvloer=beursvloer, status=status
    )
