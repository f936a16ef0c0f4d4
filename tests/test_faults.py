"""Faults against the real services: the database goes away under load (CI's PostgreSQL pass), the cache or
the mail server is unreachable, SQLite under concurrent writes, and the proxy in front of the portal."""

import logging
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from conftest import require_postgresql
from programmes.models import Question
from tests.factories import OrganisationFactory, UserFactory
from tests.servers import TcpProxy, collect_static, free_port, gunicorn, production_env


def fetch(url: str, cookie: str) -> int:
    request = urllib.request.Request(url, headers={"Cookie": cookie})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (loopback)
            return response.status
    except urllib.error.HTTPError as error:
        body = error.read().decode(errors="replace")
        if error.code == 503:
            assert "Traceback" not in body and "Impactportaal" in body
        return error.code


@pytest.mark.django_db(transaction=True)
def test_requests_fail_cleanly_while_postgresql_restarts_and_the_portal_serves_again(client, tmp_path) -> None:
    require_postgresql("plays a PostgreSQL restart")
    user = UserFactory(role="entrepreneur", organisation=OrganisationFactory())
    client.force_login(user)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    db = connection.settings_dict
    proxy = TcpProxy(db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432))
    proxy.start()
    collect_static(tmp_path / "static")
    env = production_env(
        DATABASE_URL=f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@127.0.0.1:{proxy.port}/{db['NAME']}",
        DJANGO_STATIC_ROOT=str(tmp_path / "static"),
        MEDIA_ROOT=str(tmp_path / "media"),
    )
    statuses: list[int] = []
    stop = threading.Event()

    with gunicorn(env, workers=2) as url:
        page = url + "/organisatie/"
        assert fetch(page, cookie) == 200

        def load():
            while not stop.is_set():
                statuses.append(fetch(page, cookie))

        workers = [threading.Thread(target=load) for _ in range(4)]
        for worker in workers:
            worker.start()
        time.sleep(1)
        proxy.cut()  # PostgreSQL goes away
        time.sleep(3)
        proxy.start()  # and comes back
        time.sleep(2)
        stop.set()
        for worker in workers:
            worker.join()

        assert set(statuses) <= {200, 503}, sorted(set(statuses))
        assert 503 in statuses
        assert [fetch(page, cookie) for _ in range(10)] == [200] * 10
    proxy.cut()


# The cache (Redis) is unreachable: the portal serves without it and /healthz says so.


@pytest.fixture
def dead_cache(settings):
    """The cache as settings.py builds it for a CACHE_URL, pointing at a port where nothing listens."""
    from impactportal.settings import redis_cache

    settings.CACHES = {"default": redis_cache(f"redis://127.0.0.1:{free_port()}/1")}
    settings.CELERY_BROKER_URL = ""  # the broker is another matter (test_health)


@pytest.mark.django_db
def test_with_the_cache_down_the_public_pages_and_the_login_work_and_healthz_reports_it(
    client, entrepreneur, coordinator, dead_cache, caplog
):
    caplog.set_level(logging.WARNING, logger="core.cache")
    for page in (reverse("procurement:directory"), reverse("matching:need_list"), reverse("account_login")):
        assert client.get(page).status_code == 200, page
    assert client.get(reverse("procurement:directory"), {"q": "kringloop"}).status_code == 200
    assert "The cache cannot be reached" in caplog.text

    entrepreneur.set_password("een-goed-wachtwoord-2026")
    entrepreneur.save()
    response = client.post(
        reverse("account_login"), {"login": entrepreneur.email, "password": "een-goed-wachtwoord-2026"}
    )
    assert response.status_code == 302
    assert client.get(reverse("start"), follow=True).status_code == 200

    client.force_login(coordinator)  # the dashboard keeps its figures in the cache
    assert client.get(reverse("programmes:dashboard")).status_code == 200

    health = client.get(reverse("core:healthz"))
    assert health.json() == {"database": "ok", "broker": "not configured", "cache": "down"}
    assert health.status_code == 200  # the portal works without the cache (see README, Production)


@pytest.mark.django_db(transaction=True)
def test_with_the_cache_down_a_question_is_asked_and_the_form_limit_lets_it_through(client, dead_cache, groningen):
    data = {"municipality": groningen.pk, "name": "Amira", "email": "amira@example.nl", "subject": "Subsidie"}
    response = client.post(reverse("programmes:question_ask"), data | {"body": "Welke subsidie past?"})
    assert response.status_code == 302
    assert Question.objects.filter(email="amira@example.nl").exists()


