"""One Dutch voice: formal "u" everywhere (also in allauth's pages, messages and e-mails), "Inloggen" for logging
in and "Registreren" for signing up, and e-mails that greet with the portal's name."""

import ast
import html
import re
from dataclasses import dataclass, field
from pathlib import Path

import allauth
import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from accounts.models import Theme
from procurement import imports
from procurement.models import RegisterImport
from programmes.challenges.models import Juror, Stage
from tests.challenges.factories import ApplicationFactory, ChallengeFactory
from tests.factories import UserFactory
from tests.procurement.factories import RegisterImportFactory

ROOT = Path(__file__).resolve().parent.parent
PROJECT_CATALOGUES = sorted(
    path for path in ROOT.glob("**/locale/nl/LC_MESSAGES/django.po") if ".venv" not in path.parts
)
ALLAUTH_CATALOGUE = Path(allauth.__file__).parent / "locale" / "nl" / "LC_MESSAGES" / "django.po"
# allauth's parts the portal does not install: their strings never reach a page.
NOT_INSTALLED = re.compile(r"^(templates/)?(idp|usersessions|headless)/")

INFORMAL = re.compile(r"\b(je|jij|jou|jouw|jullie|jezelf)\b", re.IGNORECASE)
# "Aanmelden" for an account action; "aanmelding" (a supplier registration, a challenge application) is another word.
ACCOUNT_AANMELDEN = re.compile(r"\b(aanmelden|afmelden|aanmeldcode|afgemeld|meld\w* (je|u) (aan|af))\b", re.IGNORECASE)
PASSWORD = "Zon-op-de-Grote-Markt-2026"


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str = ""
    msgctxt: str | None = None
    msgstrs: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    obsolete: bool = False


_FIELD = re.compile(r'^(#~ )?(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+(".*")\s*$')
_CONTINUATION = re.compile(r'^(#~ )?(".*")\s*$')


def catalogue_entries(path: Path) -> list[Entry]:
    """The entries of a .po file (blocks apart by a blank line): enough of gettext's format to read what each
    string says in Dutch."""
    found = []
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
        entry, fields, key = Entry(), {}, ""
        for line in block.splitlines():
            if line.startswith("#:"):
                entry.references += line[2:].split()
            elif match := _FIELD.match(line):
                entry.obsolete, key = bool(match[1]), match[2]
                fields[key] = ast.literal_eval(match[3])
            elif (match := _CONTINUATION.match(line)) and key:
                fields[key] += ast.literal_eval(match[2])
        if fields.get("msgid"):
            entry.msgid, entry.msgid_plural = fields["msgid"], fields.get("msgid_plural", "")
            entry.msgctxt = fields.get("msgctxt")
            entry.msgstrs = [value for name, value in fields.items() if name.startswith("msgstr")]
            found.append(entry)
    return found


def dutch_as_the_portal_says_it(entry: Entry) -> list[str]:
    """What Django gives for this msgid in Dutch: the project's catalogue first, then the apps' ones."""
    with translation.override("nl"):
        if entry.msgid_plural:
            return [
                translation.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, n)
                if entry.msgctxt
                else translation.ngettext(entry.msgid, entry.msgid_plural, n)
                for n in (1, 2)
            ]
        if entry.msgctxt:
            return [translation.pgettext(entry.msgctxt, entry.msgid)]
        return [translation.gettext(entry.msgid)]


def allauth_entries_in_use() -> list[Entry]:
    return [
        entry
        for entry in catalogue_entries(ALLAUTH_CATALOGUE)
        if not entry.obsolete and any(not NOT_INSTALLED.match(reference) for reference in entry.references)
    ]


def visible_text(page: str) -> str:
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.DOTALL)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def test_the_reader_finds_the_entries_of_a_catalogue():
    entries = catalogue_entries(ALLAUTH_CATALOGUE)

    assert len(entries) > 300
    (sign_in,) = [entry for entry in entries if entry.msgid == "Sign In" and not entry.obsolete]
    assert sign_in.msgstrs and "templates/account/login.html:5" in sign_in.references


