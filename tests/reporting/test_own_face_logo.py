"""The council letter's PDF carries the municipality's logo once an administrator has set one."""

import io

from django.core.files.base import ContentFile
from pypdf import PdfReader

from reporting import renderer, services
from tests.accounts.permission_table import PNG_PIXEL


def images_on_first_page(pdf: bytes) -> list[str]:
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    return [image.name for image in page.images]


def test_the_letter_pdf_carries_the_municipality_logo(small_letter, groningen):
    groningen.logo.save("groningen-logo.png", ContentFile(PNG_PIXEL))

    content, figures = services.frozen_or_live(small_letter)
    result = renderer.render_pdf(content, figures)

    assert result.refused == []
    assert len(images_on_first_page(result.pdf)) == 1


def test_a_letter_without_a_logo_has_no_image(small_letter):
    content, figures = services.frozen_or_live(small_letter)
    result = renderer.render_pdf(content, figures)

    assert images_on_first_page(result.pdf) == []
