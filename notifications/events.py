"""What the portal notifies people of: the kinds a person chooses the delivery of, and the events of each kind
with the sentence that tells of one (English msgid, filled from the notification's params)."""

from typing import NamedTuple

from django.db import models
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    """What a person chooses the delivery of."""

    QUESTIONS_NEW = "questions_new", _("New questions to the service point")
    QUESTIONS_MINE = "questions_mine", _("Answers to my questions")
    REGISTRATION = "registration", _("Decisions about my supplier registration")
    MATCHES = "matches", _("Match proposals and their progress")
    REVIEWS = "reviews", _("Applications assigned to me for review")
    APPLICATION = "application", _("The progress of my applications")
    LETTERS = "letters", _("Published council letters")
    PURCHASE_REQUESTS = "purchase_requests", _("Purchase requests that fit my registration")
    QUOTES = "quotes", _("Decisions about my quotes")
    STALE_WORK = "stale_work", _("Needs, offers and matches without movement: reminders and closing")
    IMPACT_REPORTS = "impact_reports", _("My enterprise's yearly impact report: requests, reminders and the check")
    SURVEYS = "surveys", _("Surveys I am asked to answer")
    SROI = "sroi", _("Social-return duties: invitations, realisations and their check")
    BUYING = "buying", _("My organisation's purchase requests and its registration as a buyer")
    DEALS = "deals", _("Deals of my organisation agreed at a Buy Social marketplace")


class Delivery(models.TextChoices):
    IMMEDIATELY = "immediately", _("By e-mail straight away")
    DAILY = "daily", _("By e-mail in a daily summary")
    PORTAL = "portal", _("Only in the portal")


class Event(NamedTuple):
    kind: Kind
    text: Promise  # a sentence with %(name)s placeholders for the params


EVENTS: dict[str, Event] = {
    "letter_published": Event(
        Kind.LETTERS,
        _("The municipality of %(municipality)s has published its council letter about %(year)s: “%(subject)s”."),
    ),
    "question_new": Event(
        Kind.QUESTIONS_NEW, _("A new question has come in at the service point of %(municipality)s.")
    ),
    "question_answered": Event(Kind.QUESTIONS_MINE, _("Your question “%(subject)s” has been answered.")),
    "registration_verified": Event(Kind.REGISTRATION, _("Your supplier registration has been verified.")),
    "registration_rejected": Event(
        Kind.REGISTRATION, _("Your supplier registration has been sent back: change it and send it again.")
    ),
    "reviews_assigned": Event(
        Kind.REVIEWS,
        _("Applications to the challenge “%(challenge)s” have been assigned to you for review: %(count)s."),
    ),
    "stage_moved": Event(
        Kind.APPLICATION, _("Your application to the challenge “%(challenge)s” has moved to the stage “%(stage)s”.")
    ),
    "deal_recorded": Event(
        Kind.DEALS, _("A deal of your organisation with %(other)s has been recorded at “%(event)s”.")
    ),
    "match_proposed": Event(Kind.MATCHES, _("A match has been proposed to your organisation.")),
    "match_changed": Event(Kind.MATCHES, _("A match of your organisation is now: %(status)s.")),
    "purchase_request_fits": Event(
        Kind.PURCHASE_REQUESTS, _("%(municipality)s asks for quotes for “%(title)s”, which fits your registration.")
    ),
    "quote_shortlisted": Event(
        Kind.QUOTES, _("Your quote for “%(title)s” of %(municipality)s has been put on the shortlist.")
    ),
    "quote_awarded": Event(Kind.QUOTES, _("“%(title)s” of %(municipality)s has been awarded to you.")),
    "stale_reminder": Event(
        Kind.STALE_WORK,
        _(
            "Needs, offers or matches of yours have not moved for %(days)s days; unless something moves they are "
            "closed in %(close_days)s days: %(count)s."
        ),
    ),
    "stale_closed": Event(
        Kind.STALE_WORK,
        _("Needs, offers or matches of yours were closed for lack of movement; you can reopen them: %(count)s."),
    ),
    "question_reopened": Event(
        Kind.QUESTIONS_NEW,
        _("An asker has replied to a question at the service point of %(municipality)s."),
    ),
    "question_message": Event(Kind.QUESTIONS_MINE, _("There is a new message about your question “%(subject)s”.")),
    "impact_report_due": Event(
        Kind.IMPACT_REPORTS, _("Report the impact of your enterprise in %(year)s: the municipality asks for it.")
    ),
    "impact_report_due_again": Event(
        Kind.IMPACT_REPORTS, _("A reminder: your impact report about %(year)s has not been filed yet.")
    ),
    "impact_report_accepted": Event(Kind.IMPACT_REPORTS, _("Your impact report about %(year)s has been accepted.")),
    "impact_report_returned": Event(
        Kind.IMPACT_REPORTS,
        _("Your impact report about %(year)s has been returned: read the comment and file it again."),
    ),
    "buyer_verified": Event(
        Kind.BUYING, _("%(name)s is verified as a buyer: you can post purchase requests to impact suppliers.")
    ),
    "buyer_rejected": Event(
        Kind.BUYING, _("The municipality has not verified %(name)s as a buyer. The reason: %(reason)s")
    ),
    "question_handed_over": Event(
        Kind.QUESTIONS_NEW, _("%(municipality)s has handed a question of its service point to %(desk)s.")
    ),
    "sroi_contractor_joined": Event(
        Kind.SROI, _("%(organisation)s has accepted your invitation for the tender “%(tender)s”.")
    ),
    "sroi_realisation_submitted": Event(
        Kind.SROI, _("%(organisation)s has recorded a purchase for the tender “%(tender)s”: check it.")
    ),
    "sroi_realisation_accepted": Event(
        Kind.SROI, _("Your purchase “%(description)s” for the tender “%(tender)s” has been accepted.")
    ),
    "sroi_realisation_rejected": Event(
        Kind.SROI, _("Your purchase “%(description)s” for the tender “%(tender)s” has been rejected: read the reason.")
    ),
    "survey_invited": Event(
        Kind.SURVEYS,
        _("The municipality of %(municipality)s asks your organisation to answer the survey “%(title)s” by %(date)s."),
    ),
    "survey_reminder": Event(
        Kind.SURVEYS,
        _("A reminder: the survey “%(title)s” closes on %(date)s and your organisation has not answered it yet."),
    ),
    "survey_extended": Event(
        Kind.SURVEYS,
        _("The survey “%(title)s” now closes on %(date)s; your organisation can still answer it."),
    ),
}

DEFAULT_DELIVERY = Delivery.IMMEDIATELY


def text_of(event: str, params: dict) -> str:
    """The sentence about `event` in the active language; an unknown event (from an older version) says so."""
    known = EVENTS.get(event)
    if known is None:
        return gettext("Something changed in the portal.")
    filled = {name: translated(value) for name, value in params.items()}
    try:
        return str(known.text) % filled
    except (KeyError, TypeError, ValueError):
        return str(known.text)


def msgid(text: Promise | str) -> dict:
    """A param that is translated when shown (a stage or status label): pass the lazy label."""
    with translation.override(None):
        return {"msgid": str(text)}


def translated(value):
    if isinstance(value, dict) and "msgid" in value:
        return gettext(value["msgid"])
    return value
