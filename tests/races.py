"""Several people pressing the same button at the same moment: one service call from several threads at once,
each with its own database connection, on PostgreSQL (SQLite has no row locks to race on)."""

import threading
from collections import Counter
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import connection

from conftest import require_postgresql

THREADS = 8


def race(call: Callable[[], object], *, times: int = THREADS) -> Counter:
    """Run `call` in `times` threads released together; count the outcomes: "ok", the message of a
    ValidationError, or the repr of anything else (an IntegrityError would show here)."""
    require_postgresql("racing requests need PostgreSQL's row locks")
    barrier = threading.Barrier(times)
    outcomes: list[str] = []
    lock = threading.Lock()

    def run() -> None:
        try:
            barrier.wait()
            call()
            outcome = "ok"
        except ValidationError as error:
            outcome = " ".join(error.messages)
        except Exception as error:  # noqa: BLE001 - a 500 in the making: the test shows which
            outcome = repr(error)
        finally:
            connection.close()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=run) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return Counter(outcomes)
