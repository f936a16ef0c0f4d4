"""The HTML of the pages every role sees, in Dutch and in English, written one file per page, to compare two
checkouts byte for byte (a change to the page frame, templates/base.html and its navigation, that must not
change a single byte of any page):

    DATABASE_URL=postgres://.../impactportaal_x .venv/bin/python bench/page_snapshots.py OUT_DIR
    (the same in the other checkout, with another OUT_DIR)
    diff -r OUT_DIR_A OUT_DIR_B

It runs with the production settings (DEBUG off: the real 404 and 403 pages) on a database with the demo data
(`manage.py seed_demo`) and changes nothing in it: everything, the extra people it signs in too, happens in one
transaction that is rolled back. Per person it asks a fixed set of pages (the start page, a list of each app,
the dashboard, the directory, notifications, the accessibility statement, a supplier's profile, a page that
does not exist) and every link of their navigation, so the navigation's aria-current is compared on each page
it marks. What differs from one run to the next, the masked CSRF token and how many minutes a request has waited, is
replaced by a placeholder; the people it makes have fixed ids.
"""

import os
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "impactportal.settings")
os.environ |= {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "a-snapshot-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
    "DJANGO_ALLOWED_HOSTS": "localhost",
    "DJANGO_SECURE_SSL_REDIRECT": "0",
    "LOG_LEVEL": "ERROR",
}

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from accounts import services  # noqa: E402
from accounts.models import User  # noqa: E402

CSRF = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]+(")')
WAITING = re.compile(r"\b(wacht|waiting) \d+\s(minuten|minuut|minutes|minute)\b")  # how long since the data was made
NAV = re.compile(r'<ul id="portal-nav-list".*?</ul>', re.S)
HREF = re.compile(r'href="([^"]+)"')


class Rollback(Exception):
    pass


def people() -> dict[str, User]:
    """The first person of each role, the administrator, and a few made for the occasion (rolled back)."""
    chosen: dict[str, User] = {}
    for role in User.Role.values:
        first = User.objects.filter(role=role, is_active=True, is_staff=False).order_by("pk").first()
        if first is not None:
            chosen[role] = first
    staff = User.objects.filter(is_staff=True, is_active=True).order_by("pk").first()
    if staff is not None:
        chosen["staff"] = staff
    coach = User.objects.filter(email="coach1@impactportaal.test").first()
    if coach is not None:
        chosen["coach"] = coach
    made: dict[str, dict[str, Any]] = {
        "entrepreneur_without_organisation": {"role": User.Role.ENTREPRENEUR},
        "coordinator_without_municipality": {"role": User.Role.COORDINATOR},
        "staff_coordinator": {"role": User.Role.COORDINATOR, "is_staff": True, "municipality": "groningen"},
        "staff_entrepreneur": {"role": User.Role.ENTREPRENEUR, "is_staff": True, "organisation": True},
    }
    for number, (key, fields) in enumerate(made.items(), start=1):
        if fields.pop("municipality", None):
            fields["municipality"] = chosen["coordinator"].municipality
        if fields.pop("organisation", None):
            fields["organisation"] = chosen["entrepreneur"].organisation
        user = User.objects.create(pk=10**6 + number, email=f"{key}@snapshot.test", name=key, **fields)
        if user.needs_second_factor:
            services.user_activate_totp(user=user, secret="SNAPSHOTSNAPSHOTSNAPSHOT")  # noqa: S106  # a test-only authenticator
        chosen[key] = user
    return chosen


def fixed_paths() -> list[str]:
    from procurement.models import Supplier

    paths = [
        "/",
        reverse("start"),
        reverse("core:accessibility"),
        reverse("notifications:list"),
        reverse("programmes:dashboard"),
        reverse("programmes:programme_list"),
        reverse("challenges:challenge_list"),
        reverse("matching:need_list"),
        reverse("matching:offer_list"),
        reverse("procurement:directory"),
        reverse("reporting:letter_list"),
        reverse("surveys:survey_list"),
        reverse("accounts:my_data"),
        "/bestaat-niet/",
    ]
    supplier = Supplier.objects.listed().order_by("pk").first()
    if supplier is not None:
        paths.append(reverse("procurement:supplier_profile", kwargs={"pk": supplier.pk}))
    return paths


def name_of(path: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "_", path).strip("_") or "root"


def snapshot(out: Path) -> int:
    written = 0
    paths = fixed_paths()
    for key, user in [("anonymous", None), *people().items()]:
        for language in ("nl", "en"):
            client = Client(SERVER_NAME="localhost")
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
            if user is not None:
                client.force_login(user)
            asked = list(paths)
            seen: set[str] = set()
            while asked:
                path = asked.pop(0)
                if path in seen:
                    continue
                seen.add(path)
                response = client.get(path)
                body = response.content.decode() if response.status_code == 200 or response.status_code >= 400 else ""
                body = WAITING.sub("WAITING", CSRF.sub(r"\1CSRF\2", body))
                target = out / key / language / f"{name_of(path)}.html"
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(f"{response.status_code} {response.get('Location', '')}\n{body}")
                written += 1
                nav = NAV.search(body)
                if nav:  # every link of the navigation, except the administration's own pages
                    asked += [href for href in HREF.findall(nav.group(0)) if not href.startswith("/beheer/")]
    return written


def main() -> None:
    out = Path(sys.argv[1])
    counted = 0
    try:
        with transaction.atomic():
            counted = snapshot(out)
            raise Rollback
    except Rollback:
        pass
    print(f"{counted} pages written to {out}")


if __name__ == "__main__":
    main()
