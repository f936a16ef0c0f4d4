"""The main navigation of every page (templates/includes/nav.html, each app's entries in includes/nav/<app>.html),
rendered once per process for each combination of what it reads, and kept.

The navigation reads nothing but the user's role and flags, the slug of their municipality, which page this is
(the resolver's namespace, app name, URL name and view name), the active language and the URL prefix and URLconf
its `{% url %}`s are reversed with. `NavigationKey` holds exactly these, and the templates are rendered from a
context made of that key alone (no request, no user, no context processors): what they render cannot depend on
anything the key does not hold. A template that reads anything else (`request.path`, `user.email`) finds nothing
there, and the navigation's tests (tests/accounts/test_navigation.py) show it.
"""

from dataclasses import dataclass
from typing import Any

from django.template import Context, Engine
from django.urls import get_script_prefix, get_urlconf
from django.utils import translation
from django.utils.safestring import SafeString

from core.kept import kept_per_process

from .models import User

TEMPLATE = "includes/nav.html"


@dataclass(frozen=True, slots=True)
class NavMunicipality:
    slug: str


@dataclass(frozen=True, slots=True)
class NavUser:
    """What the navigation may read of `user`."""

    is_authenticated: bool
    role: str | None = None
    is_staff: bool = False
    is_organisation_member: bool = False
    is_coordinator: bool = False
    is_council_member: bool = False
    is_jury: bool = False
    is_contractor: bool = False
    municipality: NavMunicipality | None = None

    @classmethod
    def of(cls, user: Any) -> "NavUser":
        if user is None or not user.is_authenticated:
            return ANONYMOUS
        return cls(
            is_authenticated=True,
            role=user.role,
            is_staff=user.is_staff,
            is_organisation_member=user.is_organisation_member,
            is_coordinator=user.is_coordinator,
            is_council_member=user.is_council_member,
            is_jury=user.is_jury,
            is_contractor=user.is_contractor,
            municipality=NavMunicipality(user.municipality.slug) if user.municipality_id is not None else None,
        )


ANONYMOUS = NavUser(is_authenticated=False)


@dataclass(frozen=True, slots=True)
class NavResolverMatch:
    namespace: str
    app_name: str
    url_name: str | None
    view_name: str


@dataclass(frozen=True, slots=True)
class NavRequest:
    """What the navigation may read of `request`: which page this is (None where no URL matched: a 404)."""

    resolver_match: NavResolverMatch | None

    @classmethod
    def of(cls, request: Any) -> "NavRequest":
        match = getattr(request, "resolver_match", None)
        if match is None:
            return cls(resolver_match=None)
        return cls(NavResolverMatch(match.namespace, match.app_name, match.url_name, match.view_name))


@dataclass(frozen=True, slots=True)
class NavigationKey:
    user: NavUser
    request: NavRequest
    language: str | None
    script_prefix: str
    urlconf: Any


def navigation(user: Any, request: Any) -> SafeString:
    """The navigation's list items for `user` on the page `request` asks for."""
    key = NavigationKey(
        user=NavUser.of(user),
        request=NavRequest.of(request),
        language=translation.get_language(),
        script_prefix=get_script_prefix(),
        urlconf=get_urlconf(),
    )
    return _rendered(key)


@kept_per_process(maxsize=1024)  # a few kB each: (role, municipality, language, page) of the pages people visit
def _rendered(key: NavigationKey) -> SafeString:
    # Rendered in the request that first needs it, so with the key's language, URL prefix and URLconf active.
    context = Context({"user": key.user, "request": key.request, "Role": User.Role})
    context.request = key.request  # type: ignore[attr-defined]  # as a RequestContext has it: `{% url %}` takes the current app from it
    return Engine.get_default().get_template(TEMPLATE).render(context)
