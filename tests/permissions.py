"""The permission table's vocabulary.

Every app describes its URLs in tests/<app>/permission_table.py as a list `CASES` of `Case`s:
which status each role gets. tests/test_permissions.py walks the whole URLconf and fails for
any URL that no table describes, so no page escapes the check as the apps grow.

The roles, all in the municipality Groningen unless said otherwise:
- anonymous: no account
- entrepreneur: member of an enterprise in Groningen
- initiative: member of a community initiative in Groningen
- coordinator: coordinator of Groningen (the objects in a case belong to Groningen)
- other_coordinator: coordinator of Haarlem (an outsider to Groningen's data)
- buyer: buyer of Groningen
- council_member: council member of Groningen
- approver: approver of Groningen's council letters (the alderman's office); approves letters, writes none
- private_buyer: buyer at a company in Groningen that Groningen's coordinator verified as a private buyer: posts
  purchase requests for its own organisation and sees only those, none of the municipality's own data
- regional: regional coordinator of the region Groningen belongs to (Haarlem does not): works on the shared
  supplier register and marketplace of the region's members, sees none of a member's own data (service point,
  letters, challenges, matches)
- contractor: member of a company in Groningen that won a tender with a social-return duty; sees only its
  company's tenders, purchase requests and purchases, and the deals it made at a Buy Social marketplace

Some pages turn on a tie rather than a role (a coach is whoever a participant was given, often an SME
entrepreneur). A case names what these people get in `ties`; they are checked only where named:
- coach: an entrepreneur of another Groningen enterprise who coaches the case's participant
- other_coach: a coach of Groningen (jury role) who coaches another participant of the same challenge
- other_juror: a jury member of another challenge of Groningen
- desk_member: an entrepreneur of Groningen who is a member of a partner desk of Groningen (Impact Noord); a
  service-point question handed over to that desk is theirs to answer, no other question is
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

ROLES = (
    "anonymous",
    "entrepreneur",
    "initiative",
    "coordinator",
    "other_coordinator",
    "buyer",
    "council_member",
    "approver",
    "regional",
    "contractor",
    "private_buyer",
)

TIES = ("coach", "other_coach", "other_juror", "desk_member")

OK = 200
REDIRECT = 302
FORBIDDEN = 403
NOT_FOUND = 404
NOT_ALLOWED = 405
LOGIN = "login"  # a redirect to the login page


@dataclass
class World:
    """The users of a permission test and what they belong to."""

    groningen: Any
    haarlem: Any
    users: dict[str, Any]

    @property
    def entrepreneur(self):
        return self.users["entrepreneur"]

    @property
    def initiative(self):
        return self.users["initiative"]

    @property
    def coordinator(self):
        return self.users["coordinator"]

    @property
    def other_coordinator(self):
        return self.users["other_coordinator"]

    @property
    def buyer(self):
        return self.users["buyer"]

    @property
    def council_member(self):
        return self.users["council_member"]

    @property
    def approver(self):
        return self.users["approver"]

    @property
    def regional(self):
        return self.users["regional"]

    @property
    def contractor(self):
        return self.users["contractor"]

    @property
    def private_buyer(self):
        return self.users["private_buyer"]


def no_kwargs(world: World) -> dict:
    return {}


@dataclass
class Case:
    url_name: str
    expect: dict[str, int | str]
    kwargs: Callable[[World], dict] = no_kwargs
    method: str = "get"
    label: str = ""
    data: Callable[[World], dict] | None = None
    ties: dict[str, int | str] = field(default_factory=dict)

    def __post_init__(self):
        missing = set(ROLES) - set(self.expect)
        if missing:
            raise ValueError(f"{self.url_name}: no expectation for {sorted(missing)}")
        unknown = set(self.ties) - set(TIES)
        if unknown:
            raise ValueError(f"{self.url_name}: unknown ties {sorted(unknown)}")

    @property
    def id(self) -> str:
        return f"{self.url_name}{'[' + self.label + ']' if self.label else ''}:{self.method}"


def expect(default: int | str, **per_role: int | str) -> dict[str, int | str]:
    """Expectations for every role: `default`, except the roles named."""
    unknown = set(per_role) - set(ROLES)
    if unknown:
        raise ValueError(f"unknown roles {sorted(unknown)}")
    return {role: per_role.get(role, default) for role in ROLES}


def signed_in_only(default: int | str = OK, **per_role) -> dict[str, int | str]:
    """Anonymous users are sent to the login page; the others get `default` unless named."""
    return expect(default, anonymous=LOGIN, **per_role)


def coordinator_only(**per_role) -> dict[str, int | str]:
    """Only Groningen's coordinator gets in; other signed-in users get 404."""
    return expect(NOT_FOUND, anonymous=LOGIN, coordinator=OK, **per_role)