@pytest.mark.parametrize("catalogue", PROJECT_CATALOGUES, ids=[str(p.relative_to(ROOT)) for p in PROJECT_CATALOGUES])
def test_the_portals_dutch_says_u_and_never_je(catalogue):
    informal = [
        text
        for entry in catalogue_entries(catalogue)
        if not entry.obsolete
        for text in entry.msgstrs
        if INFORMAL.search(text)
    ]

    assert not informal, informal


def test_allauths_dutch_as_the_portal_uses_it_says_u_and_inloggen():
    wrong = [
        (entry.msgid, text)
        for entry in allauth_entries_in_use()
        for text in dutch_as_the_portal_says_it(entry)
        if INFORMAL.search(text) or ACCOUNT_AANMELDEN.search(text)
    ]

    assert not wrong, "\n".join(f"{msgid!r}: {text!r}" for msgid, text in wrong)


@pytest.mark.parametrize(
    ("msgid", "dutch"),
    [
        ("Log in", "Inloggen"),
        ("Sign In", "Inloggen"),
        ("Sign up", "Registreren"),
        ("Sign Up", "Registreren"),
        ("Log out", "Uitloggen"),
        ("Sign Out", "Uitloggen"),
    ],
)
def test_logging_in_is_inloggen_and_signing_up_is_registreren(msgid, dutch):
    with translation.override("nl"):
        assert translation.gettext(msgid) == dutch


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url_name",
    [
        "accounts:home_page",
        "account_login",
        "account_signup",
        "account_reset_password",
        "account_reset_password_done",
        "account_email_verification_sent",
    ],
)
def test_the_pages_before_logging_in_say_u_and_inloggen(client, url_name):
    response = client.get(reverse(url_name))

    text = visible_text(response.content.decode())
    assert response.status_code == 200
    assert not INFORMAL.search(text), INFORMAL.findall(text)
    assert not ACCOUNT_AANMELDEN.search(text), ACCOUNT_AANMELDEN.findall(text)


@pytest.mark.django_db
def test_the_login_page_and_the_menu_say_inloggen_and_registreren(client):
    text = visible_text(client.get(reverse("account_login")).content.decode())

    assert "Inloggen" in text and "Registreren" in text
    assert "Aanmelden" not in text


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url_name",
    [
        "start",
        "accounts:organisation",
        "accounts:my_data",
        "mfa_index",
        "account_reauthenticate",
        "account_email",
        "account_change_password",
        "account_logout",
        "matching:need_list",
        "procurement:directory",
        "reporting:public_letters",
        "challenges:public_challenge_list",
    ],
)
def test_the_pages_after_logging_in_say_u(client, entrepreneur, url_name):
    client.force_login(entrepreneur)

    response = client.get(reverse(url_name))

    text = visible_text(response.content.decode())
    assert response.status_code == 200
    assert not INFORMAL.search(text), INFORMAL.findall(text)
    if url_name.startswith(("account_", "mfa_")):  # elsewhere "Aanmelden als impactleverancier" is no account action
        assert not ACCOUNT_AANMELDEN.search(text), ACCOUNT_AANMELDEN.findall(text)


@pytest.mark.django_db
def test_the_verification_mail_greets_with_the_portals_name_and_says_u(client, groningen):
    theme = Theme.objects.create(code=Theme.Code.CARE)
    signup = {
        "name": "Fatima El Amrani",
        "email": "fatima@kringloop.nl",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "organisation_name": "Kringloop De Vondst",
        "kind": "initiative",
        "municipality": groningen.pk,
        "themes": [theme.pk],
    }

    client.post(reverse("account_signup"), signup)

    (message,) = mail.outbox
    assert message.body.startswith("Hallo van Impactportaal!")
    assert "Bedankt dat u Impactportaal gebruikt." in message.body
    assert "testserver" not in message.body.split("http")[0]
    assert not INFORMAL.search(message.subject + message.body), INFORMAL.findall(message.body)


