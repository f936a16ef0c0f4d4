"""The columns of the match list's export and of a Buy Social marketplace's deals: what a person reads in the list,
the status by its label in the active language. core.csv writes the file."""

from collections.abc import Iterable, Iterator

from django.utils.translation import gettext as _

from .models import Deal, Match


def match_header() -> list[str]:
    return [
        _("Initiative"),
        _("Need"),
        _("Entrepreneur"),
        _("Offer"),
        _("Kinds of help"),
        _("Status"),
        _("Beursvloer"),
        _("Made on"),
        _("Hours given"),
        _("Euros given"),
        _("Goods given"),
        _("Last change"),
    ]


def match_rows(matches: Iterable[Match]) -> Iterator[list[str]]:
    for match in matches:
        yield [
            match.need.organisation.name,
            match.need.title,
            match.enterprise.name,
            match.offer.title if match.offer_id and match.offer else "",
            ", ".join(match.help_kind_labels),
            str(match.get_status_display()),
            match.beursvloer.name if match.beursvloer_id and match.beursvloer else "",
            match.made_on.isoformat() if match.made_on else "",
            "" if match.hours_given is None else str(match.hours_given),
            "" if match.euros_given is None else f"{match.euros_given:.2f}".replace(".", ","),
            match.goods_given,
            match.updated_at.date().isoformat(),
        ]


def deal_header() -> list[str]:
    return [
        _("Company"),
        _("KvK number"),
        _("Social entrepreneur"),
        _("What was agreed"),
        _("Expected amount (euros)"),
        _("Serves a social-return duty"),
        _("Recorded on"),
    ]


def deal_rows(deals: Iterable[Deal]) -> Iterator[list[str]]:
    for deal in deals:
        yield [
            deal.company.name,
            deal.company.kvk_number or "",
            deal.enterprise.name,
            deal.agreement,
            f"{deal.expected_amount:.2f}".replace(".", ","),
            _("yes") if deal.for_social_return else _("no"),
            deal.created_at.date().isoformat(),
        ]
