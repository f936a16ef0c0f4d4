"""Reporting's part of a user's personal data: the council letters a coordinator wrote, approved or generated.

A letter that was approved or published is the municipality's record (its PDF and frozen text and figures stay
as they were sent); a draft loses the erased person as its author (name and phone), the frozen text of its
unapproved versions loses them too, and every version loses the name of who generated it. The links to the
anonymised account stay. Their notes on network figures (what worked) are deleted.
"""

from core.privacy import ERASED, personal_data_eraser, personal_data_exporter, scrub

from .models import FigureNote, Letter, LetterListVisit, LetterVersion


@personal_data_exporter("council_letters")
def export_letters(user) -> dict:
    return {
        "letters_written": [
            {
                "subject": letter.subject,
                "year": letter.year,
                "author": letter.author_name,
                "phone": letter.phone,
                "status": letter.status,
            }
            for letter in Letter.objects.filter(created_by=user).order_by("created_at")
        ],
        "letters_approved": [letter.subject for letter in Letter.objects.filter(approved_by=user)],
        "letters_last_edited": [letter.subject for letter in Letter.objects.filter(last_edited_by=user)],
        "council_letters_last_visited": [
            visit.visited_at.isoformat() for visit in LetterListVisit.objects.filter(user=user)
        ],
        "versions_generated": [
            {
                "letter": version.letter.subject,
                "generated_by": version.author_name,
                "at": version.created_at.isoformat(),
            }
            for version in LetterVersion.objects.filter(author=user).select_related("letter").order_by("created_at")
        ],
        "network_notes": [
            {"figure": note.figure, "text": note.text, "at": note.created_at.isoformat()}
            for note in FigureNote.objects.filter(author=user).order_by("created_at", "pk")
        ],
    }


@personal_data_eraser
def erase_letters(user) -> None:
    LetterListVisit.objects.filter(user=user).delete()
    FigureNote.objects.filter(author=user).delete()  # their own words about what worked go with them
    LetterVersion.objects.filter(author=user).update(author_name="")
    drafts = Letter.objects.filter(status=Letter.Status.DRAFT)
    drafts.filter(author_name=user.name).update(author_name=ERASED)
    if user.phone:
        drafts.filter(phone=user.phone).update(phone="")
    # The frozen text of versions that were never approved loses the person too (their PDF is a working copy).
    approved = Letter.objects.exclude(approved_version=None).values("approved_version")
    identifiers = [user.name, user.email, user.phone]
    for version in LetterVersion.objects.exclude(pk__in=approved).filter(letter__in=drafts):
        content = scrub(version.content, identifiers)
        if content != version.content:
            version.content = content
            version.save(update_fields=["content"])
