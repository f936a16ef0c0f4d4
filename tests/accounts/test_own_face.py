"""Each municipality's own face: an administrator's brand colours pass a contrast check, its users and its
public pages show its logo and its brand stylesheet, and a municipality without them keeps the neutral look."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import translation

from tests.accounts.permission_table import PNG_PIXEL
from tests.challenges.factories import ChallengeFactory
from tests.factories import OrganisationFactory
from tests.matching.factories import NeedFactory, OfferFactory
from tests.procurement.factories import SupplierFactory


@pytest.fixture
def branded_groningen(groningen):
    groningen.brand_primary_color = "#C8102E"
    groningen.brand_secondary_color = "#007A3D"
    groningen.logo.save("groningen-logo.png", ContentFile(PNG_PIXEL))
    return groningen


def face_links(response) -> dict[str, bool]:
    html = response.content.decode()
    return {"stylesheet": "/huisstijl/groningen.css?v=" in html, "logo": "/huisstijl/groningen/logo?v=" in html}


def test_it_refuses_a_brand_colour_too_light_for_white_text(groningen):
    groningen.brand_primary_color = "#FFD700"
    with pytest.raises(ValidationError) as refused:
        groningen.full_clean()
    message = refused.value.message_dict["brand_primary_color"][0]
    assert "#FFD700 is te licht" in message
    assert "1,2:1" in message  # on the light grey, the lowest of the three
    assert "4,5:1" in message


def test_it_refuses_a_light_second_colour_in_english_too(groningen):
    groningen.brand_primary_color = "#C8102E"
    groningen.brand_secondary_color = "#7fb2e5"
    with translation.override("en"):
        with pytest.raises(ValidationError) as refused:
            groningen.full_clean()
        assert list(refused.value.message_dict) == ["brand_secondary_color"]
        assert "#7FB2E5 is too light" in refused.value.message_dict["brand_secondary_color"][0]


def test_it_accepts_colours_that_carry_white_text(groningen):
    groningen.brand_primary_color = "#C8102E"
    groningen.brand_secondary_color = "#007A3D"
    groningen.full_clean()


def test_a_groningen_coordinators_page_carries_the_logo_and_the_brand_stylesheet(
    client, branded_groningen, coordinator
):
    client.force_login(coordinator)

    response = client.get(reverse("start"))

    assert face_links(response) == {"stylesheet": True, "logo": True}
    assert 'alt="Gemeente Groningen"' in response.content.decode()


def test_a_groningen_needs_public_page_carries_them_for_a_visitor(client, branded_groningen):
    need = NeedFactory(municipality=branded_groningen)

    response = client.get(reverse("matching:need_detail", args=[need.pk]))

    assert face_links(response) == {"stylesheet": True, "logo": True}


def offer_page(municipality):
    return reverse("matching:offer_detail", args=[OfferFactory(municipality=municipality).pk])


def challenge_page(municipality):
    challenge = ChallengeFactory(action_line__programme__municipality=municipality)
    return reverse("challenges:public_challenge", args=[challenge.pk])


def supplier_page(municipality):
    supplier = SupplierFactory(organisation=OrganisationFactory(municipality=municipality))
    return reverse("procurement:supplier_profile", args=[supplier.pk])


def directory_page(municipality) -> str:
    return reverse("procurement:directory") + f"?municipality={municipality.slug}"


@pytest.mark.parametrize("page_of", [offer_page, challenge_page, supplier_page, directory_page])
def test_the_public_pages_of_a_groningen_object_carry_its_face(client, branded_groningen, haarlem, page_of):
    assert face_links(client.get(page_of(branded_groningen))) == {"stylesheet": True, "logo": True}
    assert "/huisstijl/" not in client.get(page_of(haarlem)).content.decode()


def test_a_haarlem_page_keeps_the_neutral_look(client, branded_groningen, haarlem, other_coordinator):
    need = NeedFactory(municipality=haarlem)
    client.force_login(other_coordinator)

    for url in (reverse("start"), reverse("matching:need_detail", args=[need.pk])):
        response = client.get(url)
        assert face_links(response) == {"stylesheet": False, "logo": False}
        assert "/huisstijl/" not in response.content.decode()


def test_the_stylesheet_sets_the_brand_tokens_and_is_kept_a_year(client, branded_groningen):
    url = reverse("accounts:own_face_stylesheet", args=["groningen"])
    version = branded_groningen.own_face_version

    response = client.get(url, {"v": version})

    css = response.content.decode()
    assert response["Content-Type"].startswith("text/css")
    assert "--portal-color-brand: #c8102e;" in css
    assert "--basis-color-accent-1-inverse-bg-default: #007a3d;" in css
    assert "--basis-color-action-1-inverse-bg-default: #c8102e;" in css  # the design system's buttons
    assert "max-age=31536000" in response["Cache-Control"]
    assert client.get(url, {"v": version}, headers={"if-none-match": response["ETag"]}).status_code == 304


def test_a_new_colour_gives_the_stylesheet_a_new_address(client, branded_groningen, coordinator):
    client.force_login(coordinator)
    before = branded_groningen.own_face_version
    branded_groningen.brand_primary_color = "#00594F"
    branded_groningen.save()

    html = client.get(reverse("start")).content.decode()

    assert f"/huisstijl/groningen.css?v={branded_groningen.own_face_version}" in html
    assert before not in html
    stale = client.get(reverse("accounts:own_face_stylesheet", args=["groningen"]), {"v": before})
    assert "max-age=300" in stale["Cache-Control"]


def test_the_logo_is_served_from_the_portal_itself(client, branded_groningen):
    response = client.get(reverse("accounts:own_face_logo", args=["groningen"]))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == PNG_PIXEL