# The mail server is unreachable: the change is saved, the person sees it succeed, and the mail goes later.


def ask_a_question(client, municipality, email: str):
    data = {"municipality": municipality.pk, "name": "Amira", "email": email, "subject": "Subsidie"}
    return client.post(reverse("programmes:question_ask"), data | {"body": "Welke subsidie past?"}, follow=True)


@pytest.mark.django_db(transaction=True)
def test_with_smtp_down_a_question_is_stored_and_the_asker_is_thanked(client, settings, groningen, caplog):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nothing listens there
    UserFactory(role="coordinator", municipality=groningen)  # is told of the new question

    response = ask_a_question(client, groningen, "amira@example.nl")

    assert response.redirect_chain[-1][0] == reverse("programmes:question_thanks")
    assert response.status_code == 200
    assert Question.objects.filter(email="amira@example.nl").exists()
    assert "could not be sent" in caplog.text


class SmtpCatcher:
    """A mail server that accepts every message and keeps it (just enough SMTP for smtplib)."""

    def __init__(self, port: int):
        import socketserver

        self.messages: list[str] = []
        catcher = self

        class Session(socketserver.StreamRequestHandler):
            def handle(self):
                self.wfile.write(b"220 catcher\r\n")
                data: list[bytes] | None = None
                for line in self.rfile:
                    if data is not None:
                        if line.rstrip(b"\r\n") == b".":
                            catcher.messages.append(b"".join(data).decode(errors="replace"))
                            data = None
                            self.wfile.write(b"250 kept\r\n")
                        else:
                            data.append(line)
                        continue
                    command = line[:4].upper()
                    if command == b"DATA":
                        data = []
                        self.wfile.write(b"354 go on\r\n")
                    elif command == b"QUIT":
                        self.wfile.write(b"221 bye\r\n")
                        return
                    else:
                        self.wfile.write(b"250 ok\r\n")

        socketserver.ThreadingTCPServer.allow_reuse_address = True
        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", port), Session)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def smtp_down_for_the_worker(monkeypatch):
    """The worker's mail server: a port where nothing listens yet; it tries again after 1 s, 2 s, 4 s, ..."""
    port = free_port()
    monkeypatch.setenv("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
    monkeypatch.setenv("EMAIL_HOST", "127.0.0.1")
    monkeypatch.setenv("EMAIL_PORT", str(port))
    monkeypatch.setenv("MAIL_RETRY_SECONDS", "1")
    return port


def test_the_worker_sends_the_mail_once_the_mail_server_is_back(
    client, groningen, smtp_down_for_the_worker, celery_worker
):
    response = ask_a_question(client, groningen, "amira@example.nl")
    assert response.redirect_chain[-1][0] == reverse("programmes:question_thanks")
    assert Question.objects.filter(email="amira@example.nl").exists()

    time.sleep(2)  # the worker's first attempt fails
    catcher = SmtpCatcher(smtp_down_for_the_worker)
    try:
        deadline = time.monotonic() + 30
        while not catcher.messages and time.monotonic() < deadline:
            time.sleep(0.2)
    finally:
        catcher.stop()
    assert len(catcher.messages) == 1
    assert "amira@example.nl" in catcher.messages[0]


# SQLite, the laptop default: several people writing at once wait their turn instead of failing.


def post_form(url: str, path: str, fields: dict, cookie: str) -> int | str:
    import http.client
    from urllib.parse import urlencode, urlsplit

    address = urlsplit(url)
    conversation = http.client.HTTPConnection(address.hostname or "127.0.0.1", address.port, timeout=60)
    headers = {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"}
    try:
        conversation.request("POST", path, body=urlencode(fields), headers=headers)
        response = conversation.getresponse()
        status = response.status
        body = response.read().decode(errors="replace")
    except OSError as error:  # said in the assertion's message, rather than lost in a thread
        return f"{type(error).__name__}: {error}"
    finally:
        conversation.close()
    return status if status == 302 else f"{status}: {body[:300]}"


@pytest.mark.alone
@pytest.mark.django_db(transaction=True)
def test_sixteen_people_asking_at_once_on_a_sqlite_file_all_succeed(client, entrepreneur, tmp_path):
    import sqlite3

    if connection.vendor != "sqlite":
        pytest.skip("about the SQLite file a laptop runs on (CI's first pass)")
    client.force_login(entrepreneur)
    token = "a" * 32  # a CSRF secret of our own, sent as cookie and field
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}; csrftoken={token}"
    database = tmp_path / "portal.sqlite3"  # a file, as on a laptop: the test database, copied
    connection.ensure_connection()
    with sqlite3.connect(database) as copy:
        connection.connection.backup(copy)
        copy.execute("PRAGMA journal_mode=WAL")  # as `migrate` left the laptop's file
    env = production_env(
        DJANGO_DEBUG="1",
        DJANGO_SECRET_KEY=settings.SECRET_KEY,  # that signed the session
        DATABASE_URL=f"sqlite:///{database}",
        MEDIA_ROOT=str(tmp_path / "media"),
    )
    env.pop("CACHE_URL", None)
    env.pop("CELERY_BROKER_URL", None)
    statuses: list[int | str] = []
    start = threading.Barrier(16)

    def ask(number: int) -> None:
        fields = {
            "csrfmiddlewaretoken": token,
            "municipality": entrepreneur.organisation.municipality_id,
            "subject": f"Vraag {number}",
            "body": "Welke subsidie past bij ons?",
        }
        start.wait()
        statuses.append(post_form(url, reverse("programmes:question_ask"), fields, cookie))

    with gunicorn(env, workers=2, threads=8) as url:
        people = [threading.Thread(target=ask, args=(number,)) for number in range(16)]
        for person in people:
            person.start()
        for person in people:
            person.join()

    assert statuses == [302] * 16
    with sqlite3.connect(database) as stored:
        assert stored.execute("SELECT count(*) FROM programmes_question").fetchone() == (16,)


# docker-compose: the portal is reached only through its proxy, which sets the client's address.

ROOT = Path(__file__).resolve().parent.parent


def test_compose_publishes_only_the_proxy_and_web_trusts_exactly_that_proxy():
    import yaml

    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    published = {
        name: [str(port) for port in service.get("ports", []) if not str(port).startswith("127.0.0.1:")]
        for name, service in services.items()
    }
    assert {name for name, ports in published.items() if ports} == {"proxy"}
    assert "ports" not in services["web"]
    assert services["web"]["environment"]["DJANGO_TRUSTED_PROXY_COUNT"] == "1"
    assert "./deploy/nginx.conf:/etc/nginx/nginx.conf:ro" in services["proxy"]["volumes"]

    config = (ROOT / "deploy" / "nginx.conf").read_text()
    directives = [line.split("#")[0].split() for line in config.splitlines() if line.split("#")[0].strip()]
    assert ["server", "web:8000;"] in directives
    assert ["proxy_set_header", "X-Forwarded-For", "$remote_addr;"] in directives  # not appended to the client's
    assert ["proxy_set_header", "X-Forwarded-Proto", "$scheme;"] in directives
    assert "$proxy_add_x_forwarded_for" not in config


@pytest.mark.django_db
def test_behind_one_proxy_a_client_rotating_x_forwarded_for_is_still_limited(client, settings, groningen):
    """What reaches the portal behind one proxy: whatever the client forged, then the address the proxy saw (an
    appending proxy; ours overwrites, leaving only the latter). The portal counts the right-most address."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    data = {"municipality": groningen.pk, "name": "A", "email": "a@example.nl", "subject": "Vraag", "body": "Tekst"}
    statuses = [
        client.post(
            reverse("programmes:question_ask"),
            data | {"email": f"a{n}@example.nl"},
            headers={"x-forwarded-for": f"10.0.0.{n}, 203.0.113.7"},
        ).status_code
        for n in range(7)
    ]
    assert statuses == [302] * 5 + [429] * 2

    # Another client behind the same proxy has a limit of its own.
    data |= {"email": "b@example.nl"}  # the form limits each address it writes to as well
    other = client.post(reverse("programmes:question_ask"), data, headers={"x-forwarded-for": "203.0.113.8"})
    assert other.status_code == 302

    logins = [
        client.post(
            reverse("account_login"),
            {"login": f"iemand{n}@example.nl", "password": "fout"},
            headers={"x-forwarded-for": f"10.1.0.{n}, 203.0.113.9"},
        ).status_code
        for n in range(25)
    ]
    assert 429 in logins  # allauth's login limit (20 a minute per address)


@pytest.mark.django_db(transaction=True)
def test_with_smtp_down_a_password_reset_still_answers_and_the_failure_is_logged(client, settings, caplog):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nothing listens there
    UserFactory(email="sanne@example.nl")

    response = client.post(reverse("account_reset_password"), {"email": "sanne@example.nl"}, follow=True)

    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("account_reset_password_done")
    assert "could not be sent" in caplog.text
