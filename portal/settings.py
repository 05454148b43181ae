"""Settings of the Press Office Portal.

Every value comes from the environment (django-environ); the defaults run the demo on
SQLite with a file-system Celery broker, so `make run` needs no server. A malformed value
stops start-up with a message that names the variable.
"""

import datetime as dt
import os
import tempfile
from pathlib import Path

import environ
from csp import constants as csp
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")


def _env(reader, name, **kwargs):
    """Read one variable; a value that does not parse names the variable in the error."""
    try:
        return reader(name, **kwargs)
    except (ValueError, environ.ImproperlyConfigured) as exc:
        raise ImproperlyConfigured(f"Environment variable {name} is invalid: {exc}") from exc


DEBUG = _env(env.bool, "DEBUG", default=True)
SECRET_KEY = _env(
    env.str, "SECRET_KEY", default="demo-only-insecure-key" if DEBUG else environ.Env.NOTSET
)
ALLOWED_HOSTS = _env(
    env.list, "ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"]
)
CSRF_TRUSTED_ORIGINS = _env(env.list, "CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "modeltranslation",  # must precede django.contrib.admin
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "csp",  # Content-Security-Policy header (CONTENT_SECURITY_POLICY below)
    "axes",  # sign-in attempts and lockouts (AXES_* below)
    "portal",  # the shared core: label "core"
    "portal.directory",  # label "portal", kept from before the move
    "portal.notifications",
    "portal.deadlines",
    "portal.documents",
    "portal.webhooks",  # API clients' webhooks, signed (Standard Webhooks), with a log
    "eventgrid",  # feature app: events (SPEC §4)
    "mediaplans",  # feature app: annual media-plans, review, reports (SPEC §3)
    "requests_desk",  # feature app: information and media requests, their clock (SPEC §5)
    "requests_desk.accreditation",  # journalists' accreditation and press events (003 §8.3–8.4)
    "requests_desk.publications",  # material handed over for the website (002 §8–14)
    "monitoring",  # feature app: publications, resonance, responses, the note (SPEC §6)
    "monitoring.emergencies",  # emergencies and their official statements (000 §5)
]

MIDDLEWARE = [
    # First: every answer, a redirect too, carries X-Request-ID, and every log line its id.
    "portal.middleware.RequestId",
    # Then the published answers each process keeps (a media-grid's JSON and PDF): served
    # with the headers the stack below gave them, skipping it (portal/documents/published.py).
    "portal.documents.published.PublishedAnswers",
    "django.middleware.security.SecurityMiddleware",
    # Early, so that every answer carries the policy, the 400s of the middleware below too.
    "csp.middleware.CSPMiddleware",
    "portal.middleware.RejectNulCharacters",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"
AUTH_USER_MODEL = "portal.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "directory:dashboard"
LOGOUT_REDIRECT_URL = "directory:home"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "portal.notifications.context_processors.unread_notifications",
            ],
        },
    },
]

