"""Settings, read from the environment.

`STAGES_ENV=production` switches production mode: DEBUG off, secrets and service URLs
required, HTTPS hardening on. Anything else is development, with safe local defaults.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from redis.backoff import NoBackoff
from redis.retry import Retry

from .schedule import beat_schedule

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = BASE_DIR / ".data"  # git-ignored: embedded database, broker, mail

env = environ.Env()
PRODUCTION = env("STAGES_ENV", default="development") == "production"
DEBUG = env.bool("DEBUG", default=not PRODUCTION)

if PRODUCTION:
    SECRET_KEY = env("SECRET_KEY", default="")
    if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure"):
        raise ImproperlyConfigured("SECRET_KEY must be set to a random 50+ character value.")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
    SITE_URL = env("SITE_URL")
else:
    SECRET_KEY = env("SECRET_KEY", default="django-insecure-local-development-only")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
    SITE_URL = env("SITE_URL", default="http://localhost:8000")
SITE_URL = SITE_URL.rstrip("/")

# Development tools: the national API sandbox (/bac-a-sable/), the company register's
# sandbox, the demo data commands and the search benchmark's server. On by default in development, never in production.
DEV_TOOLS = env.bool("DEV_TOOLS", default=not PRODUCTION)
if PRODUCTION and DEV_TOOLS:
    raise ImproperlyConfigured("DEV_TOOLS cannot be turned on in production.")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "django.contrib.postgres",
    "django_filters",
    "django_htmx",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "reference",
    "accounts",
    "organisations",
    "offers",
    "reports",
    "outbox",
    "sync_1j1s",
    "placements",
    "conventions",
    "pages",
    "search",
    "alerts",
    "figures",
]
if DEV_TOOLS:
    INSTALLED_APPS += ["national_sandbox", "register_sandbox", "demo", "benchmarks"]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.MFARequiredMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "stages_bfc.urls"
WSGI_APPLICATION = "stages_bfc.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "pages.navigation.site_links",  # the menu and the site map
            ],
            # Dates, times and yes/no in one French format, in every template.
            "builtins": ["stages_bfc.templatetags.french"],
        },
    },
    {
        # The search's result page (search/templating.py); <app>/jinja2/ folders: the
        # search's templates and Django's form widgets.
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "APP_DIRS": True,
        "OPTIONS": {"environment": "search.templating.environment"},
    },
]

FORM_RENDERER = "stages_bfc.forms.FormRenderer"

# Database: DATABASE_URL, or the embedded PostgreSQL that `make run` / `make test` start.
DATABASES = {
    "default": env.db("DATABASE_URL")
    if PRODUCTION
    else env.db("DATABASE_URL", default="postgres:///stages_bfc")
}
# Persistent connections everywhere, as in production: a new PostgreSQL connection per
# request costs more than a simple page. The health check replaces a connection that the
# server closed meanwhile. (runserver closes its connections after each request anyway.)
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# No JIT compilation: PostgreSQL compiles a query whose estimated cost passes
# jit_above_cost, and the search's queries pass it on big tables (a correlated subquery's
# estimate, a million entries) while running in milliseconds: the compilation then took
# 500 ms of a 735-ms page (docs/performance.md, "Where the targets stand").
DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis carries the Celery broker and the shared cache. Without it (development),
# the broker is kombu's filesystem transport and the cache lives in PostgreSQL:
# both are shared by every process, which the rate limiter and token cache need.
# With it, a Redis outage must cost a page a fraction of a second, never an error: short
# timeouts, one quick retry (a pooled connection Redis closed), then the database cache
# (stages_bfc/cache.py) and no enqueue for a few seconds (stages_bfc/outages.py); the
# outbox and the national sync's sweeps queue what waited.
REDIS_URL = env("REDIS_URL", default="")
if PRODUCTION and not REDIS_URL:
    raise ImproperlyConfigured("REDIS_URL must be set in production.")
REDIS_CACHE_OPTIONS = {
    "socket_connect_timeout": 0.25,
    "socket_timeout": 0.5,
    "retry": Retry(NoBackoff(), 1),
}
REDIS_BROKER_OPTIONS = {
    "visibility_timeout": 3600,
    "socket_connect_timeout": 0.5,
    "max_retries": 0,  # an enqueue connects once; a worker reconnects on its own
}
DATABASE_CACHE = {
    "BACKEND": "django.core.cache.backends.db.DatabaseCache",
    "LOCATION": "django_cache",
}
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "stages_bfc.cache.FallbackCache",
            "OPTIONS": {"PRIMARY": "redis", "FALLBACK": "database"},
        },
        "redis": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": REDIS_CACHE_OPTIONS,
        },
        "database": DATABASE_CACHE,
    }
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = REDIS_BROKER_OPTIONS
else:
    CACHES = {"default": DATABASE_CACHE}
    _broker_dir = DATA_DIR / "broker"
    for _folder in ("queue", "processed", "control"):
        (_broker_dir / _folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }

# Each process's compressed copies of recent search pages (search/cache.py): about 6 kB
# each, so 2,000 pages are 12 MB per process.
CACHES["search_pages"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "search-pages",
    "OPTIONS": {"MAX_ENTRIES": env.int("SEARCH_LOCAL_CACHE_PAGES", default=2000)},
}

CELERY_TASK_IGNORE_RESULT = True
# An enqueue gives up at once when the broker is unreachable: the caller logs it and the
# row it wrote (outbox, national intent) waits for the beat sweep.
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BROKER_CONNECTION_TIMEOUT = 1.0
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = "Europe/Paris"
CELERY_BEAT_SCHEDULE_FILENAME = str(DATA_DIR / "celerybeat-schedule")
# The Region's figures (figures/): recomputed this often by beat; the page says when.
FIGURES_REFRESH_MINUTES = env.int("FIGURES_REFRESH_MINUTES", default=15)
CELERY_BEAT_SCHEDULE = beat_schedule(figures_refresh_minutes=FIGURES_REFRESH_MINUTES)

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {"login": "accounts.forms.LoginForm", "signup": "accounts.forms.SignupForm"}
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
# Confirming the address in the browser that signed up logs the person in, and takes them
# where the sign-up was going (an invitation, for instance).
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Stages BFC] "
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
}
# Client addresses for every rate limit (allauth's, and the platform's in
# stages_bfc/ratelimits.py): behind N reverse proxies that each append to X-Forwarded-For,
# set N; 0 (no proxy) reads the connection's address and ignores the header, which a
# client could write.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
# Sign-up and password reset answer alike whether or not an address has an account (the
# owner is told by e-mail); allauth's default, stated because accounts.adapter builds on it.
ACCOUNT_PREVENT_ENUMERATION = True
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Stages BFC"
# No "trust this browser": each staff session passes the code (accounts.middleware).
MFA_TRUST_ENABLED = False

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / ".data" / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# E-mail: EMAIL_URL (smtp://user:pass@host:587, smtp+tls://…); console in development.
_mail = (
    env.email_url("EMAIL_URL")
    if PRODUCTION
    else env.email_url("EMAIL_URL", default="consolemail://")
)
if _mail["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend":
    # Printed decoded, links whole (stages_bfc/console_mail.py), not quoted-printable.
    _mail["EMAIL_BACKEND"] = "stages_bfc.console_mail.EmailBackend"
_smtp_options = {
    "host": _mail.get("EMAIL_HOST"),
    "port": _mail.get("EMAIL_PORT"),
    "username": _mail.get("EMAIL_HOST_USER"),
    "password": _mail.get("EMAIL_HOST_PASSWORD"),
    "use_tls": _mail.get("EMAIL_USE_TLS"),
    "use_ssl": _mail.get("EMAIL_USE_SSL"),
    "timeout": 20,
}
MAILERS = {
    "default": {
        "BACKEND": _mail["EMAIL_BACKEND"],
        "OPTIONS": {k: v for k, v in _smtp_options.items() if v}
        if _mail["EMAIL_BACKEND"].endswith("smtp.EmailBackend")
        else {},
    }
}
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Stages BFC <ne-pas-repondre@stages-bfc.fr>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# National seconde-stage platform (sync_1j1s). Empty URL: nothing is sent, intents wait.
NATIONAL_API_URL = env("NATIONAL_API_URL", default="").rstrip("/")
NATIONAL_API_EMAIL = env("NATIONAL_API_EMAIL", default="")
NATIONAL_API_PASSWORD = env("NATIONAL_API_PASSWORD", default="")
NATIONAL_API_RATE_PER_MIN = env.int("NATIONAL_API_RATE_PER_MIN", default=100)
NATIONAL_API_TIMEOUT = (3.05, 15)  # connect, read (seconds)
NATIONAL_API_ATTEMPTS = 4  # per call, 429/5xx/timeouts included
NATIONAL_API_WINDOW_SECONDS = (
    60  # the national side's fixed rate windows (a 429 waits for the next)
)
# Send the offers' REP / QPV marks as the national rep / qpv flags. Off: the national site
# then shows signed-out visitors its own application form instead of our page (docs/sync.md);
# the mark goes in the description's first line instead.
NATIONAL_SEND_PRIORITY_FLAGS = env.bool("NATIONAL_SEND_PRIORITY_FLAGS", default=False)
# The share of a minute's offer-call budget the reconciliation may take for itself.
NATIONAL_RECONCILE_SHARE = 0.3
# The company register (organisations/register.py): the State's API Recherche d'entreprises,
# no key needed. Empty (development default; `make run` sets its sandbox): nothing is looked
# up, SIRETs wait "à vérifier". A form waits at most BUDGET seconds for it (every try).
COMPANY_REGISTER_URL = env(
    "COMPANY_REGISTER_URL",
    default="https://recherche-entreprises.api.gouv.fr" if PRODUCTION else "",
).rstrip("/")
COMPANY_REGISTER_TIMEOUT = (2, 3)  # connect, read (seconds)
COMPANY_REGISTER_ATTEMPTS = 3
COMPANY_REGISTER_BUDGET = 6.0
# Conventions: the platform's PAdES seal on signed conventions (conventions/sealing.py).
# Production: a key and certificate from the environment (PEM files), refused if absent.
# Development and tests: a local self-signed pair made on first use in .data/.
CONVENTION_SIGNING_KEY = env("CONVENTION_SIGNING_KEY", default="")
CONVENTION_SIGNING_CERT = env("CONVENTION_SIGNING_CERT", default="")
if PRODUCTION and not (CONVENTION_SIGNING_KEY and CONVENTION_SIGNING_CERT):
    raise ImproperlyConfigured("CONVENTION_SIGNING_KEY and CONVENTION_SIGNING_CERT must be set.")
CONVENTION_LOCAL_CERT_DIR = DATA_DIR / "convention-signing"
# How signing codes reach signatories: "email" (an SMS provider would add a channel).
CONVENTION_CODE_CHANNEL = env("CONVENTION_CODE_CHANNEL", default="email")
SYNC_FEED_DIR = DATA_DIR / "feeds"  # snapshots of the 1j1s feed

# The legal notice's publisher and host (pages/legal.html), each one line (name, address,
# telephone): the law (LCEN art. 6) wants both named, so production refuses them empty.
LEGAL_PUBLISHER = env(
    "LEGAL_PUBLISHER",
    default=""
    if PRODUCTION
    else "Région Bourgogne-Franche-Comté, 4 square Castan, 25031 Besançon Cedex",
).strip()
LEGAL_HOST = env(
    "LEGAL_HOST", default="" if PRODUCTION else "Poste de développement local (aucun hébergeur)"
).strip()
if PRODUCTION and not (LEGAL_PUBLISHER and LEGAL_HOST):
    raise ImproperlyConfigured("LEGAL_PUBLISHER and LEGAL_HOST must be set (legal notice).")

# Search (search/cache.py): anonymous pages and facet counts cached this long; 0 turns off.
SEARCH_CACHE_SECONDS = env.int("SEARCH_CACHE_SECONDS", default=60)

# Content Security Policy: every asset is self-hosted.
SECURE_CSP = {
    "default-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if PRODUCTION:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    CSRF_TRUSTED_ORIGINS = [SITE_URL]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
