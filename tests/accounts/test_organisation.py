import pytest
from django.urls import reverse

from accounts.models import Organisation, Theme, organisation_moved
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_it_shows_the_entrepreneur_their_organisation(client, entrepreneur):
    client.force_login(entrepreneur)

    response = client.get(reverse("accounts:organisation"))

    assert entrepreneur.organisation.name in response.content.decode()


def test_it_saves_an_edited_organisation(client, entrepreneur):
    theme = Theme.objects.create(code=Theme.Code.FOOD)
    client.force_login(entrepreneur)

    response = client.post(
        reverse("accounts:organisation_edit"),
        {
            "name": "De Vondst Groningen",
            "kvk_number": entrepreneur.organisation.kvk_number,
            "description": "Kringloop en leerwerkbedrijf",
            "website": "https://devondst.nl",
            "email": "info@devondst.nl",
            "phone": "050 123 4567",
            "postcode": "9712 AB",
            "city": "Groningen",
            "themes": [theme.pk],
        },
    )

    assert response.status_code == 302
    organisation = entrepreneur.organisation
    organisation.refresh_from_db()
    assert organisation.name == "De Vondst Groningen"
    assert list(organisation.themes.all()) == [theme]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"postcode": "12345"}, "postcode"),
        ({"website": "javascript:alert(1)"}, "website"),
        ({"name": ""}, "name"),
        ({"kvk_number": "abc"}, "kvk_number"),
    ],
)
def test_it_rejects_bad_input_and_changes_nothing(client, entrepreneur, change, field):
    client.force_login(entrepreneur)
    original = entrepreneur.organisation.name
    data = {"name": "Nieuwe naam", "kvk_number": entrepreneur.organisation.kvk_number, "postcode": "9712 AB"} | change

    response = client.post(reverse("accounts:organisation_edit"), data)

    assert response.status_code == 200
    assert field in response.context["form"].errors
    entrepreneur.organisation.refresh_from_db()
    assert entrepreneur.organisation.name == original


def test_it_refuses_a_kvk_number_of_another_organisation(client, entrepreneur, groningen):
    OrganisationFactory(kvk_number="11112222", municipality=groningen)
    client.force_login(entrepreneur)

    response = client.post(reverse("accounts:organisation_edit"), {"name": "X", "kvk_number": "11112222"})

    assert "kvk_number" in response.context["form"].errors


def test_a_save_says_when_an_organisation_moved_to_another_municipality(groningen, haarlem):
    sent = []

    def record(*, organisation, previous, **_signal):
        sent.append((organisation.pk, previous, organisation.municipality_id))

    organisation_moved.connect(record)
    try:
        organisation = OrganisationFactory(municipality=groningen)  # a new one: nobody moved
        organisation.name = "Nieuwe naam"
        organisation.save()
        Organisation.objects.get(pk=organisation.pk).save()
        assert sent == []

        read = Organisation.objects.get(pk=organisation.pk)
        read.municipality = haarlem
        read.save()
        read.save()  # saved again where it already is
        assert sent == [(organisation.pk, groningen.pk, haarlem.pk)]

        deferred = Organisation.objects.only("name").get(pk=organisation.pk)
        deferred.name = "Alleen de naam"
        deferred.save()  # its municipality neither read nor saved
        deferred.municipality = groningen
        deferred.save()  # its municipality not read: sent, as it may have moved
        assert sent[1:] == [(organisation.pk, None, groningen.pk)]
    finally:
        organisation_moved.disconnect(record)
