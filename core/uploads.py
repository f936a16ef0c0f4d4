"""Uploads that survive a failed submit.

When a form with a file and other fields fails (a question left empty, a deadline in the past), the person should
not have to choose the file again. The view holds each valid new upload in temporary storage, recorded in the
person's session under a scope of its own (the form and its object: "challenge-12-application"); the next submit
of that form uses the held file unless a new one is chosen, and the successful one releases it. Nothing is held
for anyone else: the session knows the stored names, and they are random. Files held longer than a day (a session
that ended, a form never sent again) are deleted by the daily task `core.erase_stale_held_uploads`.

    files = uploads.with_held_files(request, scope) if request.method == "POST" else None
    form = SomeForm(request.POST or None, files)
    ... on success: uploads.release_uploads(request, scope)
    ... on failure: uploads.hold_uploads(request, scope, form); on a first visit: uploads.show_held(...)
"""

import datetime
import os
import secrets

from django import forms
from django.core.files import File
from django.core.files.storage import default_storage
from django.http import HttpRequest
from django.utils import timezone
from django.utils.datastructures import MultiValueDict

SESSION_KEY = "held_uploads"
HOLD_DIRECTORY = "held-uploads"
HOLD_FOR = datetime.timedelta(days=1)
FILENAME_MAX = 100


def _held(request: HttpRequest, scope: str) -> dict[str, dict[str, str]]:
    return dict(request.session.get(SESSION_KEY, {}).get(scope, {}))


def _store(request: HttpRequest, scope: str, held: dict[str, dict[str, str]]) -> None:
    everything = dict(request.session.get(SESSION_KEY, {}))
    if held:
        everything[scope] = held
    else:
        everything.pop(scope, None)
    request.session[SESSION_KEY] = everything


def with_held_files(request: HttpRequest, scope: str) -> MultiValueDict:
    """The request's uploads, plus the held file of every field for which no new file was chosen."""
    files: MultiValueDict[str, File] = MultiValueDict()
    for name, chosen in request.FILES.lists():
        files.setlist(name, [*chosen])
    for name, entry in _held(request, scope).items():
        if name not in files and default_storage.exists(entry["name"]):
            files[name] = File(default_storage.open(entry["name"], "rb"), name=entry["filename"])
    return files


def hold_uploads(request: HttpRequest, scope: str, form: forms.BaseForm) -> None:
    """After a failed submit: hold every new upload of the form that passed its own field's checks, so the next
    submit finds it; show it on the form ("Attached: pitch.pdf")."""
    held = _held(request, scope)
    for name in request.FILES:
        upload = request.FILES.get(name)
        if upload is None or name not in form.fields or name in form.errors:
            continue
        if name in held:
            default_storage.delete(held[name]["name"])
        filename = os.path.basename(upload.name or "")[-FILENAME_MAX:] or "upload"
        upload.seek(0)
        extension = os.path.splitext(filename)[1].lower()
        extension = extension if extension[1:].isalnum() and len(extension) <= 10 else ""
        stored = default_storage.save(f"{HOLD_DIRECTORY}/{secrets.token_urlsafe(24)}{extension}", upload)
        held[name] = {"name": stored, "filename": filename, "held_at": timezone.now().isoformat()}
    _store(request, scope, held)
    show_held(request, scope, form)


def show_held(request: HttpRequest, scope: str, form: forms.BaseForm) -> None:
    """Tell the file fields of the form which file is held for them (HeldFileInput shows its name)."""
    for name, entry in _held(request, scope).items():
        widget = form.fields[name].widget if name in form.fields else None
        if isinstance(widget, HeldFileInput) and name not in form.errors:
            widget.held_filename = entry["filename"]


def release_uploads(request: HttpRequest, scope: str) -> None:
    """After a successful submit (or when the person removes the file): delete what was held for the scope."""
    for entry in _held(request, scope).values():
        default_storage.delete(entry["name"])
    _store(request, scope, {})


def erase_stale_held_uploads(now: datetime.datetime | None = None) -> int:
    """Delete the held files older than HOLD_FOR, whoever's they were; returns how many."""
    cutoff = (now or timezone.now()) - HOLD_FOR
    erased = 0
    try:
        _directories, names = default_storage.listdir(HOLD_DIRECTORY)
    except FileNotFoundError:
        return 0
    for name in names:
        path = f"{HOLD_DIRECTORY}/{name}"
        if default_storage.get_modified_time(path) < cutoff:
            default_storage.delete(path)
            erased += 1
    return erased


class HeldFileInput(forms.ClearableFileInput):
    """A file input that says which file is already attached after a failed submit; choosing another replaces it."""

    template_name = "django/forms/widgets/held_file.html"
    held_filename = ""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["held_filename"] = self.held_filename
        return context
