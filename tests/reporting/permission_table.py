"""Who gets what on every page of reporting. Letters belong to Groningen's programme (world.groningen)."""

from django.core.files.base import ContentFile
from django.utils import timezone

from reporting import services
from reporting.models import LetterVersion
from tests.factories import UserFactory
from tests.permissions import LOGIN, NOT_FOUND, OK, REDIRECT, Case, expect
from tests.reporting.factories import letter_about_2020, programme_with_action_lines

BAD_REQUEST = 400
ONE_LINE = [(1, "Professionaliseren", "Impactondernemers helpen.")]
COORDINATOR_ONLY = expect(NOT_FOUND, anonymous=LOGIN, coordinator=OK)
COORDINATOR_ACTION = expect(NOT_FOUND, anonymous=LOGIN, coordinator=REDIRECT)
# What an approver (the alderman's office) may do besides the coordinator: read the letter and approve it.
APPROVERS_READ = expect(NOT_FOUND, anonymous=LOGIN, coordinator=OK, approver=OK)
APPROVERS_ACTION = expect(NOT_FOUND, anonymous=LOGIN, coordinator=REDIRECT, approver=REDIRECT)
# Pages about the user's own municipality: Haarlem's coordinator sees Haarlem's (empty) list.
COORDINATORS = expect(NOT_FOUND, anonymous=LOGIN, coordinator=OK, other_coordinator=OK)
LETTER_STAFF = expect(NOT_FOUND, anonymous=LOGIN, coordinator=OK, other_coordinator=OK, approver=OK)
READERS = expect(NOT_FOUND, anonymous=LOGIN, coordinator=OK, other_coordinator=OK, council_member=OK, approver=OK)
GRONINGEN_READERS = expect(NOT_FOUND, anonymous=LOGIN, coordinator=OK, council_member=OK, approver=OK)
PUBLIC = expect(OK)
# The network of municipalities: colleagues of any municipality read it; a coordinator notes on their own figures
# (Haarlem's coordinator, posting on Groningen's figures, gets the form back with its error).
NETWORK_STAFF = READERS
NETWORK_NOTE = expect(NOT_FOUND, anonymous=LOGIN, coordinator=REDIRECT, other_coordinator=BAD_REQUEST)


def draft_letter(world):
    return letter_about_2020(programme_with_action_lines(world.groningen, lines=ONE_LINE), world.coordinator)


def ready_version(letter, user):
    """A ready version with a stored PDF, made directly: permission tests need no real render."""
    version = LetterVersion.objects.create(
        letter=letter,
        content=services.letter_content(letter),
        figures=services.live_figures(letter),
        status=LetterVersion.Status.READY,
        number=1,
        author=user,
        finished_at=timezone.now(),
    )
    version.file.save(f"letters/test/letter-{letter.pk}.pdf", ContentFile(b"%PDF-1.7\n%test\n"), save=True)
    return version


def approver_of(world):
    """Someone other than the coordinator who wrote the letters (four eyes): Groningen's approver."""
    if "approver" not in world.users:
        world.users["approver"] = UserFactory(role="approver", municipality=world.groningen)
    return world.users["approver"]


def published(world, *, public=False):
    letter = draft_letter(world)
    version = ready_version(letter, world.coordinator)
    services.letter_approve(letter=letter, version=version, user=approver_of(world))
    return services.letter_publish(letter=letter, user=world.coordinator, public=public)


def letter_pk(world):
    return {"pk": draft_letter(world).pk}


def section_kwargs(world):
    letter = draft_letter(world)
    return {"pk": letter.pk, "action_line_pk": letter.programme.action_lines.get().pk}


def version_pk(world):
    letter = draft_letter(world)
    return {"pk": ready_version(letter, world.coordinator).pk}


def approved_letter_pk(world):
    letter = draft_letter(world)
    services.letter_approve(letter=letter, version=ready_version(letter, world.coordinator), user=approver_of(world))
    return {"pk": letter.pk}


def published_pk(world):
    return {"pk": published(world).pk}


def public_pk(world):
    return {"pk": published(world, public=True).pk}


def network_note(world):
    """A note on Groningen's published figures, which take part in the network."""
    type(world.groningen).objects.filter(pk=world.groningen.pk).update(in_network=True, population=233_000)
    letter = published(world)
    return {"version": letter.approved_version_id, "figure": "matches_made", "text": "De beursvloer werkte."}


CASES = [
    Case("start", expect(OK, anonymous=LOGIN)),  # every signed-in person, with their own open work
    # a region's figures and marketplace: its regional coordinator's alone
    Case("regional_dashboard", expect(NOT_FOUND, anonymous=LOGIN, regional=OK)),
    Case("regional_marketplace", expect(NOT_FOUND, anonymous=LOGIN, regional=OK)),
    Case(
        "regional_marketplace",
        expect(NOT_FOUND, anonymous=LOGIN, regional=OK),
        data=lambda w: {"soort": "aanbod"},
        label="offers",
    ),
    Case("reporting:letter_list", LETTER_STAFF),
    Case("reporting:letter_create", COORDINATORS),
    Case("reporting:letter_detail", APPROVERS_READ, kwargs=letter_pk),
    Case("reporting:letter_edit", COORDINATOR_ONLY, kwargs=letter_pk),
    Case("reporting:section_edit", COORDINATOR_ONLY, kwargs=section_kwargs),
    Case("reporting:letter_preview", APPROVERS_READ, kwargs=letter_pk),
    Case(
        "reporting:preview_fragment",
        COORDINATOR_ONLY,
        kwargs=letter_pk,
        method="post",
        data=lambda world: {"subject": "Concept", "introduction": "**Vet**"},
    ),
    Case("reporting:version_generate", COORDINATOR_ACTION, kwargs=letter_pk, method="post"),
    Case("reporting:letter_approve", APPROVERS_ACTION, kwargs=letter_pk, method="post"),
    Case("reporting:letter_reopen", APPROVERS_ACTION, kwargs=approved_letter_pk, method="post"),
    Case("reporting:letter_publish", COORDINATOR_ACTION, kwargs=approved_letter_pk, method="post"),
    Case(
        "reporting:letter_public",
        COORDINATOR_ACTION,
        kwargs=published_pk,
        method="post",
        data=lambda w: {"public": "1"},
    ),
    Case("reporting:version_progress", APPROVERS_READ, kwargs=version_pk),
    Case("reporting:version_retry", COORDINATOR_ACTION, kwargs=version_pk, method="post"),
    Case("reporting:version_download", APPROVERS_READ, kwargs=version_pk),
    Case("reporting:council_letters", READERS),
    Case("reporting:published_letter", GRONINGEN_READERS, kwargs=published_pk),
    Case("reporting:published_pdf", GRONINGEN_READERS, kwargs=published_pk),
    Case("reporting:public_letters", PUBLIC),
    Case("reporting:public_letter", PUBLIC, kwargs=public_pk),
    Case("reporting:public_pdf", PUBLIC, kwargs=public_pk),
    Case("network:public", PUBLIC),
    Case("network:csv", PUBLIC),
    Case("network:staff", NETWORK_STAFF),
    Case("network:note_add", NETWORK_NOTE, method="post", data=network_note),
]
