"""model_update: a service changes the fields it names, validated, and saves only those."""

import pytest
from django.core.exceptions import FieldDoesNotExist, ValidationError

from accounts.models import Organisation
from core.services import model_update
from tests.factories import OrganisationFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def test_it_changes_the_named_fields_that_the_data_holds_and_nothing_else():
    organisation = OrganisationFactory(name="De Vondst", city="Groningen", website="")

    _, changed = model_update(
        instance=organisation, fields=["name", "website"], data={"name": "De Vondst BV", "city": "Haren"}
    )

    organisation.refresh_from_db()
    assert changed
    assert (organisation.name, organisation.city, organisation.website) == ("De Vondst BV", "Groningen", "")


def test_it_leaves_a_change_someone_else_saved_to_another_field_in_place():
    organisation = OrganisationFactory(name="De Vondst", city="Groningen")
    Organisation.objects.filter(pk=organisation.pk).update(city="Haren")  # saved meanwhile by another request

    model_update(instance=organisation, fields=["name"], data={"name": "De Vondst BV"})

    organisation.refresh_from_db()
    assert (organisation.name, organisation.city) == ("De Vondst BV", "Haren")


def test_it_says_whether_anything_changed_and_moves_updated_at():
    organisation = OrganisationFactory(name="De Vondst")
    before = organisation.updated_at

    assert model_update(instance=organisation, fields=["name"], data={"name": "De Vondst"})[1] is False
    assert model_update(instance=organisation, fields=["name"], data={"name": "Kringloop"})[1] is True
    organisation.refresh_from_db()
    assert organisation.updated_at > before


def test_it_validates_before_it_saves():
    organisation = OrganisationFactory(kvk_number="70100001")

    with pytest.raises(ValidationError) as raised:
        model_update(instance=organisation, fields=["kvk_number"], data={"kvk_number": "123"})

    assert "kvk_number" in raised.value.error_dict
    organisation.refresh_from_db()
    assert organisation.kvk_number == "70100001"


def test_it_sets_many_to_many_fields_after_saving():
    organisation = OrganisationFactory()
    food, care = ThemeFactory(code="food"), ThemeFactory(code="care")

    model_update(instance=organisation, fields=["themes"], data={"themes": [food, care]})

    assert set(organisation.themes.all()) == {food, care}


def test_it_saves_a_new_instance_whole(groningen):
    organisation = Organisation(municipality=groningen, kind=Organisation.Kind.ENTERPRISE)

    _, changed = model_update(instance=organisation, fields=["name"], data={"name": "Nieuw"})

    assert changed and Organisation.objects.get(pk=organisation.pk).name == "Nieuw"


def test_a_field_the_model_does_not_have_is_a_mistake():
    with pytest.raises(FieldDoesNotExist):
        model_update(instance=OrganisationFactory(), fields=["colour"], data={"colour": "blue"})
