"""No text a person typed is ever rendered as HTML.

Markup goes into every free text of the portal (what coordinators write: programmes, action lines,
activities, challenges with their questions and criteria, letters, purchase requests; and what everyone
else writes); then every page of the permission tables is fetched as every role that may see it, and the
markup must be there as text, never as a live tag.
"""

from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.db import models
from django.db.models.functions import Concat
from django.urls import reverse

from reporting import markup
from tests.challenges.factories import (
    ApplicationFactory,
    ChallengeFactory,
    ChallengeQuestionFactory,
    CriterionFactory,
    ReviewFactory,
)
from tests.permissions import OK, ROLES
from tests.test_permissions import CASES, _world_once, world  # noqa: F401  (the world fixture)

MARKUP = '"><img src=x onerror=alert(1)><b>vet</b>'
LIVE = ("<img src=x onerror=alert(1)>", "<b>vet</b>")
ESCAPED = "&lt;b&gt;vet&lt;/b&gt;"
APPS = {"accounts", "programmes", "challenges", "matching", "procurement", "reporting"}
NOT_FREE_TEXT = (models.EmailField, models.SlugField, models.URLField)
# Not typed text: a password hash; a register import's raw file (the preview parses it: its cells are rows).
NOT_TYPED = {"password", "content"}


def free_text_fields(model) -> list[str]:
    return [
        field.name
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
        and not isinstance(field, NOT_FREE_TEXT)
        and not field.choices
        and not field.primary_key
        and field.name not in NOT_TYPED
        and (field.max_length is None or field.max_length >= 150)
    ]


def put_markup_in_every_free_text() -> None:
    """Every free text of every row starts with the markup (the text after it keeps unique values unique)."""
    for model in apps.get_models():
        if model._meta.app_label in APPS:
            fields = free_text_fields(model)
            if fields:
                model._default_manager.update(
                    **{
                        name: Concat(models.Value(MARKUP), models.F(name), output_field=models.TextField())
                        for name in fields
                    }
                )


def assert_shown_as_text(response, where: str) -> str:
    html = response.content.decode()
    for tag in LIVE:
        assert tag not in html, f"{where}: typed markup rendered as HTML"
    return html


PAGE_CASES = [case for case in CASES if case.method == "get" and OK in case.expect.values()]


@pytest.mark.parametrize("case", PAGE_CASES, ids=[case.id for case in PAGE_CASES])
def test_every_page_shows_typed_markup_as_text_to_every_role(client, world, case):  # noqa: F811
    kwargs = case.kwargs(world)
    put_markup_in_every_free_text()
    url = reverse(case.url_name, kwargs=kwargs)
    for role in ROLES:
        if case.expect[role] != OK:
            continue
        client.logout()
        if role != "anonymous":
            client.force_login(world.users[role])
        response = client.get(url)
        assert response.status_code == OK, f"{url} as {role}: {response.status_code}"
        if not response.streaming and response["Content-Type"].startswith("text/html"):
            assert_shown_as_text(response, f"{url} as {role}")


@pytest.fixture
def challenge(groningen):
    challenge = ChallengeFactory(action_line__programme__municipality=groningen, call_text=MARKUP)
    ChallengeQuestionFactory(challenge=challenge, text=MARKUP, help_text=MARKUP, required=False)
    CriterionFactory(challenge=challenge, name=MARKUP, description=MARKUP)
    return challenge


def test_an_applicant_sees_the_questions_and_their_explanation_as_text(client, entrepreneur, challenge):
    client.force_login(entrepreneur)
    response = client.get(reverse("challenges:challenge_apply", kwargs={"pk": challenge.pk}))
    html = assert_shown_as_text(response, "the application form")
    assert html.count(ESCAPED) >= 3  # the call, the question and its explanation


def test_a_juror_sees_the_criteria_and_their_description_as_text(client, challenge, jury_member):
    review = ReviewFactory(application=ApplicationFactory(challenge=challenge), juror=jury_member)
    client.force_login(jury_member)
    response = client.get(reverse("challenges:review_edit", kwargs={"pk": review.pk}))
    html = assert_shown_as_text(response, "the review form")
    assert html.count(ESCAPED) >= 2  # the criterion's name and its description


def test_a_coordinator_sees_the_questions_and_criteria_as_text_on_the_editing_pages(client, coordinator, challenge):
    client.force_login(coordinator)
    for name in ("challenge_questions", "challenge_criteria", "challenge_detail"):
        response = client.get(reverse(f"challenges:{name}", kwargs={"pk": challenge.pk}))
        assert_shown_as_text(response, name)


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.seen: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.seen.append((tag, attrs))


def test_the_letter_narrative_lets_only_its_allow_list_through():
    text = "\n\n".join(
        [
            MARKUP,
            "**bold** *italic* [site](https://example.org) [mail](mailto:a@example.org) [[known]] [[unknown]]",
            '<a href="javascript:alert(1)" onclick="x()">a</a> [js](javascript:alert(1)) <span class="x">s</span>',
            "<div><table><tr><td>t</td></tr></table><h1>h</h1><iframe></iframe><svg onload=alert(1)></svg></div>",
            "1. one\n2. two\n\n- a\n- b",
            "`code` ![image](https://example.org/x.png) <style>p{}</style>",
        ]
    )
    html = str(markup.render(text, {"known": {"value": 5, "kind": "count"}}, mark_figures=True).html)
    parser = Tags()
    parser.feed(html)
    assert parser.seen
    for tag, attributes in parser.seen:
        assert tag in markup.ALLOWED_TAGS, html
        for name, value in attributes:
            assert name in markup.ALLOWED_ATTRIBUTES.get(tag, ()), (tag, name)
            if name == "href":
                assert (value or "").startswith(("https:", "http:", "mailto:")), value
    assert ESCAPED in html and "<b>" not in html
