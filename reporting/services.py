"""Writes for reporting: starting and editing a council letter, generating its PDF versions,
approving, publishing and making it public.

The PDF job: `version_request` freezes the letter's text and live figures into a new version in
one transaction and enqueues the task once that transaction has committed. If the broker cannot
be reached the version is marked failed with a plain reason, so nothing is left half-written and
the coordinator can queue it again with `version_retry`.
"""

import json
import logging
import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import FilteredRelation, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from kombu.exceptions import OperationalError

from accounts.models import User
from core.datachanges import kept_until_data_changes
from core.services import model_update
from core.transitions import transition
from notifications.services import notify
from programmes.models import ActionLine, Programme

from . import drafts, renderer
from . import figures as figure_catalogue
from .models import Letter, LetterSection, LetterVersion
from .tasks import render_letter_version

if TYPE_CHECKING:
    from django.utils.safestring import SafeString

logger = logging.getLogger(__name__)

LETTER_FIELDS = (
    "subject",
    "author_name",
    "phone",
    "attachments",
    "our_reference",
    "letter_date",
    "your_letter_of",
    "your_reference",
    "introduction",
    "developments",
    "closing",
)
PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5, "interval_max": 1}


# ---------------------------------------------------------------- the letter's text


def default_subject(programme: Programme, year: int, *, language: str = settings.LANGUAGE_CODE) -> str:
    """ "Update actieprogramma Ondernemen met impact 2021": the programme's name without its period, and the year."""
    with translation.override(language):
        return drafts.subject(programme, year)


@transaction.atomic
def letter_create(*, programme: Programme, year: int, user: User, **fields) -> Letter:
    """Start the letter of a programme and year with a first draft written from the year's records (see
    reporting.drafts): a section per action line with its default figures, its progress text and activities,
    and the Inleiding, Ontwikkelingen and Tot slot of the latest earlier letter. Fields given win."""
    if year not in programme.years:
        raise ValidationError({"year": _("Choose a year within the programme's period.")})
    if Letter.objects.filter(programme=programme, year=year).exists():
        raise ValidationError({"year": _("This programme already has a letter for this year.")})
    language = fields.pop("language", None) or Letter._meta.get_field("language").get_default()
    with translation.override(language):
        draft = drafts.first_draft(programme, year)
        subject = fields.pop("subject", None) or drafts.subject(programme, year)
    for name in ("introduction", "developments", "closing"):
        fields[name] = fields.get(name) or getattr(draft, name)
    letter = Letter(
        programme=programme,
        year=year,
        language=language,
        subject=subject,
        author_name=fields.pop("author_name", None) or user.name,
        phone=fields.pop("phone", None) or user.phone,
        letter_date=fields.pop("letter_date", None) or timezone.localdate(),
        created_by=user,
        last_edited_by=user,
        **fields,
    )
    letter.full_clean()
    letter.save()
    LetterSection.objects.bulk_create(
        [
            LetterSection(
                letter=letter,
                action_line=action_line,
                figure_groups=figure_catalogue.default_groups_for(action_line.number),
                body=draft.sections.get(action_line.number, ""),
            )
            for action_line in programme.action_lines.order_by("number")
        ]
    )
    return letter


def section_for(letter: Letter, action_line: ActionLine) -> LetterSection:
    """The letter's section of an action line, made with the default figure groups when missing."""
    section, _ = LetterSection.objects.get_or_create(
        letter=letter,
        action_line=action_line,
        defaults={"figure_groups": figure_catalogue.default_groups_for(action_line.number)},
    )
    return section


def _ensure_editable(letter: Letter) -> None:
    if not letter.is_editable:
        raise ValidationError(_("An approved or published letter can no longer be changed."))


@transaction.atomic
def letter_update(*, letter: Letter, user: User, **fields) -> Letter:
    _ensure_editable(letter)
    unknown = set(fields) - set(LETTER_FIELDS)
    if unknown:
        raise TypeError(f"letter_update() got an unexpected field {sorted(unknown)[0]!r}")
    model_update(instance=letter, fields=(*LETTER_FIELDS, "last_edited_by"), data={**fields, "last_edited_by": user})
    return letter


