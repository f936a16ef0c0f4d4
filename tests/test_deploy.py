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


def test_the_compose_database_plans_with_ssd_costs_and_postgresql_takes_the_pods_options_per_connection(
    django_db_blocker,
):
    """docker-compose.yml starts postgres with the SSD planner costs; the Kubernetes pods send the same settings
    with every connection (PGOPTIONS in the base ConfigMap), and PostgreSQL takes them for that connection."""
    import psycopg
    import yaml
    from django.db import connection

    from conftest import require_postgresql

    command = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]["postgres"]["command"]
    in_compose = dict(command[n + 1].split("=", 1) for n, word in enumerate(command[:-1]) if word == "-c")
    base = yaml.safe_load((ROOT / "deploy" / "kubernetes" / "base" / "kustomization.yaml").read_text())
    literals = dict(literal.split("=", 1) for literal in base["configMapGenerator"][0]["literals"])
    assert in_compose["random_page_cost"] == "1.1" and in_compose["effective_io_concurrency"] == "200"
    assert in_compose["effective_cache_size"] == "${POSTGRES_EFFECTIVE_CACHE_SIZE:-3GB}"

    require_postgresql("the planner settings are PostgreSQL's")
    with django_db_blocker.unblock():
        params = connection.get_connection_params()
    params = {key: value for key, value in params.items() if key not in {"cursor_factory", "context"}}
    with psycopg.connect(**params, options=literals["PGOPTIONS"]) as database:
        for name in ("random_page_cost", "effective_io_concurrency", "effective_cache_size"):
            assert database.execute(f"SHOW {name}").fetchone() == (
                in_compose[name].replace("${POSTGRES_EFFECTIVE_CACHE_SIZE:-", "").rstrip("}"),
            )