@pytest.mark.django_db
def test_the_password_reset_mail_greets_with_the_portals_name_and_says_u(client):
    UserFactory(email="jan@helpdesk050.nl", language="nl")

    client.post(reverse("account_reset_password"), {"email": "jan@helpdesk050.nl"})

    (message,) = mail.outbox
    assert message.body.startswith("Hallo van Impactportaal!")
    assert "uw wachtwoord" in message.body
    assert not INFORMAL.search(message.subject + message.body), INFORMAL.findall(message.body)


# ---------------------------------------------------------------- counts in messages read as Dutch


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("count", "said"),
    [
        (1, "1 aanmelding verplaatst naar “Geselecteerd”; de aanmelder is per e-mail op de hoogte gebracht."),
        (2, "2 aanmeldingen verplaatst naar “Geselecteerd”; de aanmelders zijn per e-mail op de hoogte gebracht."),
    ],
)
def test_moving_applications_counts_them_in_dutch(client, coordinator, groningen, count, said):
    challenge = ChallengeFactory(action_line__programme__municipality=groningen)
    applications = ApplicationFactory.create_batch(
        count, challenge=challenge, stage=Stage.ASSESSED, furthest_stage=Stage.ASSESSED
    )
    client.force_login(coordinator)

    response = client.post(
        reverse("challenges:challenge_bulk", kwargs={"pk": challenge.pk}),
        {"applications": [application.pk for application in applications], "action": "stage:selected"},
        follow=True,
    )

    assert said in messages_of(response)


@pytest.mark.django_db
def test_assigning_one_review_says_one_assessment(client, coordinator, groningen):
    challenge = ChallengeFactory(action_line__programme__municipality=groningen)
    Juror.objects.create(challenge=challenge, user=UserFactory(role="jury", municipality=groningen))
    application = ApplicationFactory(challenge=challenge)
    client.force_login(coordinator)

    response = client.post(
        reverse("challenges:challenge_bulk", kwargs={"pk": challenge.pk}),
        {"applications": [application.pk], "action": "assign:all"},
        follow=True,
    )

    assert "1 nieuwe beoordeling toegewezen." in messages_of(response)


@pytest.mark.django_db
def test_an_import_with_one_bad_row_says_one_row(coordinator):
    register_import = RegisterImportFactory(
        municipality=coordinator.municipality,
        content="naam;kvk;postcode;plaats;email;telefoon;categorieen;aanbod\n"
        "Leverancier;123;9711 GH;Groningen;info@leverancier.example.nl;050 123 4567;catering;Lunch",
    )

    with pytest.raises(ValidationError) as error:
        imports.register_import_confirm(
            register_import=register_import, user=coordinator, skip_invalid=False, verify=True
        )

    assert error.value.messages == [
        "1 regel bevat fouten. Verbeter het bestand, of kies ervoor die regel over te slaan."
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("result", "said"),
    [
        ({"created": 1, "updated": 0, "skipped": 1}, "1 nieuwe leverancier, 0 bijgewerkt, 1 regel overgeslagen."),
        ({"created": 2, "updated": 1, "skipped": 0}, "2 nieuwe leveranciers, 1 bijgewerkt, 0 regels overgeslagen."),
    ],
)
def test_a_finished_import_counts_suppliers_and_rows_in_dutch(client, coordinator, result, said):
    register_import = RegisterImportFactory(
        municipality=coordinator.municipality,
        status=RegisterImport.Status.IMPORTED,
        result=result | {"not_attached": 0, "not_attached_lines": []},
    )
    client.force_login(coordinator)

    page = client.get(reverse("procurement:register_import_preview", kwargs={"pk": register_import.pk}))

    assert f"Dit bestand is geïmporteerd: {said}" in " ".join(visible_text(page.content.decode()).split())