@transaction.atomic
def section_update(*, letter: Letter, action_line: ActionLine, body: str, figure_groups: list[str], user: User):
    _ensure_editable(letter)
    if action_line.programme_id != letter.programme_id:
        raise ValidationError(_("This action line belongs to another programme."))
    unknown = set(figure_groups) - set(figure_catalogue.GROUPS)
    if unknown:
        raise ValidationError(_("Unknown figure groups: %(groups)s") % {"groups": ", ".join(sorted(unknown))})
    section = section_for(letter, action_line)
    section.body = body
    section.figure_groups = [key for key in figure_catalogue.GROUPS if key in figure_groups]
    section.full_clean()
    section.save()
    _edited_by(letter, user)
    return section


def _edited_by(letter: Letter, user: User) -> None:
    """Remember who last changed the letter (its text, a section, or by generating a version): not its approver."""
    Letter.objects.filter(pk=letter.pk).update(updated_at=timezone.now(), last_edited_by=user)
    letter.last_edited_by = user


# ---------------------------------------------------------------- what a version freezes


def letter_content(letter: Letter, sections: dict[int, LetterSection] | None = None) -> dict:
    """The letter's text, letterhead and section layout as JSON: what a version keeps and renders.

    `sections` ({action line id: section}) lets the live preview pass unsaved text."""
    programme = letter.programme
    municipality = programme.municipality
    action_lines = []
    with translation.override(letter.language):
        for pk, number, title, goal, body, groups in _action_lines_with_sections(letter, sections or {}):
            if groups is None:
                groups = figure_catalogue.default_groups_for(number)
            action_lines.append(
                {
                    "action_line_id": pk,
                    "number": number,
                    "title": title,
                    "goal": goal,
                    "body": body,
                    "figure_groups": list(groups),
                    "boxes": [
                        {
                            "group": key,
                            "label": str(figure_catalogue.GROUPS[key].label),
                            "figures": figure_catalogue.box_for(key, number),
                        }
                        for key in groups
                        if key in figure_catalogue.GROUPS
                    ],
                    "charts": [
                        figure_catalogue.CHART_OF_GROUP[key] for key in groups if key in figure_catalogue.CHART_OF_GROUP
                    ],
                }
            )
    return {
        "letter_id": letter.pk,
        "language": letter.language,
        "year": letter.year,
        "programme": {"name": programme.name, "period": programme.period},
        "municipality": {
            "name": municipality.name,
            "slug": municipality.slug,
            "place_name": municipality.place_name,
            "address": municipality.address,
            "postcode": municipality.postcode,
            "phone": municipality.phone,
            "website": municipality.website,
            "website_display": municipality.website.removeprefix("https://").removeprefix("http://"),
            "mayor": municipality.mayor,
            "secretary": municipality.secretary,
            "logo": municipality.logo.name if municipality.logo else "",
        },
        **{name: getattr(letter, name) for name in LETTER_FIELDS if name != "letter_date"},
        "letter_date": letter.letter_date.isoformat() if isinstance(letter.letter_date, date) else "",
        "action_lines": action_lines,
    }


def _action_lines_with_sections(letter: Letter, sections: dict[int, LetterSection]) -> list[tuple]:
    """(id, number, title, goal, body, figure groups) of each action line of the letter's programme, by number: its
    section's body and groups from `sections` ({action line id: unsaved section}), else from the saved section, else
    an empty body and None for the groups. The action lines and their saved sections in one query."""
    rows = (
        ActionLine.objects.filter(programme_id=letter.programme_id)
        .annotate(saved=FilteredRelation("letter_sections", condition=Q(letter_sections__letter=letter)))
        .order_by("number")
        .values_list("pk", "number", "title", "goal", "saved__pk", "saved__body", "saved__figure_groups")
    )
    lines = []
    for pk, number, title, goal, saved_pk, body, groups in rows:
        if pk in sections:
            body, groups = sections[pk].body, sections[pk].figure_groups
        elif saved_pk is None:
            body, groups = "", None
        lines.append((pk, number, title, goal, body, groups))
    return lines


def live_figures(letter: Letter) -> dict:
    """The live figures with their chart titles and series in the letter's language, not the viewer's. Kept until
    the data they are read from changes (read-only: they are shared)."""
    return _kept_figures(letter.programme, letter.year, letter.language, timezone.localdate())


def figures_counted_now(letter: Letter) -> dict:
    """The live figures counted afresh, for a version to freeze."""
    return _counted_figures(letter.programme, letter.year, letter.language)


