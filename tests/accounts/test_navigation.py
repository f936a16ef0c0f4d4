"""The main navigation of every page (templates/includes/nav.html and its entries per app): which links each role
gets, in its order, and which one is marked as the current page (aria-current) wherever the user is."""

import re
from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.models import Region, User
from tests.factories import MunicipalityFactory, OrganisationFactory, UserFactory
from tests.matching.factories import NeedFactory, OfferFactory

pytestmark = pytest.mark.django_db

NAV = re.compile(r'<ul id="portal-nav-list"[^>]*>(.*?)</ul>', re.S)
LINK = re.compile(r'<li><a href="([^"]+)"( aria-current="page")?>([^<]+)</a></li>')

# The links of each role (URL name, label in English), in the order the navigation shows them.
MEMBER = [
    ("start", "Home"),
    ("accounts:organisation", "My organisation"),
    ("challenges:my_challenges", "Challenges"),
    ("programmes:my_questions", "My questions"),
    ("matching:mine", "My matching"),
    ("matching:need_list", "Needs and offers"),
    ("procurement:directory", "Impact suppliers"),
]
EXPECTED = {
    "anonymous": [
        ("accounts:home_page", "Home"),
        ("challenges:public_challenge_list", "Challenges"),
        ("programmes:question_ask", "Impact service point"),
        ("programmes:calendar_index", "Calendar"),
        ("matching:need_list", "Needs and offers"),
        ("procurement:directory", "Impact suppliers"),
        ("reporting:public_letters", "Council letters"),
        ("network:public", "Network of municipalities"),
    ],
    "entrepreneur": [
        *MEMBER,
        ("procurement:registration", "Impact supplier registration"),
        ("procurement:supplier_requests", "Purchase requests"),
        ("accounts:my_data", "My data"),
    ],
    "initiative": [*MEMBER, ("accounts:my_data", "My data")],
    "coordinator": [
        ("start", "Home"),
        ("programmes:dashboard", "Dashboard"),
        ("programmes:programme_list", "Programme"),
        ("programmes:activity_list", "Activities"),
        ("programmes:question_queue", "Service point queue"),
        ("challenges:challenge_list", "Challenges"),
        ("matching:overview", "Matching"),
        ("procurement:directory", "Impact suppliers"),
        ("procurement:register", "Supplier register"),
        ("procurement:figures", "Procurement figures"),
        ("reporting:letter_list", "Council letters"),
        ("network:staff", "Network of municipalities"),
        ("goals:sdg_page", "Goals (SDGs)"),
        ("surveys:survey_list", "Surveys"),
        ("accounts:member_list", "Accounts"),
        ("accounts:my_data", "My data"),
    ],
    "regional": [
        ("start", "Home"),
        ("procurement:directory", "Impact suppliers"),
        ("procurement:register", "Supplier register"),
        ("regional_dashboard", "Regional figures"),
        ("regional_marketplace", "Regional marketplace"),
        ("accounts:my_data", "My data"),
    ],
    "buyer": [
        ("start", "Home"),
        ("procurement:directory", "Impact suppliers"),
        ("procurement:requests", "Purchase requests"),
        ("procurement:tenders", "SROI tenders"),
        ("procurement:figures", "Procurement figures"),
        ("accounts:my_data", "My data"),
    ],
    "private_buyer": [
        ("start", "Home"),
        ("procurement:directory", "Impact suppliers"),
        ("procurement:requests", "Purchase requests"),
        ("accounts:my_data", "My data"),
    ],
    "contractor": [
        ("start", "Home"),
        ("matching:deal_list", "Buy Social deals"),
        ("procurement:directory", "Impact suppliers"),
        ("procurement:contractor_tenders", "My social-return duty"),
        ("procurement:requests", "Purchase requests"),
        ("accounts:my_data", "My data"),
    ],
    "jury": [
        ("start", "Home"),
        ("challenges:jury_home", "Jury"),
        ("procurement:directory", "Impact suppliers"),
        ("accounts:my_data", "My data"),
    ],
    "council": [
        ("start", "Home"),
        ("programmes:programme_list", "Programme"),
        ("programmes:activity_list", "Activities"),
        ("matching:figures", "Matching figures"),
        ("procurement:directory", "Impact suppliers"),
        ("procurement:figures", "Procurement figures"),
        ("reporting:council_letters", "Letters to the council"),
        ("network:staff", "Network of municipalities"),
        ("accounts:my_data", "My data"),
    ],
    "approver": [
        ("start", "Home"),
        ("procurement:directory", "Impact suppliers"),
        ("reporting:letter_list", "Council letters"),
        ("network:staff", "Network of municipalities"),
        ("accounts:my_data", "My data"),
    ],
    "administrator": [
        ("start", "Home"),
        ("procurement:directory", "Impact suppliers"),
        ("accounts:my_data", "My data"),
        ("admin:index", "Administration"),
    ],
}

