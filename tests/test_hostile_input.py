"""Every form of the portal, posted with hostile and random data, answers with a form error or a 4xx,
never a 500, and stores nothing that fails the models' own validation.

The forms are found by walking every page of the permission tables as a role that may see it and
reading the <form method="post"> elements in its HTML, so a form added later is covered without
writing anything here.
"""

import random
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.permissions import OK
from tests.test_permissions import CASES, _world_once, world  # noqa: F401  (the world fixture)

# Who looks at a page to find its forms: the first of these roles that may see it.
LOOKERS = ("coordinator", "entrepreneur", "initiative", "buyer", "council_member", "anonymous", "other_coordinator")
# Forms on every page whose effect would end the test's session rather than test a form.
SKIPPED_ACTIONS = ("/account/logout/",)

HOSTILE_VALUES = [
    "",
    " ",
    "x" * 20_000,
    "<script>alert('xss')</script>",
    '"><img src=x onerror=alert(1)>',
    "'; DROP TABLE accounts_user; --",
    "1 OR 1=1",
    "-1",
    "99999999999999999999999999",
    "1e309",
    "NaN",
    "2020-13-45",
    "0000-00-00T25:61",
    "\x00\x01\x02",
    "Ω≈ç√∫ ŝŧřįñğ 🦄 \u202e\u200b",
    "../../../../etc/passwd",
    "javascript:alert(1)",
    "http://169.254.169.254/latest/meta-data/",
    "[[figure_that_does_not_exist]] {{ settings.SECRET_KEY }} {% debug %}",
]


class PostForms(HTMLParser):
    """The POST forms of a page: their action and their fields."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict] = []
        self._form = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("method", "get").lower() == "post":
            self._form = {"action": attrs.get("action") or "", "fields": {}, "files": set(), "choices": {}}
            self.forms.append(self._form)
        elif self._form is None or not attrs.get("name"):
            if tag == "option" and self._form is not None and self._select:
                self._form["choices"].setdefault(self._select, []).append(attrs.get("value", ""))
            return
        elif tag == "input":
            kind = attrs.get("type", "text")
            if kind == "file":
                self._form["files"].add(attrs["name"])
            elif kind not in ("submit", "button", "image", "reset"):
                self._form["fields"][attrs["name"]] = attrs.get("value", "")
        elif tag in ("textarea", "select"):
            self._form["fields"][attrs["name"]] = ""
            self._select = attrs["name"] if tag == "select" else None

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def looker(case):
    if case.method != "get":
        return None
    return next((role for role in LOOKERS if case.expect[role] == OK), None)


FORM_CASES = [case for case in CASES if looker(case)]


def hostile_payloads(form, seed):
    rng = random.Random(seed)
    names = [name for name in form["fields"] if name != "csrfmiddlewaretoken"]
    for value in HOSTILE_VALUES:
        yield dict.fromkeys(names, value)
    for _ in range(5):  # random junk, and valid choices mixed with junk
        payload = {}
        for name in names:
            choices = form["choices"].get(name)
            if choices and rng.random() < 0.5:
                payload[name] = rng.choice(choices)
            else:
                payload[name] = "".join(chr(rng.randint(1, 0x2FFF)) for _ in range(rng.randint(0, 300)))
        yield payload


def model_instances_that_fail_validation():
    failures = []
    for model in apps.get_models():
        if model._meta.app_label not in {"accounts", "programmes", "matching", "procurement", "reporting", "surveys"}:
            continue
        for instance in model.objects.all()[:500]:
            try:
                instance.full_clean(validate_unique=False, validate_constraints=False)
            except ValidationError as error:
                failures.append((model.__name__, instance.pk, error.message_dict))
    return failures


@pytest.mark.parametrize("case", FORM_CASES, ids=[case.id for case in FORM_CASES])
def test_every_form_survives_hostile_input(client, world, case):  # noqa: F811
    role = looker(case)
    if role != "anonymous":
        client.force_login(world.users[role])
    url = reverse(case.url_name, kwargs=case.kwargs(world))
    page = client.get(url)
    assert page.status_code == OK
    if page.streaming or not page["Content-Type"].startswith("text/html"):
        return  # a download, not a page with forms
    parser = PostForms()
    parser.feed(page.content.decode())
    forms = [form for form in parser.forms if not form["action"].startswith(SKIPPED_ACTIONS)]

    for number, form in enumerate(forms):
        target = form["action"] or url
        for payload in hostile_payloads(form, seed=hash((case.id, number)) & 0xFFFF):
            files = {
                name: SimpleUploadedFile("pitch.pdf", b"%PDF-1.4 <script>", "application/pdf") for name in form["files"]
            }
            response = client.post(target, payload | files)
            assert response.status_code < 500, f"{target} as {role} with {str(payload)[:200]}: {response.status_code}"
        invalid_bytes = client.generic(
            "POST", target, b"name=%ff%fe%00&x=\xff\xfe", "application/x-www-form-urlencoded"
        )
        assert invalid_bytes.status_code < 500, f"{target} with invalid UTF-8: {invalid_bytes.status_code}"
        if role != "anonymous" and "_auth_user_id" not in client.session:
            client.force_login(world.users[role])  # a form (e.g. erasing one's account) may log the user out

    assert model_instances_that_fail_validation() == []
