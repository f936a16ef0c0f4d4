"""The columns of the buyer's list exports (purchase requests, SROI tenders): what a person reads in the
list, with statuses and categories by their labels in the active language. core.csv writes the file."""

from collections.abc import Iterable, Iterator
from decimal import Decimal

from django.utils.translation import gettext as _

from .models import PurchaseRequest, SroiTender


def money(amount: Decimal | None) -> str:
    """An amount as Dutch spreadsheets read it: two decimals, a decimal comma, no thousands separator."""
    return "" if amount is None else f"{amount:.2f}".replace(".", ",")


def yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def request_header() -> list[str]:
    return [
        _("Purchase request"),
        _("Category"),
        _("Status"),
        _("Posted on"),
        _("Posted by"),
        _("Quotes due by"),
        _("Budget from"),
        _("Budget up to"),
        _("Counts towards SROI"),
        _("Quotes"),
        _("Awarded"),
    ]


def request_rows(purchase_requests: Iterable[PurchaseRequest]) -> Iterator[list[str]]:
    for item in purchase_requests:
        yield [
            item.title,
            str(item.get_category_display()),
            str(item.get_status_display()),
            item.created_at.date().isoformat(),
            (item.posted_by.name or item.posted_by.email) if item.posted_by else "",
            item.deadline.isoformat(),
            money(item.budget_min),
            money(item.budget_max),
            yes_no(item.counts_towards_sroi),
            str(getattr(item, "quote_count", "")),
            money(getattr(item, "awarded_amount", None)),
        ]


def tender_header() -> list[str]:
    return [
        _("Tender"),
        _("Reference"),
        _("Contractor"),
        _("Contract start"),
        _("Contract value"),
        _("SROI percentage"),
        _("SROI required"),
        _("Realised"),
    ]


def tender_rows(tenders: Iterable[SroiTender]) -> Iterator[list[str]]:
    for tender in tenders:
        yield [
            tender.title,
            tender.reference,
            tender.contractor,
            tender.start_date.isoformat(),
            money(tender.contract_value),
            money(tender.sroi_percentage),
            money(tender.required_amount),
            money(getattr(tender, "realised", None)),
        ]
