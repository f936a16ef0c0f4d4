"""Production settings: `check --deploy` is clean once the production variables are set."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_check(extra_env: dict) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")} | extra_env
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_it_passes_check_deploy_with_production_variables():
    result = run_check(
        {
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": "a-production-secret-key-of-fifty-characters-or-more-0123456789",
            "DJANGO_ALLOWED_HOSTS": "impactportaal.example.nl",
            "CACHE_URL": "redis://redis:6379/1",
        }
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_it_warns_when_the_web_processes_would_not_share_one_cache():
    result = run_check(
        {
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": "a-production-secret-key-of-fifty-characters-or-more-0123456789",
            "DJANGO_ALLOWED_HOSTS": "impactportaal.example.nl",
            "CACHE_URL": "",
        }
    )

    assert result.returncode != 0
    assert "impactportal.W001" in result.stderr + result.stdout and "CACHE_URL" in result.stderr + result.stdout


def test_it_refuses_to_start_in_production_without_a_secret_key():
    result = run_check({"DJANGO_DEBUG": "0", "DJANGO_ALLOWED_HOSTS": "impactportaal.example.nl"})

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr
