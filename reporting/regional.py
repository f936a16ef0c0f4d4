"""A region's figures for its regional coordinator: per member municipality what the shared supplier register and
marketplace hold, and the region's total that adds them up. Only the shared parts count; each member's other data
(service point, letters, challenges) stays its own."""

from dataclasses import dataclass

from django.utils import timezone

from accounts.models import Region
from accounts.selectors import SharedScope, region_members
from matching import selectors as matching_selectors
from procurement import selectors as procurement_selectors

COUNTED = ("suppliers_verified", "suppliers_pending", "open_needs", "open_offers", "matches_made")


@dataclass(frozen=True)
class MemberFigures:
    name: str
    suppliers_verified: int = 0
    suppliers_pending: int = 0
    open_needs: int = 0
    open_offers: int = 0
    matches_made: int = 0


@dataclass(frozen=True)
class RegionalFigures:
    region: Region
    year: int
    members: list[MemberFigures]

    @property
    def total(self) -> MemberFigures:
        """The region's figures: the members' added up."""
        sums = {name: sum(getattr(member, name) for member in self.members) for name in COUNTED}
        return MemberFigures(name=self.region.name, **sums)


def regional_figures(scope: SharedScope) -> RegionalFigures:
    """The figures of the regional coordinator's region, per member and this year. Five queries, whatever the
    number of members, suppliers or listings."""
    if scope.region is None:
        raise ValueError("regional figures need a region")
    year = timezone.localdate().year
    members = list(region_members(scope.region).only("pk", "name"))
    counts = procurement_selectors.register_counts(scope.municipality_ids)
    for municipality_id, listing_counts in matching_selectors.marketplace_counts(scope.municipality_ids, year).items():
        counts.setdefault(municipality_id, {}).update(listing_counts)
    return RegionalFigures(
        region=scope.region,
        year=year,
        members=[MemberFigures(name=member.name, **counts.get(member.pk, {})) for member in members],
    )
