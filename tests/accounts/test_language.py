import pytest

pytestmark = pytest.mark.django_db


def test_it_speaks_dutch_even_when_the_browser_prefers_english(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    assert '<html lang="nl">' in response.content.decode()
    assert "Naar de inhoud" in response.content.decode()


def test_it_speaks_english_once_the_user_chose_it(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    response = client.get("/")

    assert '<html lang="en">' in response.content.decode()
    assert "Skip to content" in response.content.decode()
