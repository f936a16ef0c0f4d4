"""`{% own_face as face %}`: the municipality's face that a page shows, or None for the neutral look.

A page about one municipality's object (a need, a challenge, a supplier) passes that municipality as
`page_municipality`; any other page shows the signed-in user's municipality."""

from django import template

from accounts.selectors import OwnFace, face_municipality_of, own_face_of

register = template.Library()


@register.simple_tag(takes_context=True)
def own_face(context: template.Context) -> OwnFace | None:
    municipality = context.get("page_municipality")
    request = context.get("request")
    if municipality is None and request is not None:
        municipality = face_municipality_of(request.user)
    return own_face_of(municipality)
