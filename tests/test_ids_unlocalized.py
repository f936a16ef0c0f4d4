"""Numbers that are keys, not quantities: with the thousands separator on (settings.USE_THOUSAND_SEPARATOR), a
template writes the key 1154 as "1.154" in Dutch, and a link, a hidden field or a checkbox that carries it breaks
once a municipality has a thousand needs or matches. Templates write keys with `unlocalize`."""

import re
from pathlib import Path

from django.conf import settings
from django.urls import reverse

from tests.factories import OrganisationFactory, UserFactory
from tests.matching.factories import NeedFactory

ROOT = Path(settings.BASE_DIR)
# a key written into a template as a plain variable: `{{ need.pk }}`, `{{ line.action_line_id }}`
KEY = re.compile(r"\{\{ *([a-zA-Z_.]*(?:\.pk|_id)) *\}\}")
# names of elements, not keys (texts such as "theme-caption" or "id_email")
NOT_KEYS = {"caption_id", "result.chart_id", "chart.chart_id", "error.field_id", "errors.field_id"}


def test_every_template_writes_the_keys_it_shows_without_a_thousands_separator():
    written = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in ROOT.glob("**/templates/**/*.html")
        if ".venv" not in path.parts and "node_modules" not in path.parts
        for match in KEY.finditer(path.read_text())
        if match.group(1) not in NOT_KEYS and not match.group(1).endswith(("auto_id", "id_for_label"))
    ]
    assert written == []


def test_the_help_button_of_the_thousandth_need_links_to_its_proposal(client, groningen):
    need = NeedFactory(pk=12345, municipality=groningen)
    entrepreneur = UserFactory(
        role="entrepreneur", organisation=OrganisationFactory(municipality=groningen, kind="enterprise")
    )
    client.force_login(entrepreneur)

    page = client.get(reverse("matching:need_detail", kwargs={"pk": need.pk})).content.decode()

    assert f'{reverse("matching:match_propose")}?need=12345"' in page
    assert "12.345" not in page
