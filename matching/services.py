"""Writes for matching: needs, offers, matches and their workflow, and beursvloeren.

Every function is keyword-only and atomic. Rules that a form cannot see (same municipality, no
duplicate open match, a closed need takes no new match, who may make a step) are checked here and
raise ValidationError with a message for the user.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Case, OuterRef, QuerySet, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import Municipality, Organisation, Theme, User
from core import geo, mail
from core.services import model_update
from core.transitions import transition
from notifications.events import msgid
from notifications.services import absolute, notify

from . import selectors, workflow
from .models import (
    HELP_KIND_FIELDS,
    THEME_BITS,
    Beursvloer,
    Deal,
    HelpKind,
    ListingStatus,
    Match,
    MatchEvent,
    Need,
    Offer,
    theme_bits,
)

# The fields a member of the organisation changes; the ones every listing has are set by _save_listing.
NEED_FIELDS = ("title", "story", "postcode", "place", "money_amount", "needed_by")
OFFER_FIELDS = ("title", "description", "postcode", "place", "hours", "euros", "goods", "radius_km", "available_until")
LISTING_FIELDS = ("postcode", "latitude", "longitude", *HELP_KIND_FIELDS.values(), "theme_bits", "themes")

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
    """Set the listing's `fields` from `data`, its kinds of help, its postcode tidied and located, and its themes
    (with their bits); then validate and save it."""
    chosen = {HelpKind(kind) for kind in help_kinds}
    if not chosen:
        raise ValidationError({"help_kinds": _("Choose at least one kind of help.")})
    data = dict(data or {})
    data["postcode"] = _normalise_postcode(data.get("postcode", listing.postcode))
    data["latitude"], data["longitude"] = _coordinates(data["postcode"])
    themes = list(themes)
    data.update({field: kind in chosen for kind, field in HELP_KIND_FIELDS.items()}, themes=themes)
    data["theme_bits"] = theme_bits(themes)
    model_update(instance=listing, fields=[*fields, *LISTING_FIELDS], data=data)


@transaction.atomic
def listing_set_themes(*, listing: Need | Offer, themes: Iterable[Theme]) -> None:
    """Give a listing these impact themes, and their bits with them (theme_bits, which the suggestion score reads),
    without touching anything else of it."""
    themes = list(themes)
    listing.themes.set(themes)
    listing.theme_bits = theme_bits(themes)
    type(listing).objects.filter(pk=listing.pk).update(theme_bits=listing.theme_bits)


def listings_refresh_theme_bits(listings: QuerySet[Need] | QuerySet[Offer]) -> int:
    """Set these listings' theme_bits from the themes they have in the database, in one UPDATE: for themes written
    some other way (the admin's form, rows made in bulk). Returns the number of listings."""
    through = listings.model.themes.through
    owner = "need" if listings.model is Need else "offer"
    bit = Case(*(When(theme__code=code, then=Value(bits)) for code, bits in THEME_BITS.items()), default=Value(0))
    per_listing = through.objects.filter(**{owner: OuterRef("pk")}).values(owner).annotate(bits=Sum(bit)).values("bits")
    return listings.update(theme_bits=Coalesce(Subquery(per_listing), Value(0)))


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
        updates={"stale_closed_at": None, "stale_reminded_at": None},
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
        if match.status == Match.Status.DECLINED:  # reopened only through stale_undo
            raise ValidationError(
                _("A match that is %(current)s cannot become %(new)s.")
                % {
                    "current": str(Match.Status.DECLINED.label).lower(),
                    "new": str(Match.Status(to_status).label).lower(),
                }
            )
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
def beursvloer_create(
    *,
    actor: User,
    name: str,
    date: datetime.date,
    place: str,
    description: str = "",
    kind: str = Beursvloer.Kind.COMMUNITY,
) -> Beursvloer:
    """A coordinator plans a beursvloer for their municipality: one of needs and offers, or a Buy Social
    marketplace of companies and social entrepreneurs."""
    if not actor.is_coordinator or actor.municipality_id is None:
        raise PermissionDenied
    beursvloer = Beursvloer(
        kind=kind,
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
    if beursvloer.is_buy_social:
        raise ValidationError(_("At a Buy Social marketplace you record deals, not matches."))
    if status not in (Match.Status.PREPARATION, Match.Status.MADE):
        raise ValidationError(_("A match registered at a beursvloer is in preparation or made."))
    return match_propose(
        need=need, enterprise=enterprise, offer=offer, actor=actor, note=note, beursvloer=beursvloer, status=status
    )


@transaction.atomic
def deal_register(
    *,
    beursvloer: Beursvloer,
    actor: User,
    enterprise: Organisation,
    agreement: str,
    expected_amount: Decimal,
    for_social_return: bool = False,
    company: Organisation | None = None,
    new_company_name: str = "",
    new_company_kvk: str = "",
) -> Deal:
    """Record a deal agreed at a Buy Social marketplace between a company (one of the municipality's, or a new
    one by name and KvK number) and a social entrepreneur of the municipality."""
    if not (actor.is_coordinator and actor.municipality_id == beursvloer.municipality_id):
        raise PermissionDenied
    # The event's row is locked first: the same deal sent twice at once (a double click) waits here until the
    # first commits, then meets it below and gets the message, as does a new company entered twice.
    beursvloer = Beursvloer.objects.select_for_update().get(pk=beursvloer.pk)
    if not beursvloer.is_buy_social:
        raise ValidationError(_("Deals are recorded at a Buy Social marketplace only."))
    municipality_id = beursvloer.municipality_id
    if enterprise.kind != Organisation.Kind.ENTERPRISE or enterprise.municipality_id != municipality_id:
        raise ValidationError({"enterprise": _("Choose a social entrepreneur of this municipality.")})
    if company is None:
        company = _company_by_kvk(municipality_id=municipality_id, name=new_company_name, kvk_number=new_company_kvk)
    elif company.kind != Organisation.Kind.COMPANY or company.municipality_id != municipality_id:
        raise ValidationError({"company": _("Choose a company of this municipality.")})
    deal = Deal(
        beursvloer=beursvloer,
        company=company,
        enterprise=enterprise,
        agreement=agreement,
        expected_amount=expected_amount,
        for_social_return=for_social_return,
        created_by=actor,
    )
    deal.full_clean()
    deal.save()
    _notify_deal(deal)
    return deal


def _notify_deal(deal: Deal) -> None:
    """Tell the people of both sides that their deal has been recorded (a company entered new has nobody yet)."""
    for organisation, other in ((deal.company, deal.enterprise), (deal.enterprise, deal.company)):
        notify(
            event="deal_recorded",
            key=f"deal:{deal.pk}",
            recipients=User.objects.filter(organisation=organisation, is_active=True),
            params={"other": other.name, "event": deal.beursvloer.name},
            url=reverse("matching:deal_list"),
        )


def _company_by_kvk(*, municipality_id: int, name: str, kvk_number: str) -> Organisation:
    """The municipality's company with this KvK number, or a new one; never another organisation's number."""
    if not name.strip() or not kvk_number:
        raise ValidationError({"company": _("Choose a company, or enter the name and KvK number of a new one.")})
    existing = Organisation.objects.filter(kvk_number=kvk_number).first()
    if existing is not None:
        if existing.kind == Organisation.Kind.COMPANY and existing.municipality_id == municipality_id:
            return existing
        raise ValidationError({"new_company_kvk": _("This KvK number is already registered to another organisation.")})
    company = Organisation(
        name=name.strip(), kind=Organisation.Kind.COMPANY, kvk_number=kvk_number, municipality_id=municipality_id
    )
    company.full_clean()
    company.save()
    return company


# ---------------------------------------------------------------- work without movement


STALE_BATCH = 200  # rows claimed per transaction by the periodic job


def stale_closing_reason() -> str:
    """The reason recorded when work is closed for lack of movement, in the portal's language."""
    with translation.override(settings.LANGUAGE_CODE):
        return _("Closed for lack of movement")


@dataclass
class StaleRun:
    reminded: int = 0
    closed: int = 0
    restarted: int = 0  # reminded work that moved since: its clock starts again


@dataclass
class _Told:
    """What one run tells each person: the work reminded or closed, grouped per recipient."""

    items: dict[int, list[Need | Offer | Match]] = field(default_factory=lambda: defaultdict(list))
    people: dict[int, User] = field(default_factory=dict)

    def add(self, work: Need | Offer | Match) -> None:
        for person in _owners_of(work):
            self.people[person.pk] = person
            self.items[person.pk].append(work)


def _owners_of(work: Need | Offer | Match) -> list[User]:
    """Who is told of work without movement: the members of the organisation that posted a need or offer; for a
    match both sides' members and the coordinator who proposed it."""
    if isinstance(work, Match):
        people = [*work.need.organisation.members.all(), *work.enterprise.members.all()]
        proposer = work.proposed_by
        if proposer is not None and proposer.is_coordinator and proposer.municipality_id == work.municipality_id:
            people.append(proposer)
    else:
        people = list(work.organisation.members.all())
    return [person for person in people if person.is_active]


def _with_owners(queryset: QuerySet) -> QuerySet:
    if queryset.model is Match:
        return queryset.select_related("need__organisation", "enterprise", "proposed_by").prefetch_related(
            "need__organisation__members", "enterprise__members"
        )
    return queryset.select_related("organisation").prefetch_related("organisation__members")


def stale_work_run(*, now: datetime.datetime | None = None, batch_size: int = STALE_BATCH) -> StaleRun:
    """The periodic job: per municipality, work that moved after its reminder starts its clock again; reminded work
    still without movement `stale_close_days` after the reminder is closed; work without movement for
    `stale_reminder_days` is reminded, once. Owners are told per run in one notification each.

    Idempotent and safe when two run at once: each batch locks the rows it takes (skipping rows another run holds)
    and re-checks them, so every piece of work is reminded once and closed once."""
    now = now or timezone.now()
    run = StaleRun()
    for model in (Need, Offer, Match):
        run.restarted += selectors.moved_after_reminder(model).update(stale_reminded_at=None)
    for municipality in Municipality.objects.order_by("pk"):
        while True:
            with transaction.atomic():
                closed, reminded = (
                    _close_batch(municipality, now, batch_size),
                    _remind_batch(municipality, now, batch_size),
                )
                _tell(closed, event="stale_closed", municipality=municipality, now=now)
                _tell(reminded, event="stale_reminder", municipality=municipality, now=now)
            run.closed += len(closed)
            run.reminded += len(reminded)
            if not closed and not reminded:
                break
    return run


def _claimable(queryset: QuerySet, batch_size: int) -> list:
    """Lock up to `batch_size` rows of `queryset` (skipping those another run holds) and return them."""
    locked = queryset.select_for_update(skip_locked=True, of=("self",)).order_by("pk")
    return list(_with_owners(queryset.model.objects.filter(pk__in=[row.pk for row in locked[:batch_size]])))


def _quiet(municipality: Municipality, since: datetime.datetime) -> list[QuerySet]:
    return [
        selectors.quiet_needs(municipality.pk, since),
        selectors.quiet_offers(municipality.pk, since),
        selectors.quiet_matches(municipality.pk, since),
    ]


def _remind_batch(municipality: Municipality, now: datetime.datetime, batch_size: int) -> list:
    reminded: list = []
    for quiet in _quiet(municipality, selectors.stale_cutoff(municipality, now=now)):
        rows = _claimable(quiet.filter(stale_reminded_at=None), batch_size)
        quiet.model.objects.filter(pk__in=[row.pk for row in rows]).update(stale_reminded_at=now)  # not a movement
        reminded += rows
    return reminded


def _close_batch(municipality: Municipality, now: datetime.datetime, batch_size: int) -> list:
    """Reminded work that has not moved since its reminder, `stale_close_days` ago or longer."""
    due = now - datetime.timedelta(days=municipality.stale_close_days)
    closed: list = []
    for quiet in _quiet(municipality, selectors.stale_cutoff(municipality, now=now)):
        rows = _claimable(quiet.filter(stale_reminded_at__lte=due), batch_size)
        for row in rows:
            closed.append(_close_for_lack_of_movement(row, actor=None, reason=stale_closing_reason(), now=now))
    return closed


def _title_of(work: Need | Offer | Match) -> str:
    if isinstance(work, Match):
        return f"{work.need.title} – {work.enterprise.name}"
    return work.title


def _url_for(person: User, items: list) -> str:
    if len(items) == 1:
        return items[0].get_absolute_url()
    if person.is_coordinator:
        return reverse("matching:match_list")
    return reverse("matching:mine")


def _tell(work: list, *, event: str, municipality: Municipality, now: datetime.datetime, reason: str = "") -> None:
    """One notification per person for all the work of this batch (no 42 e-mails to one coordinator)."""
    told = _Told()
    for item in work:
        told.add(item)
    for pk, person in told.people.items():
        items = told.items[pk]
        notify(
            event=event,
            key=f"{event}:{items[0]._meta.model_name}:{items[0].pk}:{now.timestamp()}",
            recipients=[person],
            params={
                "count": len(items),
                "days": municipality.stale_reminder_days,
                "close_days": municipality.stale_close_days,
            },
            url=_url_for(person, items),
            mail_template=f"matching/email/{event}",
            mail_context={
                "items": [{"title": _title_of(item), "url": absolute(item.get_absolute_url())} for item in items],
                "days": municipality.stale_reminder_days,
                "close_days": municipality.stale_close_days,
                "reason": reason,
            },
        )


def may_undo_stale_closing(work: Need | Offer | Match, user: User) -> bool:
    """Whether `user` may reopen work closed for lack of movement: a member of the need's or offer's organisation;
    for a match either side or a coordinator of its municipality."""
    if not user.is_authenticated or not work.closed_for_lack_of_movement:
        return False
    if isinstance(work, Match):
        return workflow.side_of(work, user) is not None
    return user.is_organisation_member and user.organisation_id == work.organisation_id


@transaction.atomic
def stale_undo(*, work: Need | Offer | Match, actor: User) -> Need | Offer | Match:
    """Reopen work closed for lack of movement, as it was; its clock starts again."""
    if not may_undo_stale_closing(work, actor):
        raise PermissionDenied
    reason = _("Reopened after closing for lack of movement")
    not_closed = _("This is not closed for lack of movement (any more).")

    def check(work: Need | Offer | Match) -> None:
        if work.stale_closed_at is None:
            raise ValidationError(not_closed)
        if isinstance(work, Match):
            duplicate = Match.objects.filter(
                need_id=work.need_id, enterprise_id=work.enterprise_id, status__in=Match.OPEN_STATUSES
            )
            if duplicate.exists():
                raise ValidationError(_("These two have another open match now; this one stays closed."))
            work.decline_reason = ""

    resets = {"stale_closed_at": None, "stale_reminded_at": None}
    if isinstance(work, Match):
        return transition(
            work,
            to=work.stale_closed_from or Match.Status.SUGGESTED,
            actor=actor,
            municipality=work.municipality,
            reason=reason,
            prepare=check,
            updates={**resets, "stale_closed_from": ""},
            history=lambda match, before: MatchEvent.objects.create(
                match=match, actor=actor, from_status=before, to_status=match.status, comment=reason
            ),
            already=not_closed,
            message=not_closed,
        )
    return transition(
        work,
        to=ListingStatus.OPEN,
        actor=actor,
        municipality=work.municipality,
        reason=reason,
        prepare=check,
        updates=resets,
        already=not_closed,
        message=not_closed,
    )


@transaction.atomic
def stale_close_many(*, actor: User, work: QuerySet, reason: str) -> int:
    """A coordinator closes needs or matches of their municipality at once (the stale lists' bulk action), with a
    reason; the owners can reopen them like work the job closed. Work that moved or closed meanwhile is skipped.
    Returns how many were closed."""
    if not actor.is_coordinator or actor.municipality_id is None:
        raise PermissionDenied
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why they are closed; the owners will read it.")})
    now = timezone.now()
    rows = list(
        _with_owners(work.filter(municipality_id=actor.municipality_id).select_for_update(of=("self",)).order_by("pk"))
    )
    closed = []
    for row in rows:
        try:
            closed.append(_close_for_lack_of_movement(row, actor=actor, reason=reason, now=now))
        except ValidationError:
            continue  # someone else closed or moved it meanwhile
    municipality = actor.municipality
    assert municipality is not None
    _tell(closed, event="stale_closed", municipality=municipality, now=now, reason=reason)
    return len(closed)


def _close_for_lack_of_movement(
    work: Need | Offer | Match, *, actor: User | None, reason: str, now: datetime.datetime
) -> Need | Offer | Match:
    """Close a need, an offer or a waiting match that did not move (by the daily job: `actor` None, or by a
    coordinator), with the reason its owners read; a match is declined and remembers its status for the undo."""
    if isinstance(work, Match):
        previous = work.status
        if previous not in selectors.WAITING:
            raise ValidationError(_("This match is no longer waiting."))
        return transition(
            work,
            to=Match.Status.DECLINED,
            actor=actor,
            municipality=work.municipality,
            reason=reason,
            updates={"decline_reason": reason, "stale_closed_at": now, "stale_closed_from": previous},
            history=lambda match, before: MatchEvent.objects.create(
                match=match, actor=actor, from_status=before, to_status=match.status, comment=reason
            ),
        )
    return transition(
        work,
        to=ListingStatus.CLOSED,
        actor=actor,
        municipality=work.municipality,
        reason=reason,
        updates={"stale_closed_at": now},
    )
