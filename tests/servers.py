"""Real servers for fault tests and benchmarks: gunicorn with the production settings, and a TCP
proxy in front of PostgreSQL that can be cut and restored to play a database restart."""

import contextlib
import os
import selectors
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(**extra: str) -> dict:
    """The environment of a production process on loopback: DEBUG off, no TLS proxy in front."""
    return (
        {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
        | {
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": "a-test-only-production-secret-key-0123456789-abcdefghijklmnop",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
        }
        | extra
    )


def collect_static(static_root: Path) -> None:
    """collectstatic with the production storage (hashed names and a manifest)."""
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=production_env(DJANGO_STATIC_ROOT=str(static_root)),
        check=True,
    )


@contextmanager
def gunicorn(env: dict, *, workers: int = 2, threads: int = 1):
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "impactportal.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--no-control-socket",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(url, process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


def wait_until_serving(url: str, process, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn stopped with {process.returncode}")
        try:
            urllib.request.urlopen(url + "/", timeout=2)  # noqa: S310 (loopback)
            return
        except (urllib.error.URLError, ConnectionError, OSError):
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start serving")


class TcpProxy:
    """Forwards 127.0.0.1:<port> to a target; `cut()` drops every connection and refuses new ones."""

    def __init__(self, target_host: str, target_port: int):
        self.target = (target_host, target_port)
        self.port = free_port()
        self._listener: socket.socket | None = None
        self._stop = threading.Event()
        self._connections: list[socket.socket] = []
        self._lock = threading.Lock()

    def start(self) -> None:
        self._stop.clear()
        listener = self._listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def cut(self) -> None:
        self._stop.set()
        if self._listener is not None:
            self._listener.close()
        with self._lock:
            for connection in self._connections:
                with contextlib.suppress(OSError):
                    connection.shutdown(socket.SHUT_RDWR)
                connection.close()
            self._connections.clear()

    def _accept(self, listener: socket.socket) -> None:
        while not self._stop.is_set():
            try:
                client, _ = listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._connections += [client, upstream]
            threading.Thread(target=self._pipe, args=(client, upstream), daemon=True).start()

    def _pipe(self, a: socket.socket, b: socket.socket) -> None:
        selector = selectors.DefaultSelector()
        # Each socket is registered with the pair (itself, the socket its bytes go to).
        selector.register(a, selectors.EVENT_READ, (a, b))
        selector.register(b, selectors.EVENT_READ, (b, a))
        try:
            while not self._stop.is_set():
                for key, _ in selector.select(timeout=0.5):
                    source, target = key.data
                    data = source.recv(65536)
                    if not data:
                        return
                    target.sendall(data)
        except OSError:
            return
        finally:
            selector.close()
            a.close()
            b.close()