# Pages that are not a link's own target but belong to one: the link marked current there.
BELONGING: list[tuple[str, str, dict[str, Any], str]] = [
    ("anonymous", "matching:offer_list", {}, "matching:need_list"),
    ("anonymous", "programmes:calendar_index", {}, "programmes:calendar_index"),
    ("entrepreneur", "matching:offer_list", {}, "matching:need_list"),
    ("coordinator", "matching:need_list", {}, "matching:overview"),
    ("coordinator", "reporting:letter_create", {}, "reporting:letter_list"),
]


@pytest.fixture
def people():
    region = Region.objects.create(name="Noord", slug="noord")
    groningen = MunicipalityFactory(name="Groningen", slug="groningen", region=region)
    return {
        "anonymous": None,
        "entrepreneur": UserFactory(role="entrepreneur", organisation=OrganisationFactory(municipality=groningen)),
        "initiative": UserFactory(
            role="initiative", organisation=OrganisationFactory(municipality=groningen, kind="initiative")
        ),
        "coordinator": UserFactory(role="coordinator", municipality=groningen),
        "regional": UserFactory(role="regional", region=region),
        "buyer": UserFactory(role="buyer", municipality=groningen),
        "private_buyer": UserFactory(
            role="private_buyer",
            organisation=OrganisationFactory(municipality=groningen, kind="company", buyer_status="verified"),
        ),
        "contractor": UserFactory(
            role="contractor", organisation=OrganisationFactory(municipality=groningen, kind="company")
        ),
        "jury": UserFactory(role="jury", municipality=groningen),
        "council": UserFactory(role="council", municipality=groningen),
        "approver": UserFactory(role="approver", municipality=groningen),
        "administrator": UserFactory(role="administrator", is_staff=True, is_superuser=True),
    }


def navigation(client, url: str) -> list[tuple[str, bool, str]]:
    response = client.get(url)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    found = NAV.search(response.content.decode())
    assert found, f"{url} has no navigation"
    return [(href, bool(current), label) for href, current, label in LINK.findall(found.group(1))]


def in_english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def expected_links(role: str, groningen_slug: str = "groningen") -> list[tuple[str, str]]:
    return [
        (reverse(name, args=[groningen_slug] if name == "goals:sdg_page" else []), label)
        for name, label in EXPECTED[role]
    ]


def test_every_role_has_an_expectation():
    assert set(EXPECTED) == {"anonymous", *User.Role.values}


@pytest.mark.parametrize("role", EXPECTED)
def test_each_role_sees_its_own_links_and_none_marked_on_a_page_outside_them(client, people, role):
    if people[role] is not None:
        client.force_login(people[role])

    links = navigation(in_english(client), reverse("core:accessibility"))

    assert [(href, label) for href, _current, label in links] == expected_links(role)
    assert not any(current for _href, current, _label in links)


@pytest.mark.parametrize("role", EXPECTED)
def test_each_link_is_marked_as_the_current_page_on_its_own_page(client, people, role):
    if people[role] is not None:
        client.force_login(people[role])
    in_english(client)

    for href, _label in expected_links(role):
        if href.startswith(reverse("admin:index")):
            continue  # the administration has a layout of its own
        marked = [link for link, current, _label in navigation(client, href) if current]
        assert marked == [href], f"{role} on {href}: marked {marked}"


