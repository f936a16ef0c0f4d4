"""Reads for reporting, each scoped to the user's municipality; anything else is a 404.

- Coordinators of a municipality see and manage all its letters and their versions.
- Approvers of a municipality (e.g. the alderman's office) see its letters and their versions, and approve them.
- Council members (and coordinators and approvers) of a municipality read its published letters.
- Anyone reads the published letters a municipality made public.
"""

from collections.abc import Collection

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.selectors import municipality_of
from core import audit, todo
from programmes.models import ActionLine, Programme

from .models import Letter, LetterListVisit, LetterVersion

COORDINATORS = {User.Role.COORDINATOR}
APPROVERS = {User.Role.COORDINATOR, User.Role.APPROVER}
READERS = {User.Role.COORDINATOR, User.Role.COUNCIL, User.Role.APPROVER}


def _letters() -> QuerySet[Letter]:
    return Letter.objects.select_related("programme__municipality", "approved_version")


def letters_for_coordinator(user: User, *, roles: Collection[str] = COORDINATORS) -> QuerySet[Letter]:
    municipality = municipality_of(user, roles=roles)
    return _letters().filter(programme__municipality=municipality).order_by("-year", "programme__name")


def letter_for_coordinator(user: User, pk: int) -> Letter:
    return get_object_or_404(letters_for_coordinator(user), pk=pk)


def letters_for_approver(user: User) -> QuerySet[Letter]:
    """The municipality's letters for those who manage or approve them."""
    return letters_for_coordinator(user, roles=APPROVERS)


def letter_for_approver(user: User, pk: int) -> Letter:
    return get_object_or_404(letters_for_approver(user).select_related("last_edited_by", "approved_by"), pk=pk)


def programmes_for_letters(user: User) -> QuerySet[Programme]:
    return Programme.objects.filter(municipality=municipality_of(user, roles=COORDINATORS))


def action_line_of(letter: Letter, pk: int) -> ActionLine:
    return get_object_or_404(ActionLine.objects.filter(programme_id=letter.programme_id), pk=pk)


def sections_of(letter: Letter) -> list[dict]:
    """Every action line of the letter's programme with its section (None when not yet written)."""
    sections = {section.action_line_id: section for section in letter.sections.all()}
    return [
        {"action_line": line, "section": sections.get(line.pk)}
        for line in ActionLine.objects.filter(programme_id=letter.programme_id).order_by("number")
    ]


def letter_history(letter: Letter, *, limit: int = 50) -> list[dict]:
    """The letter's audit trail, newest first: each entry with, for an approval, who last changed the letter
    before it was approved (four eyes). Two queries."""
    entries = list(audit.entries_of(letter).select_related("actor")[:limit])
    editor_ids = {entry.details.get("last_edited_by_id") for entry in entries if isinstance(entry.details, dict)}
    editor_ids.discard(None)
    editors = User.objects.in_bulk(editor_ids) if editor_ids else {}
    return [
        {
            "entry": entry,
            "last_editor": editors.get(entry.details.get("last_edited_by_id"))
            if isinstance(entry.details, dict)
            else None,
        }
        for entry in entries
    ]


def versions_of(letter: Letter) -> QuerySet[LetterVersion]:
    """The letter's PDF jobs and versions, newest first."""
    return LetterVersion.objects.filter(letter=letter).defer("content", "figures").select_related("author")


def version_for_coordinator(user: User, pk: int, *, roles: Collection[str] = COORDINATORS) -> LetterVersion:
    municipality = municipality_of(user, roles=roles)
    return get_object_or_404(
        LetterVersion.objects.select_related("letter__programme__municipality"),
        pk=pk,
        letter__programme__municipality=municipality,
    )


def published_letters_for(user: User) -> QuerySet[Letter]:
    """The published letters of the reader's municipality, newest year first."""
    municipality = municipality_of(user, roles=READERS)
    return (
        _letters()
        .filter(programme__municipality=municipality, status=Letter.Status.PUBLISHED)
        .order_by("-year", "-published_at", "-pk")
    )


def new_since_last_visit(user: User, letters: list[Letter]) -> set[int]:
    """The ids of those `letters` published since the reader last opened their list (all of them on the first
    visit), and remember this visit. Two queries."""
    last_visit = LetterListVisit.objects.filter(user=user).values_list("visited_at", flat=True).first()
    LetterListVisit.objects.bulk_create(
        [LetterListVisit(user=user, visited_at=timezone.now())],
        update_conflicts=True,
        unique_fields=["user"],
        update_fields=["visited_at"],
    )
    return {
        letter.pk
        for letter in letters
        if last_visit is None or (letter.published_at is not None and letter.published_at > last_visit)
    }


def published_letter_for(user: User, pk: int) -> Letter:
    return get_object_or_404(published_letters_for(user), pk=pk)


def public_letters() -> QuerySet[Letter]:
    return (
        _letters()
        .filter(status=Letter.Status.PUBLISHED, is_public=True)
        .order_by("-year", "programme__municipality__name", "-pk")
    )


def public_letter(pk: int) -> Letter:
    return get_object_or_404(public_letters(), pk=pk)


def job_state(version: LetterVersion) -> dict:
    """The state of a PDF job as the status page and its polling script show it."""
    return {
        "id": version.pk,
        "status": version.status,
        "label": str(version.get_status_display()),
        "badge": LetterVersion.Status(version.status).badge,
        "finished": version.is_finished,
        "number": version.number,
        "version_label": str(version) if version.number else "",
        "failure": str(version.get_failure_display()) if version.failure else "",
        "can_retry": version.can_retry,
        "download_url": reverse("reporting:version_download", kwargs={"pk": version.pk})
        if version.status == LetterVersion.Status.READY
        else "",
    }


# ---------------------------------------------------------------- start page (open work, oldest first)


def start_letters_to_approve(user: User) -> todo.TodoList:
    """Draft letters of the municipality with a ready version, which the user may approve (someone else changed
    them last: four eyes), the longest waiting first. One query."""
    ready = LetterVersion.objects.filter(letter=OuterRef("pk"), status=LetterVersion.Status.READY)
    letters = (
        letters_for_approver(user)
        .filter(Exists(ready), status=Letter.Status.DRAFT)
        .exclude(last_edited_by=user)
        .select_related(None)
        .only("pk", "subject", "year", "updated_at")
        .order_by("updated_at", "pk")
    )

    def item(letter: Letter) -> todo.Todo:
        return todo.Todo(
            title=letter.subject, url=reverse("reporting:letter_detail", args=[letter.pk]), since=letter.updated_at
        )

    return todo.todo_list(
        "letters_to_approve", _("Letters awaiting approval"), letters, item, more_url=reverse("reporting:letter_list")
    )


def start_new_letters(user: User) -> todo.TodoList:
    """The letters published since the reader last opened the council's letter list (all of them before the first
    visit), the earliest first. One query; the visit is remembered by the list itself."""
    visits = LetterListVisit.objects.filter(user=user)
    letters = (
        published_letters_for(user)
        .filter(
            Q(published_at__gt=Subquery(visits.values("visited_at")[:1])) | ~Exists(visits),
        )
        .select_related(None)
        .only("pk", "subject", "published_at")
        .order_by("published_at", "pk")
    )

    def item(letter: Letter) -> todo.Todo:
        return todo.Todo(
            title=letter.subject,
            url=reverse("reporting:published_letter", args=[letter.pk]),
            since=letter.published_at,
        )

    return todo.todo_list(
        "new_letters",
        _("Letters published since your last visit"),
        letters,
        item,
        more_url=reverse("reporting:council_letters"),
    )
