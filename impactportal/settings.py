"""Settings for Impactportaal, driven by environment variables.

The defaults are safe for a laptop: SQLite, Celery tasks run in-process, e-mail printed to the
console, DEBUG on. Production sets DJANGO_DEBUG=0, DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS,
DATABASE_URL and CELERY_BROKER_URL (see README.md).
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = env_str("DJANGO_SECRET_KEY", "laptop-only-insecure-key-do-not-use-in-production")
if not DEBUG and SECRET_KEY.startswith("laptop-only"):
    raise RuntimeError("Set DJANGO_SECRET_KEY when DJANGO_DEBUG=0.")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

# The KvK's Handelsregister (accounts.kvk): e.g. https://api.kvk.nl/api (the test environment:
# https://api.kvk.nl/test/api). Empty: KvK numbers are checked for their form only.
KVK_API_URL = env_str("KVK_API_URL")
KVK_API_KEY = env_str("KVK_API_KEY")
KVK_TIMEOUT_SECONDS = float(env_str("KVK_TIMEOUT_SECONDS", "5"))
# /.well-known/security.txt (RFC 9116): where to report a vulnerability (mailto: or https:, comma-separated) and
# until when that holds (ISO 8601; empty: always half a year ahead).
SECURITY_CONTACT = env_list("SECURITY_CONTACT", "mailto:security@impactportaal.nl")
SECURITY_TXT_EXPIRES = env_str("SECURITY_TXT_EXPIRES")
# The portal operator's address on the contact, privacy and accessibility pages (questions, accessibility problems).
PORTAL_CONTACT_EMAIL = env_str("PORTAL_CONTACT_EMAIL", "info@impactportaal.nl")
# The date of the last accessibility evaluation the statement at /toegankelijkheid/ reports (ISO 8601 date).
ACCESSIBILITY_EVALUATED_ON = env_str("ACCESSIBILITY_EVALUATED_ON", "2026-11-29")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "django_filters",
    "template_partials",
    "django_htmx",
    "csp",
    "rest_framework",
    "drf_spectacular",
    "core",
    "accounts",
    "programmes",
    "programmes.challenges",
    "matching",
    "procurement",
    "reporting",
    "notifications",
    "goals",
    "surveys",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "api.middleware.OpenDataApiMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "accounts.middleware.DutchFirstLocaleMiddleware",
    "core.middleware.RefuseNulMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.StaffSecondFactorMiddleware",
]

ROOT_URLCONF = "impactportal.urls"
WSGI_APPLICATION = "impactportal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.portal",
                "notifications.context_processors.unread",
            ],
        },
    },
]
FORM_RENDERER = "core.formrenderer.FormRenderer"
FORMS_URLFIELD_ASSUME_HTTPS = True

# Database: SQLite on a laptop, PostgreSQL (psycopg 3) when DATABASE_URL says so.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
IS_POSTGRES = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several people writing at once (a beursvloer evening): WAL lets readers read while one writes, a write
    # transaction takes the write lock when it begins (IMMEDIATE) rather than failing on upgrading a read
    # lock, and a writer waits up to `timeout` seconds for the lock instead of failing "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": env_int("SQLITE_BUSY_TIMEOUT", 20),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Broker and cache: Redis where configured, otherwise tasks run in-process and the cache is local.
REDIS_URL = env_str("REDIS_URL")
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL)
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", CELERY_BROKER_URL or "cache+memory://")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 600}
CELERY_TIMEZONE = "Europe/Amsterdam"
CELERY_BEAT_SCHEDULE = {
    "erase-expired-question-personal-data": {
        "task": "programmes.erase_expired_question_personal_data",
        "schedule": 24 * 60 * 60,  # daily
    },
    "erase-expired-financier-details": {
        "task": "challenges.erase_expired_financier_details",
        "schedule": 24 * 60 * 60,  # daily: financiers' names and addresses go a year after their table closed
    },
    "erase-unconfirmed-register-imports": {
        "task": "procurement.erase_unconfirmed_register_imports",
        "schedule": 24 * 60 * 60,  # daily
    },
    "compact-data-changes": {
        "task": "core.compact_data_changes",
        "schedule": 60 * 60,  # hourly: the rows that mark each change to the data behind kept figures, folded into one
    },
    "erase-stale-held-uploads": {
        "task": "core.erase_stale_held_uploads",
        "schedule": 60 * 60,  # hourly: uploads kept after a failed submit live a day at most (core.uploads)
    },
    "send-notification-digests": {
        "task": "notifications.send_digests",
        "schedule": 24 * 60 * 60,  # daily: the summary of notifications for those who chose it
    },
    "remind-impact-reports": {
        "task": "procurement.remind_impact_reports",
        "schedule": 24 * 60 * 60,  # daily: from 15 January suppliers are asked for last year's impact, once, and again
    },
    "remind-and-close-stale-work": {
        "task": "matching.remind_and_close_stale_work",
        "schedule": 24 * 60 * 60,  # daily: needs, offers and matches without movement are reminded, later closed
    },
    "remind-surveys-closing-soon": {
        "task": "surveys.remind_surveys_closing_soon",
        "schedule": 24 * 60 * 60,  # daily: once, a few days before closing, to organisations that have not answered
    },
    "anonymise-expired-survey-answers": {
        "task": "surveys.anonymise_expired_survey_answers",
        "schedule": 24 * 60 * 60,  # daily: answers lose who gave them after the survey's retention period
    },
    "forget-unheld-search-words": {
        "task": "procurement.forget_unheld_search_words",
        "schedule": 24 * 60 * 60,  # daily: the directory's words of suppliers deleted since (procurement.SearchWord)
    },
    "recheck-suppliers-in-kvk-register": {
        "task": "procurement.recheck_suppliers_in_kvk_register",
        "schedule": crontab(minute=0, hour=4, day_of_month=1),  # monthly: deregistered suppliers are flagged
    },
}

# The cache gets a Redis database of its own (CACHE_URL), never the broker's.
CACHE_URL = env_str("CACHE_URL")


def redis_cache(url: str) -> dict:
    """The cache on Redis at `url`. It fails open (core.cache): while Redis cannot be reached the portal serves
    without it, and /healthz says so."""
    return {
        "BACKEND": "core.cache.FailOpenRedisCache",
        "LOCATION": url,
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }


if CACHE_URL:
    CACHES = {"default": redis_cache(CACHE_URL)}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Users and authentication (django-allauth, e-mail as the login).
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "accounts.backends.PortalModelBackend",  # Django's and allauth's, loading the user's municipality with them
    "accounts.backends.PortalAllauthBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "start"
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupForm"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_UNIQUE_EMAIL = True
# No page tells a stranger whether an address has an account: signup and password reset answer the same for
# every address, and the address's owner gets a mail instead ("someone tried to sign up with your address").
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Impactportaal] "
ACCOUNT_RATE_LIMITS = {
    "signup": env_str("ACCOUNT_RATE_LIMIT_SIGNUP", "10/m/ip"),
    "login": env_str("ACCOUNT_RATE_LIMIT_LOGIN", "20/m/ip"),
    # Failed logins count per client address, and per account from that address (accounts.adapter), never per
    # account alone: a stranger who fails on purpose locks out only themselves, not the account's owner.
    "login_failed": "10/m/ip,30/h/ip,5/5m/key",
    "confirm_email": "1/3m/key",
    # Counted for every address asked for, whether it has an account or not.
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
}
# Behind a proxy every request comes from the proxy's address: the number of proxies in front of the portal
# that append to X-Forwarded-For (1 behind one TLS proxy), so that rate limits count per client. The
# default 0 ignores the header, which a client could otherwise forge.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("DJANGO_TRUSTED_PROXY_COUNT", 0)
# A second factor (allauth.mfa): an authenticator app (TOTP) with recovery codes, or a passkey / security key
# (WebAuthn). Staff roles must set one up before they can use the portal (accounts.middleware).
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_TOTP_ISSUER = "Impactportaal"
MFA_PASSKEY_LOGIN_ENABLED = False
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG  # http://127.0.0.1:8000 on a laptop

# eHerkenning for businesses, through the municipality's OpenID Connect broker (allauth.socialaccount). Off unless
# EHERKENNING_OIDC_SERVER_URL is set; the app lives in settings, not in the database. The portal's own provider class
# (accounts.oidc) checks the ID token's signature too, and accounts.adapter.SocialAccountAdapter decides who may
# log in (businesses only) and which organisation they belong to (by the KvK number in EHERKENNING_OIDC_KVK_CLAIM).
EHERKENNING_OIDC_SERVER_URL = env_str("EHERKENNING_OIDC_SERVER_URL")
EHERKENNING_OIDC_KVK_CLAIM = env_str("EHERKENNING_OIDC_KVK_CLAIM", "kvk")
EHERKENNING_PROVIDER_ID = "eherkenning"
SOCIALACCOUNT_ADAPTER = "accounts.adapter.SocialAccountAdapter"
SOCIALACCOUNT_FORMS = {"signup": "accounts.oidc.forms.EherkenningSignupForm"}
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_LOGIN_ON_GET = False  # the button posts; no page in between
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {
        "provider_class": "accounts.oidc.provider.EherkenningProvider",
        "OAUTH_PKCE_ENABLED": True,
        "APPS": (
            [
                {
                    "provider_id": EHERKENNING_PROVIDER_ID,
                    "name": "eHerkenning",
                    "client_id": env_str("EHERKENNING_OIDC_CLIENT_ID"),
                    "secret": env_str("EHERKENNING_OIDC_CLIENT_SECRET"),
                    "settings": {"server_url": EHERKENNING_OIDC_SERVER_URL},
                }
            ]
            if EHERKENNING_OIDC_SERVER_URL
            else []
        ),
    }
}

# E-mail: printed to the console on a laptop, SMTP in production.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Impactportaal <noreply@impactportaal.nl>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Mail leaves through the task core.send_mail; a worker tries again while the mail server cannot be reached.
MAIL_RETRY_SECONDS = env_int("MAIL_RETRY_SECONDS", 60)  # the first wait, doubled each time (at most an hour)
MAIL_RETRY_ATTEMPTS = env_int("MAIL_RETRY_ATTEMPTS", 10)  # about 17 hours in all, then logged as given up

# Languages: Dutch first, English second.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

# Static files (served by WhiteNoise) and uploaded / generated files (Django's storage API).
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME")
if AWS_STORAGE_BUCKET_NAME:
    # S3-compatible object storage, so several machines share uploaded and generated files.
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
    AWS_S3_ENDPOINT_URL = env_str("AWS_S3_ENDPOINT_URL") or None
    AWS_DEFAULT_ACL = None
    AWS_QUERYSTRING_AUTH = True
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Content Security Policy (django-csp): nothing inline, nothing from elsewhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
if EHERKENNING_OIDC_SERVER_URL:
    # The eHerkenning button posts to the portal, which sends the browser on to the broker: browsers hold that
    # redirect to form-action too.
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"].append(origin_of(EHERKENNING_OIDC_SERVER_URL))

# Security: strict once DEBUG is off.
# Sessions read from the cache and kept in the database too: one query less on every signed-in page; while the
# cache cannot be reached (it fails open) they are read from the database.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# The open-data API (/api/v1/, the api app): read-only, public data only, no authentication. Each client (by its
# address, as the login limits find it) may make API_RATE_LIMIT requests ("60/minute", "1000/hour", ...).
API_VERSION = "1.0.0"
API_RATE_LIMIT = env_str("API_RATE_LIMIT", "60/minute")
API_CONTACT_EMAIL = env_str("API_CONTACT_EMAIL", "opendata@impactportaal.nl")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.ClientRateThrottle"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.problems.exception_handler",
    "COERCE_DECIMAL_TO_STRING": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Impactportaal open data",
    "DESCRIPTION": (
        "Read-only open data of the Impactportaal: verified impact suppliers with their products and services, "
        "open needs and offers, public activities, published challenge results and the figures of published "
        "council letters. No authentication; rate-limited per client. Errors are application/problem+json."
    ),
    "VERSION": API_VERSION,
    "CONTACT": {"name": "Impactportaal", "url": SITE_URL, "email": API_CONTACT_EMAIL},
    "LICENSE": {"name": "CC0 1.0", "url": "https://creativecommons.org/publicdomain/zero/1.0/"},
    "SERVERS": [{"url": "/api/v1"}],
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SCHEMA_PATH_PREFIX_TRIM": True,
    "SERVE_INCLUDE_SCHEMA": False,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_version_header_and_problems",
    ],
}
