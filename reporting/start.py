"""The start page: a signed-in person's open work, oldest first, by role. Each app's selectors build their own
lists (one query each, core.todo); this module only chooses them per role and adds the onboarding checklist of
entrepreneurs and initiatives."""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from accounts import selectors as accounts_selectors
from accounts.models import User
from core.todo import TodoList
from matching import selectors as matching_selectors
from procurement import selectors as procurement_selectors
from programmes import selectors as programmes_selectors
from programmes.challenges import selectors as challenges_selectors
from surveys import selectors as surveys_selectors

from . import selectors


@dataclass(frozen=True)
class Step:
    label: str | Promise
    url: str
    done: bool


@dataclass
class StartPage:
    lists: list[TodoList] = field(default_factory=list)
    checklist: list[Step] = field(default_factory=list)  # empty once every step is done

    @property
    def is_empty(self) -> bool:
        return not self.checklist and not any(todo_list.items for todo_list in self.lists)


def _onboarding(user: User, *, registered: bool) -> list[Step]:
    """The first steps of an organisation member, until all of them are done."""
    entrepreneur = user.role == User.Role.ENTREPRENEUR
    steps = [
        Step(
            _("Fill in your organisation's profile"),
            reverse("accounts:organisation_edit"),
            bool(accounts_selectors.profile_is_filled(user)),
        ),
    ]
    if entrepreneur:
        steps.append(Step(_("Register as an impact supplier"), reverse("procurement:registration_edit"), registered))
        steps.append(
            Step(_("Offer your first help"), reverse("matching:offer_create"), matching_selectors.has_listing(user))
        )
    else:
        steps.append(
            Step(_("Post your first need"), reverse("matching:need_create"), matching_selectors.has_listing(user))
        )
    return [] if all(step.done for step in steps) else steps


def _private_buyer_start(user: User) -> StartPage:
    """A private buyer: its quotes to review once verified, and the first steps until it has posted a request."""
    buying = procurement_selectors.start_private_buying(user)
    steps = [
        Step(
            _("Your organisation is verified as a buyer by the municipality"),
            reverse("procurement:requests"),
            buying.verified,
        ),
        Step(_("Post your first purchase request"), reverse("procurement:request_create"), buying.posted),
    ]
    lists = [buying.quotes] if buying.quotes is not None else []
    return StartPage(lists=lists, checklist=[] if buying.verified and buying.posted else steps)


def start_page(user: User) -> StartPage:
    """The user's open work, by role."""
    if user.is_coordinator:
        return StartPage(
            lists=[
                programmes_selectors.start_open_questions(user),
                procurement_selectors.start_pending_suppliers(user),
                procurement_selectors.start_pending_buyers(user),
                procurement_selectors.start_impact_reports_to_check(user),
                procurement_selectors.start_deregistered_suppliers(user),
                programmes_selectors.start_unrecorded_activities(user),
                challenges_selectors.start_applications_awaiting_decision(user),
                matching_selectors.start_stale_matches(user),
                matching_selectors.start_stale_needs(user),
                selectors.start_letters_to_approve(user),
            ]
        )
    if user.is_regional_coordinator:
        return StartPage(
            lists=[
                procurement_selectors.start_pending_suppliers(user),
                procurement_selectors.start_deregistered_suppliers(user),
            ]
        )
    if user.is_organisation_member:
        supplier = procurement_selectors.registration_of(user)
        lists = [surveys_selectors.start_surveys_to_answer(user), matching_selectors.start_proposals_to_answer(user)]
        if supplier is not None and supplier.is_verified:
            lists.append(procurement_selectors.start_fitting_requests(supplier))
        lists.append(programmes_selectors.start_answered_questions(user))
        lists.append(programmes_selectors.start_desk_questions(user))  # members of a partner desk (a city hub)
        lists.append(challenges_selectors.start_coached(user))  # coaches are often entrepreneurs
        return StartPage(lists=lists, checklist=_onboarding(user, registered=supplier is not None))
    if user.is_jury:
        return StartPage(
            lists=[challenges_selectors.start_reviews_to_submit(user), challenges_selectors.start_coached(user)]
        )
    if user.is_buyer:
        return StartPage(
            lists=[
                procurement_selectors.start_quotes_to_review(user),
                procurement_selectors.start_realisations_to_check(user),
                procurement_selectors.start_tenders_without_spend(user),
            ]
        )
    if user.is_contractor and user.organisation_id:
        return StartPage(lists=[procurement_selectors.start_contractor_tenders(user)])
    if user.is_private_buyer:
        return _private_buyer_start(user)
    if user.is_council_member:
        return StartPage(lists=[selectors.start_new_letters(user)])
    if user.is_letter_approver:
        return StartPage(lists=[selectors.start_letters_to_approve(user)])
    return StartPage()
