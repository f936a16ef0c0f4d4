"""A NUL character, which PostgreSQL refuses in any text, in a query string, a cookie, the path or a form field
is answered with 400 Bad Request (core.middleware), never a 500; nothing else changes.

Before, on PostgreSQL, the coordinator's account search and a session cookie holding a NUL were 500s, and the
other pages answered with a page of their own for a value that means nothing."""

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

NUL = "\x00"


@pytest.mark.parametrize(
    ("page", "parameters"),
    [
        ("procurement:directory", {"q": f"kring{NUL}loop"}),
        ("procurement:directory", {"postcode": NUL, "sort": NUL}),
        ("matching:need_list", {"q": NUL}),
        ("matching:need_list", {"place": f"Groningen{NUL}", "near": NUL}),
        ("matching:offer_list", {"q": NUL}),
        ("account_login", {"next": f"/{NUL}"}),
    ],
)
def test_a_nul_in_the_query_string_of_a_public_page_is_a_400(client, page, parameters):
    response = client.get(reverse(page), parameters)
    assert response.status_code == 400
    assert "Ongeldig verzoek" in response.text


@pytest.mark.parametrize(
    ("page", "parameters"),
    [
        ("programmes:activity_list", {"q": NUL}),
        ("programmes:activity_list", {"year": NUL, "kind": NUL}),
        ("programmes:activity_list", {f"status{NUL}": "planned"}),
        ("accounts:member_list", {"q": f"jansen{NUL}"}),  # was a 500 on PostgreSQL
    ],
)
def test_a_nul_in_the_filters_of_a_coordinators_page_is_a_400(client, coordinator, page, parameters):
    client.force_login(coordinator)
    assert client.get(reverse(page), parameters).status_code == 400
    assert client.get(reverse(page), {"q": "markt"}).status_code == 200


def test_a_nul_in_the_session_cookie_is_a_400(client):
    key = "abcdefghijklmnop\x00qrstuvwxyz01234"  # the length of a session key: it was looked up, a 500 on PostgreSQL
    client.cookies[settings.SESSION_COOKIE_NAME] = key
    assert client.get(reverse("procurement:directory")).status_code == 400
    client.cookies[settings.SESSION_COOKIE_NAME] = key.replace(NUL, "x")
    assert client.get(reverse("procurement:directory")).status_code == 200


def test_a_nul_in_the_path_is_a_400(client):
    assert client.get("/inkoop/leveranciers/%00/").status_code == 400
    assert client.get("/agenda%00/").status_code == 400


def test_a_nul_in_the_login_form_is_a_400(client, entrepreneur):
    entrepreneur.set_password("een-goed-wachtwoord-2026")
    entrepreneur.save()
    response = client.post(reverse("account_login"), {"login": f"{entrepreneur.email}{NUL}", "password": NUL})
    assert response.status_code == 400
    response = client.post(
        reverse("account_login"), {"login": entrepreneur.email, "password": "een-goed-wachtwoord-2026"}
    )
    assert response.status_code == 302


def test_a_nul_in_a_question_is_a_400_and_nothing_is_stored(client, groningen):
    from programmes.models import Question

    data = {"municipality": groningen.pk, "name": "A", "email": "a@example.nl", "subject": NUL, "body": f"x{NUL}"}
    assert client.post(reverse("programmes:question_ask"), data).status_code == 400
    assert not Question.objects.exists()


def test_a_file_sent_with_a_form_is_not_looked_at(client, entrepreneur):
    """Only the form's text fields are looked at; a file may hold any bytes."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(entrepreneur)
    upload = SimpleUploadedFile("logo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00", content_type="image/png")
    response = client.post(reverse("programmes:question_ask"), {"subject": "x", "attachment": upload})
    assert response.status_code != 400
