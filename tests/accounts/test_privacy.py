import json

import pytest
from django.urls import reverse

from accounts.models import AccountAction, Organisation, User
from core.models import AuditEvent
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_it_downloads_the_users_data_as_json(client, entrepreneur):
    client.force_login(entrepreneur)

    response = client.get(reverse("accounts:my_data_download"))

    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["account"]["email"] == entrepreneur.email
    assert data["organisation"]["kvk_number"] == entrepreneur.organisation.kvk_number


def test_it_erases_the_own_account_after_the_password_is_confirmed(client, entrepreneur):
    client.force_login(entrepreneur)
    organisation = entrepreneur.organisation

    response = client.post(reverse("accounts:my_account_erase"), {"password": PASSWORD, "confirm": "on"})

    assert response.status_code == 302
    user = User.objects.get(pk=entrepreneur.pk)
    assert user.email.endswith("@erased.invalid")
    assert entrepreneur.name not in user.name
    assert not user.is_active
    assert not user.has_usable_password()
    organisation.refresh_from_db()
    assert organisation.closed_at is not None
    assert AuditEvent.objects.get().action == AccountAction.ERASED_BY_USER
    assert "_auth_user_id" not in client.session


def test_it_refuses_erasure_with_a_wrong_password_and_changes_nothing(client, entrepreneur):
    client.force_login(entrepreneur)

    response = client.post(reverse("accounts:my_account_erase"), {"password": "wrong", "confirm": "on"})

    assert response.status_code == 200
    assert "Dit wachtwoord klopt niet." in response.content.decode()
    entrepreneur.refresh_from_db()
    assert entrepreneur.is_active
    assert not AuditEvent.objects.exists()


def test_it_keeps_an_organisation_open_while_another_member_remains(client, entrepreneur):
    colleague = UserFactory(role="entrepreneur", organisation=entrepreneur.organisation)
    client.force_login(entrepreneur)

    client.post(reverse("accounts:my_account_erase"), {"password": PASSWORD, "confirm": "on"})

    assert Organisation.objects.get(pk=colleague.organisation_id).closed_at is None


def test_a_coordinator_erases_an_account_on_request_and_the_audit_trail_records_it(client, coordinator, entrepreneur):
    client.force_login(coordinator)

    response = client.post(
        reverse("accounts:member_erase", args=[entrepreneur.pk]),
        {"reason": "Verzoek per brief van 3 november", "confirm": "on"},
    )

    assert response.status_code == 302
    assert not User.objects.get(pk=entrepreneur.pk).is_active
    event = AuditEvent.objects.get()
    assert event.actor == coordinator
    assert event.action == AccountAction.ERASED_ON_REQUEST
    assert event.reason == "Verzoek per brief van 3 november"


def test_a_coordinator_of_another_municipality_cannot_erase(client, other_coordinator, entrepreneur):
    client.force_login(other_coordinator)

    response = client.post(reverse("accounts:member_erase", args=[entrepreneur.pk]), {"reason": "x", "confirm": "on"})

    assert response.status_code == 404
    assert User.objects.get(pk=entrepreneur.pk).is_active


def test_an_erased_user_cannot_log_in(client, entrepreneur):
    email = entrepreneur.email
    client.force_login(entrepreneur)
    client.post(reverse("accounts:my_account_erase"), {"password": PASSWORD, "confirm": "on"})

    assert not client.login(email=email, password=PASSWORD)