def _counted_figures(programme: Programme, year: int, language: str) -> dict:
    with translation.override(language):
        return figure_catalogue.collect(programme, year)


@kept_until_data_changes(maxsize=64)
def _kept_figures(programme: Programme, year: int, language: str, today: date) -> dict:
    """`today` is a key only: some figures count up to today (matches in preparation), so a new day counts anew."""
    return _counted_figures(programme, year, language)


@dataclass
class Draft:
    """A draft's live figures, the draft as it will print with them marked, and the editor's table of the figures
    one can insert with their values (per action lines and language of the viewer, made when first asked for)."""

    figures: dict
    preview_html: str
    _tables: dict = field(default_factory=dict)

    def figure_table(self, action_line_numbers: list[int]) -> "SafeString":
        key = (tuple(action_line_numbers), translation.get_language())
        if key not in self._tables:
            self._tables[key] = figure_catalogue.catalogue_rows(action_line_numbers, self.figures["values"])
        return self._tables[key]


def draft_of(letter: Letter, content: dict) -> Draft:
    """The draft of `content` (letter_content's, maybe with unsaved text). Kept until the text or the data changes:
    the editor shows it on every page, and its preview on every pause in typing."""
    key = json.dumps(content, sort_keys=True)
    return _draft_of(key, letter.programme, letter.year, letter.language, timezone.localdate())


@kept_until_data_changes(maxsize=32)
def _draft_of(content_json: str, programme: Programme, year: int, language: str, today: date) -> Draft:
    figures = _kept_figures(programme, year, language, today)
    return Draft(figures, renderer.letter_body_html(json.loads(content_json), figures, mark_figures=True))


def letter_html(letter: Letter) -> str:
    """The letter as it will print: a draft's preview with its live figures marked (kept, as the editor's), else
    the approved version's text and figures."""
    if letter.is_editable and letter.approved_version_id is None:
        return draft_of(letter, letter_content(letter)).preview_html
    content, figures = frozen_or_live(letter)
    return renderer.letter_body_html(content, figures, mark_figures=letter.is_editable)


def frozen_or_live(letter: Letter) -> tuple[dict, dict]:
    """The approved version's content and figures once approved; the live ones while a draft."""
    version = letter.approved_version
    if version is not None:
        return version.content, version.figures
    return letter_content(letter), live_figures(letter)


# ---------------------------------------------------------------- the PDF job


def _enqueue(version_pk: int, task_id: str) -> None:
    """Hand the job to the broker; if it cannot be reached, say so on the version."""
    try:
        render_letter_version.apply_async(args=(version_pk,), task_id=task_id, retry_policy=PUBLISH_RETRY_POLICY)
    except OperationalError as error:
        logger.warning("letter version %s could not be queued: %s", version_pk, error)
        LetterVersion.objects.mark_failed(
            version_pk, failure=LetterVersion.Failure.NOT_QUEUED, error=f"{type(error).__name__}: {error}"
        )


def _freeze_version(letter: Letter, user: User) -> LetterVersion:
    _ensure_editable(letter)
    content = letter_content(letter)
    figure_catalogue.refuse_unknown_figures(content)
    _edited_by(letter, user)
    return LetterVersion.objects.create(
        letter=letter,
        content=content,
        figures=figures_counted_now(letter),
        task_id=str(uuid.uuid4()),
        author=user,
        author_name=user.name or user.email,
    )


@transaction.atomic
def version_request(*, letter: Letter, user: User) -> LetterVersion:
    """Freeze the letter's text and figures into a new version and queue its PDF job after commit."""
    version = _freeze_version(letter, user)
    transaction.on_commit(lambda: _enqueue(version.pk, version.task_id))
    return version


def version_make_now(*, letter: Letter, user: User) -> LetterVersion:
    """Freeze a new version and render its PDF in this process, without the broker (for the demo data)."""
    version = _freeze_version(letter, user)
    render_letter_version(version.pk)
    version.refresh_from_db()
    return version


