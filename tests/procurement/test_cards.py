"""The directory's cards written in Python (procurement.cards) give the HTML of their template
(procurement/includes/supplier_card.html) byte for byte: every part of a card, with awkward names, places, distances
and counts, in Dutch and English; and the directory shows them."""

import dataclasses

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe

from procurement import services
from procurement.cards import supplier_card, supplier_cards
from procurement.selectors import SupplierCard
from tests.procurement.factories import SupplierFactory

AWKWARD = 'Tom & "Jerry" <b>\'s</b> café'
LONG = " ".join(f"woord{n} &amp; <i>x</i>" for n in range(40))

PLAIN = SupplierCard(
    pk=7,
    name="Kringloop De Vondst",
    municipality_name="Groningen",
    city="Groningen",
    description="Wij verkopen tweedehands spullen.",
    profile_url="/leveranciers/7/",
    pso_level="",
    pso_label="",
    code_sociale_ondernemingen=False,
    social_enterprise_nl=False,
    theme_labels=[],
    offering_titles=[],
    more_offerings=0,
)
CARDS = {
    "plain": PLAIN,
    "awkward": dataclasses.replace(
        PLAIN,
        name=AWKWARD,
        municipality_name="Súdwest-Fryslân & co",
        city=AWKWARD,
        description=LONG,
        profile_url="/leveranciers/7/?a=1&b=<2>",
        pso_level="3",
        pso_label="PSO <trede 3>",
        code_sociale_ondernemingen=True,
        social_enterprise_nl=True,
        theme_labels=["Circulair & duurzaam", "Werk <b>"],
        offering_titles=["Lunch & catering", "<script>", "Fietsen"],
        more_offerings=1,
        distance=0.4,
    ),
    "no city": dataclasses.replace(PLAIN, city="", distance=1234.56, more_offerings=1234, offering_titles=["A"]),
    "no description": dataclasses.replace(PLAIN, description="", distance=12.5, theme_labels=["Zorg"]),
    "safe name": dataclasses.replace(PLAIN, name=mark_safe("<em>Veilig</em>"), more_offerings=2, offering_titles=["B"]),
    "far": dataclasses.replace(PLAIN, city="Haren", distance=99.5, pso_level="1", pso_label="PSO 1"),
}


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("show_distance", [True, False])
@pytest.mark.parametrize("name", CARDS)
def test_a_card_is_written_as_its_template_writes_it(language, show_distance, name):
    card = CARDS[name]
    with translation.override(language):
        template = render_to_string(
            "procurement/includes/supplier_card.html", {"supplier": card, "show_distance": show_distance}
        )
        assert supplier_card(card, show_distance) == template


def test_the_cards_of_a_page_follow_each_other_in_order():
    with translation.override("nl"):
        written = supplier_cards(list(CARDS.values()), True)
    assert written.count('<li class="portal-card">') == len(CARDS)
    assert written.index("Kringloop De Vondst") < written.index("Tom &amp; &quot;Jerry&quot;")
    assert "<script>" not in written and "&lt;script&gt;" in written


@pytest.mark.django_db
def test_the_directory_shows_its_cards(client):
    supplier = SupplierFactory.create(organisation__name="Fietsmakerij Oost & Zn")
    services.suppliers_refresh_search([supplier.pk])  # PostgreSQL searches the stored vector

    page = client.get(reverse("procurement:directory"))

    assert page.status_code == 200
    html = page.content.decode()
    assert html.count('<li class="portal-card">') == 1
    assert "Fietsmakerij Oost &amp; Zn" in html
    assert f'href="{reverse("procurement:supplier_profile", kwargs={"pk": supplier.pk})}"' in html