@pytest.mark.parametrize(("role", "name", "kwargs", "owner"), BELONGING)
def test_a_page_marks_the_link_of_the_section_it_belongs_to(client, people, role, name, kwargs, owner):
    if people[role] is not None:
        client.force_login(people[role])

    marked = [link for link, current, _label in navigation(client, reverse(name, kwargs=kwargs)) if current]

    assert marked == [reverse(owner)]


def test_the_labels_follow_the_language_page_after_page(client, people):
    client.force_login(people["coordinator"])
    url = reverse("core:accessibility")

    dutch = [label for _href, _current, label in navigation(client, url)]
    english = [label for _href, _current, label in navigation(in_english(client), url)]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    dutch_again = [label for _href, _current, label in navigation(client, url)]

    assert english == [label for _name, label in EXPECTED["coordinator"]]
    assert dutch == dutch_again
    assert dutch[:3] == ["Start", "Dashboard", "Programma"]
    assert dutch[-1] == "Mijn gegevens"


def test_each_coordinator_is_led_to_the_goals_of_their_own_municipality(client, people):
    haarlem = MunicipalityFactory(name="Haarlem", slug="haarlem")
    url = reverse("core:accessibility")

    client.force_login(people["coordinator"])
    groningen_links = [href for href, _current, _label in navigation(client, url)]
    client.force_login(UserFactory(role="coordinator", municipality=haarlem))
    haarlem_links = [href for href, _current, _label in navigation(client, url)]

    assert reverse("goals:sdg_page", args=["groningen"]) in groningen_links
    assert reverse("goals:sdg_page", args=["haarlem"]) in haarlem_links
    assert reverse("goals:sdg_page", args=["groningen"]) not in haarlem_links


def test_a_coordinator_without_a_municipality_has_no_goals_link(client):
    client.force_login(UserFactory(role="coordinator"))

    links = [href for href, _current, _label in navigation(client, reverse("core:accessibility"))]

    assert reverse("start") in links
    assert not any("duurzame-ontwikkelingsdoelen" in href for href in links)


def test_a_page_that_does_not_exist_keeps_the_navigation_of_the_role_with_nothing_marked(client, people):
    client.force_login(people["coordinator"])

    response = client.get("/bestaat-niet/")

    assert response.status_code == 404
    links = LINK.findall(NAV.search(response.content.decode()).group(1))
    assert [href for href, _current, _label in links][0] == reverse("start")
    assert not any(current for _href, current, _label in links)


def test_the_navigation_is_rendered_once_for_a_role_and_page_and_then_kept(client, people):
    from accounts.navigation import _rendered

    other = UserFactory(
        role="entrepreneur", organisation=OrganisationFactory(municipality=people["coordinator"].municipality)
    )
    url = reverse("core:accessibility")
    _rendered.cache_clear()

    client.force_login(people["entrepreneur"])
    first = navigation(client, url)
    client.force_login(other)
    second = navigation(client, url)
    navigation(client, reverse("start"))

    assert first == second
    assert (_rendered.cache_info().misses, _rendered.cache_info().hits) == (2, 1)


@pytest.mark.parametrize("role", ["entrepreneur", "initiative"])
def test_a_need_or_offer_opened_from_the_lists_marks_needs_and_offers(client, people, role):
    groningen = people["entrepreneur"].organisation.municipality
    need = NeedFactory(municipality=groningen)
    offer = OfferFactory(municipality=groningen)
    client.force_login(people[role])

    pages = [reverse("matching:need_detail", args=[need.pk]), reverse("matching:offer_detail", args=[offer.pk])]
    if role == "initiative":  # the page that says why an initiative cannot help (an entrepreneur goes on to propose)
        pages.append(reverse("matching:need_help", args=[need.pk]))
    for page in pages:
        marked = [link for link, current, _label in navigation(client, page) if current]
        assert marked == [reverse("matching:need_list")], f"{role} on {page}: marked {marked}"
    marked = [link for link, current, _label in navigation(client, reverse("matching:mine")) if current]
    assert marked == [reverse("matching:mine")]
