"""Faults against the real services (run in CI's PostgreSQL pass): the database goes away under load."""

import threading
import time
import urllib.error
import urllib.request

import pytest
from django.conf import settings
from django.db import connection

from conftest import require_postgresql
from tests.factories import OrganisationFactory, UserFactory
from tests.servers import TcpProxy, collect_static, gunicorn, production_env


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