DATABASES = {
    "default": _env(env.db, "DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
# Keep a connection open between requests (seconds; 0 closes it after each request), checked
# before it is reused: a server connection costs a round trip and a process on PostgreSQL,
# an SQLite file costs nothing to open.
DATABASES["default"]["CONN_MAX_AGE"] = _env(
    env.int,
    "DB_CONN_MAX_AGE",
    default=0 if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3" else 60,
)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# One cache for every web process (the API's count of wrong tokens must be shared): Redis in
# production (`redis://host:6379/1`); the demo and the tests keep one in each process.
CACHES = {"default": _env(env.cache_url, "CACHE_URL", default="locmemcache://")}
# Tests on SQLite use a file, not Django's default in-memory database, so that the Celery
# worker process that tests/deadlines/test_broker.py starts can open the same test database;
# one file per test run (process id), so that two runs side by side do not share it.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"portal-test-{os.getpid()}.sqlite3")
    }

# Passwords: at least 12 characters, not like the user's name or e-mail, not one of the
# 20,000 most common, not digits only.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes first: it refuses a locked-out user name and address before the password is
# even checked, on the portal's sign-in page and the admin's alike (both call authenticate).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Languages: Kazakh first (the state language and the fallback), then Russian and English.
LANGUAGE_CODE = "kk"
LANGUAGES = [("kk", _("Kazakh")), ("ru", _("Russian")), ("en", _("English"))]
# The override catalogue first: Django's own strings in Kazakh (its kk admin, auth and
# validation catalogues are incomplete and misspelt), edited by hand; makemessages writes only
# to locale/. The first path wins over the later ones and over every app's catalogue.
LOCALE_PATHS = [BASE_DIR / "locale_overrides", BASE_DIR / "locale"]
# 18:00, 01.12.2026, 76,9 in kk and ru (Django has no kk formats: it showed "6 Т.Қ.").
FORMAT_MODULE_PATH = ["portal.formats"]
USE_I18N = True
TIME_ZONE = "Asia/Almaty"
USE_TZ = True
MODELTRANSLATION_DEFAULT_LANGUAGE = "kk"
# How far ahead an appointment may be recorded: an order signed for next month is normal,
# a date a year ahead is a typo that would hide the current holder from the directory.
APPOINTMENT_MAX_DAYS_AHEAD = env.int("APPOINTMENT_MAX_DAYS_AHEAD", default=30)
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("kk", "ru", "en")}

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Generated files (the directory's PDFs, portal.documents) in the default storage: a folder
# here; in compose a volume shared by the web and worker containers.
MEDIA_ROOT = Path(_env(env.str, "MEDIA_ROOT", default=str(VAR_DIR / "media")))
MEDIA_URL = "/media/"  # never served as such: stored documents are served by their views
# Builds of a stored document (a filtered directory PDF) one anonymous address may start per
# hour; over it, 429. Documents already built are served without limit.
DOCUMENT_BUILDS_PER_HOUR = _env(env.int, "DOCUMENT_BUILDS_PER_HOUR", default=10)
# E-mail subscriptions without an account (portal.notifications): confirmation e-mails per
# address and hour, and subscription requests per client address and hour; beyond, the
# same answer and nothing sent.
SUBSCRIPTION_CONFIRMATIONS_PER_HOUR = _env(
    env.int, "SUBSCRIPTION_CONFIRMATIONS_PER_HOUR", default=3
)
SUBSCRIPTION_REQUESTS_PER_HOUR = _env(env.int, "SUBSCRIPTION_REQUESTS_PER_HOUR", default=20)
# Requests one client address may send per hour through the requests desk's public form
# (issue 10 item 2: no third-party captcha, a honeypot and this limit).
REQUESTS_PUBLIC_PER_HOUR = _env(env.int, "REQUESTS_PUBLIC_PER_HOUR", default=5)
# Media-plans' nightly cleanup: PDFs and XLSX of superseded editions and summaries, and
# import uploads never confirmed, are deleted once older than this many days.
MEDIAPLANS_CLEANUP_DAYS = _env(env.int, "MEDIAPLANS_CLEANUP_DAYS", default=30)
# Webhooks of API clients (portal.webhooks): only https URLs resolving to public addresses,
# unless these say otherwise (tests and development, with a receiver on 127.0.0.1).
WEBHOOKS_ALLOW_HTTP = _env(env.bool, "WEBHOOKS_ALLOW_HTTP", default=False)
WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = _env(env.bool, "WEBHOOKS_ALLOW_PRIVATE_ADDRESSES", default=False)
# Monitored feeds and pages entered by hand (monitoring.ingest) are fetched only from hosts
# resolving to public addresses, unless this says otherwise (tests, development).
MONITORING_FEEDS_ALLOW_PRIVATE = _env(env.bool, "MONITORING_FEEDS_ALLOW_PRIVATE", default=False)
# The largest document an agency attaches to an event (000 §3.5), in megabytes. Attachments
# are kept in the default storage (STORAGES["default"]): a folder here, S3 through
# django-storages by configuration.
EVENT_ATTACHMENT_MAX_MB = _env(env.int, "EVENT_ATTACHMENT_MAX_MB", default=20)
# While an emergency is open, an involved agency's response is due within this many hours
# (000 §5 and §6.5 ask for an operative response but set no number: the portal's default).
EMERGENCY_RESPONSE_HOURS = _env(env.int, "EMERGENCY_RESPONSE_HOURS", default=2)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

EMAIL_BACKEND = _env(
    env.str, "EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = _env(env.str, "EMAIL_HOST", default="localhost")
EMAIL_PORT = _env(env.int, "EMAIL_PORT", default=25)
EMAIL_HOST_USER = _env(env.str, "EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = _env(env.str, "EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = _env(env.bool, "EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = _env(env.str, "DEFAULT_FROM_EMAIL", default="press-office@localhost")
# Where the portal is reached from outside, for the links in emails and calendar feeds.
PORTAL_BASE_URL = _env(env.str, "PORTAL_BASE_URL", default="http://127.0.0.1:8000").rstrip("/")

# Celery: Redis in production and CI; a file-system broker for the demo so that
# `make run` starts a real worker and beat without any server.
CELERY_BROKER_URL = _env(env.str, "CELERY_BROKER_URL", default="filesystem://")
if CELERY_BROKER_URL.startswith("filesystem"):
    # This broker deletes a message when a worker takes it, so a killed worker's task is not
    # handed out again; beat's `notifications.deliver`, every 5 minutes, sends what it left.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(VAR_DIR / "broker"),
        "data_folder_out": str(VAR_DIR / "broker"),
        "processed_folder": str(VAR_DIR / "broker-processed"),
        "control_folder": str(VAR_DIR / "broker-control"),
        "store_processed": False,
    }
    # Made here, not only by `make run`: any command may queue a task (the demo's seeding
    # publishes media-grids, whose PDFs are queued), and this broker needs its folders.
    for _folder in ("broker", "broker-processed", "broker-control"):
        (VAR_DIR / _folder).mkdir(parents=True, exist_ok=True)
else:
    # Tasks are acknowledged late, so the task of a worker that is killed stays unacknowledged
    # in Redis; after the visibility timeout a worker hands it out again (workers look about
    # every 100 s, and at start-up). 15 minutes: longer than any task may run (the time limit
    # below; delivery starts no email after notifications.services.SEND_WINDOW, 5 minutes),
    # so a task still running is not handed out twice, and longer than STALE_CLAIM (10
    # minutes), so the redelivered task can take over the dead worker's claims. No task is
    # scheduled with a countdown or ETA, which would need a timeout longer than the wait.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 15 * 60}
# Below the visibility timeout; a task that runs longer is killed (prefork pool) and counts as
# failed. Every task is safe to run again: the database's unique rows and claims see to it.
CELERY_TASK_TIME_LIMIT = 10 * 60
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# The worker logs through LOGGING above, so that its lines carry the task id as the web's
# carry the request id, in the same format.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# Beat is reported stopped (/healthz, `manage.py check_beat`) when its every-minute heartbeat
# was last sent longer ago than this; its database scheduler records a run every 3 minutes.
BEAT_STALE_MINUTES = _env(env.int, "BEAT_STALE_MINUTES", default=10)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # TokenAuthentication that answers 429 to an address guessing tokens.
        "portal.api.authentication.ThrottledTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    # The API reads JSON only (what its schema says): a form or multipart body is a 415, not
    # a body that parses to nothing and so a PATCH that "succeeds" changing nothing.
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_FILTER_BACKENDS": ["portal.api.filters.StrictFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "portal.api.pagination.PagePagination",
    # drf-spectacular's, plus the 400/401/403/404/429 every endpoint may answer.
    "DEFAULT_SCHEMA_CLASS": "portal.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "portal.api.exceptions.exception_handler",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Press Office Portal API",
    # Lazy, so that the schema is served in the request's language (Accept-Language or ?lang=).
    "DESCRIPTION": _(
        "Directory of agencies and spokespersons and Kazakhstan's working-day calendar."
    ),
    "VERSION": "1",
    # Kazakh, Russian, English: one enum for a spokesperson's languages and a speaker's.
    "ENUM_NAME_OVERRIDES": {
        "LanguageEnum": "portal.directory.choices.Language",
        "EventTypeEnum": "portal.webhooks.choices.WebhookEventType",
        # A media-plan's state and a revision's outcome: one set of states.
        "MediaPlanStateEnum": "mediaplans.choices.PlanState",
        "RequestStateEnum": "requests_desk.choices.RequestState",
        "RequestOutcomeEnum": "requests_desk.choices.Outcome",
        # An answer sent through the API: in full or in part.
        "AnswerOutcomeEnum": "requests_desk.choices.ANSWER_OUTCOME_CHOICES",
        "AccreditationStateEnum": "requests_desk.accreditation.choices.AccreditationState",
        "AccreditationKindEnum": "requests_desk.accreditation.choices.AccreditationKind",
        # Monitoring: a publication's tone (scored and shown), a resonance case's state.
        "ToneEnum": "monitoring.choices.Tone",
        "CaseStateEnum": "monitoring.choices.CaseState",
    },
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Request bodies get their own components, without the read-only fields (which the API
    # refuses as input) and with the non-blank strings' minLength.
    "COMPONENT_SPLIT_REQUEST": True,
}

# One line a record, with the request's id and the Celery task's (portal/logging.py): JSON in
# production, text under DEBUG; LOG_FORMAT=json or text chooses.
LOG_FORMAT = _env(env.str, "LOG_FORMAT", default="text" if DEBUG else "json")
if LOG_FORMAT not in ("json", "text"):
    raise ImproperlyConfigured(f"Environment variable LOG_FORMAT is invalid: {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"context": {"()": "portal.logging.ContextFilter"}},
    "formatters": {
        "json": {"()": "portal.logging.JsonFormatter"},
        "text": {"()": "portal.logging.TextFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["context"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": _env(env.str, "LOG_LEVEL", default="INFO")},
    # WeasyPrint and fontTools narrate every rendering step at INFO.
    "loggers": {name: {"level": "WARNING"} for name in ("weasyprint", "fontTools")},
}

# Security. In production (DEBUG false) the portal is HTTPS only by default: secure cookies,
# the redirect to HTTPS and HSTS for a year, so `check --deploy` is clean without extra
# variables (tests/core/test_security.py). Each can be switched off by its variable to try
# production mode over plain http. Under DEBUG all are off, so `make run` works over http.
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = _env(env.bool, "SECURE_COOKIES", default=not DEBUG)
SECURE_SSL_REDIRECT = _env(env.bool, "SECURE_SSL_REDIRECT", default=not DEBUG)
# A load balancer's health check speaks plain http to gunicorn: /healthz answers it as is.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# Browsers keep HSTS for this long and it cannot be taken back before it runs out: keep 0
# until every page of the host and of its subdomains answers over HTTPS. Django sends the
# header on HTTPS answers only.
SECURE_HSTS_SECONDS = _env(env.int, "HSTS_SECONDS", default=0 if DEBUG else 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = _env(env.bool, "HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = _env(env.bool, "HSTS_PRELOAD", default=True)
# Only behind a TLS proxy that overwrites X-Forwarded-Proto; a client could fake it otherwise.
if _env(env.bool, "TRUST_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# A session lasts a working day (12 hours from signing in), not Django's two weeks.
SESSION_COOKIE_AGE = _env(env.int, "SESSION_COOKIE_AGE", default=12 * 3600)
SESSION_COOKIE_HTTPONLY = True

# Content-Security-Policy (django-csp 4): scripts and styles from the portal's own static
# files only, never inline; no plugins, no framing. NONCE is filled in only on a page that
# asks for `request.csp_nonce` (the Swagger UI, templates/drf_spectacular/swagger_ui.html)
# and dropped from every other answer. Swagger UI's icons are data: images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.SELF],
        "script-src": [csp.SELF, csp.NONCE],
        "style-src": [csp.SELF],
        "img-src": [csp.SELF, "data:"],
        "object-src": [csp.NONE],
        "base-uri": [csp.SELF],
        "form-action": [csp.SELF],
        "frame-ancestors": [csp.NONE],
    },
}

# Sign-in throttling (django-axes): after LOGIN_FAILURE_LIMIT wrong passwords for one user
# name from one address, that pair is refused for LOGIN_COOLOFF_MINUTES (templates/
# registration/lockout.html, status 429); other users and addresses sign in as before. The
# API's tokens get the same limit per address (portal/api/authentication.py). Without
# django-ipware the address is REMOTE_ADDR: behind a proxy that is the proxy's, so the
# lockout then falls on the user name. `manage.py axes_reset_username <name>` lifts a lock.
AXES_FAILURE_LIMIT = _env(env.int, "LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=_env(env.int, "LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False  # no banner on every manage.py command
# Behind this many reverse proxies the client's address is read from X-Forwarded-For
# (portal.middleware.client_address); otherwise lockouts and the API's count of wrong tokens
# would fall on the proxy's address and block everyone behind it.
TRUSTED_PROXY_COUNT = _env(env.int, "TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "portal.middleware.client_address"