@transaction.atomic
def version_retry(*, version: LetterVersion, user: User) -> LetterVersion:
    """Queue a failed (or lost) job again, with the same frozen text and figures."""
    if not version.can_retry:
        raise ValidationError(_("Only a failed job can be tried again."))
    task_id = str(uuid.uuid4())
    requeued = LetterVersion.objects.filter(
        pk=version.pk,
        status=version.status,
        status__in=LetterVersion.Status.sources(LetterVersion.Status.QUEUED),
        attempts=version.attempts,
    ).update(
        status=LetterVersion.Status.QUEUED, task_id=task_id, failure="", error="", finished_at=None, started_at=None
    )
    if not requeued:
        raise ValidationError(_("This job has changed in the meantime; look again."))
    transaction.on_commit(lambda: _enqueue(version.pk, task_id))
    version.refresh_from_db()
    return version


# ---------------------------------------------------------------- approval and publication


def _move(letter: Letter, to: str, *, user: User, prepare=None, **updates) -> Letter:
    return transition(
        letter,
        to=to,
        actor=user,
        municipality=letter.programme.municipality,
        updates=updates,
        prepare=prepare,
        message=_("A letter that is %(current)s cannot become %(new)s."),
    )


def approval_refusal(letter: Letter, user: User) -> str | None:
    """Why `user` may not approve `letter` now (four eyes), in words; None when they may."""
    if not (user.is_coordinator or user.is_letter_approver) or user.municipality_id != letter.municipality.pk:
        return str(_("Only a coordinator or an approver of the municipality can approve a council letter."))
    if letter.last_edited_by_id is not None and letter.last_edited_by_id == user.pk:
        return str(
            _(
                "You were the last to change this letter, so someone else approves it (four eyes): another "
                "coordinator or an approver of the municipality."
            )
        )
    return None


@transaction.atomic
def letter_approve(*, letter: Letter, version: LetterVersion, user: User) -> Letter:
    """Approve one ready version: its text and figures are the letter from now on. The approver is not the
    person who last changed the letter (four eyes); the audit entry names both."""
    last_editor: dict[str, object] = {}

    def check_version(letter: Letter) -> None:
        if version.letter_id != letter.pk or version.status != LetterVersion.Status.READY:
            raise ValidationError(_("Only a ready version of this letter can be approved."))
        refusal = approval_refusal(letter, user)
        if refusal:
            raise ValidationError(refusal)
        figure_catalogue.refuse_unknown_figures(version.content)
        last_editor.update(
            last_edited_by_id=letter.last_edited_by_id,
            last_edited_by_role=getattr(letter.last_edited_by, "role", ""),
        )

    return transition(
        letter,
        to=Letter.Status.APPROVED,
        actor=user,
        municipality=letter.programme.municipality,
        updates={"approved_version": version, "approved_at": timezone.now(), "approved_by": user},
        prepare=check_version,
        message=_("A letter that is %(current)s cannot become %(new)s."),
        details=last_editor,
    )


@transaction.atomic
def letter_reopen(*, letter: Letter, user: User) -> Letter:
    """Withdraw the approval of a letter that has not been published, to change it again."""
    return _move(letter, Letter.Status.DRAFT, user=user, approved_version=None, approved_at=None, approved_by=None)


@transaction.atomic
def letter_publish(*, letter: Letter, user: User, public: bool = False) -> Letter:
    """Publish the approved version to the municipality's council members (and to everyone if public)."""
    letter = _move(letter, Letter.Status.PUBLISHED, user=user, published_at=timezone.now(), is_public=public)
    council = User.objects.filter(
        role=User.Role.COUNCIL, municipality_id=letter.programme.municipality_id, is_active=True
    )
    params = {"subject": letter.subject, "year": letter.year, "municipality": letter.programme.municipality.name}
    notify(
        event="letter_published",
        key=f"letter:{letter.pk}:published",
        recipients=council,
        params=params,
        url=reverse("reporting:published_letter", kwargs={"pk": letter.pk}),
        mail_template="reporting/email/letter_published",
        mail_context=params,
    )
    return letter


@transaction.atomic
def letter_set_public(*, letter: Letter, public: bool, user: User) -> Letter:
    if letter.status != Letter.Status.PUBLISHED:
        raise ValidationError(_("Only a published letter can be made public."))
    Letter.objects.filter(pk=letter.pk).update(is_public=public)
    letter.is_public = public
    return letter


# ---------------------------------------------------------------- for operators


def letter_render_now(*, letter: Letter) -> renderer.RenderResult:
    """Render the letter synchronously (the approved version once approved, else the live draft)."""
    content, figures = frozen_or_live(letter)
    return renderer.render_pdf(content, figures)
