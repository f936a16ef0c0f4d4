"""System checks of the deployment (`manage.py check --deploy`)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.caches, deploy=True)
def cache_shared_by_every_process(app_configs, **kwargs) -> list[Warning]:
    """Kept pages (core.pagecache) are renewed through the cache: every web process must share it."""
    if settings.CACHES["default"]["BACKEND"].endswith("LocMemCache"):
        return [
            Warning(
                "The cache is in each process's own memory, so a page kept by one web process is not renewed when "
                "another process changes its data.",
                hint="Set CACHE_URL to a Redis database of its own, e.g. redis://redis:6379/1.",
                id="impactportal.W001",
            )
        ]
    return []
