"""Settings, all from the environment.

With nothing set the portal runs in its embedded mode: SQLite file, Celery tasks
eager, e-mail to the console, DEBUG on. Production sets DATABASE_URL, REDIS_URL,
SECRET_KEY, ALLOWED_HOSTS and the e-mail settings (see README).
"""

import os
import tempfile
from pathlib import Path

import environ
from celery.schedules import crontab

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DATABASE_URL = env.str("DATABASE_URL", default="")
REDIS_URL = env.str("REDIS_URL", default="")
EMBEDDED = not DATABASE_URL

DEBUG = env.bool("DEBUG", default=EMBEDDED)
SECRET_KEY = env.str(
    "SECRET_KEY",
    default="embedded-only-not-secret-2a8f1c7e9b4d6a3f0e5c8b1d7a9f2e4c6b8d0a1f3e5c7b9d",
)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "auditlog",
    "csp",
    "core",
    "units",
    "awards",
    "registrations",
    "criteria",
    "documents",
    "dossiers",
    "inspections",
    "exemplars",
    "reports",
    "security",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "security.middleware.VerifiedSessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "security.middleware.SessionTimeoutMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "security.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "csp.middleware.CSPMiddleware",
    "security.middleware.PrivateCacheMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "core.context_processors.portal",
            ],
        },
    }
]

if DATABASE_URL:
    DATABASES = {"default": env.db("DATABASE_URL")}
    # Persistent connections: ~2.8x throughput on PostgreSQL (toolchain notes §9).
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
else:
    # SQLite: BEGIN IMMEDIATE takes the write lock when a transaction starts, so a second
    # writer waits (up to `timeout` s) instead of failing with "database is locked" when
    # its read lock cannot be upgraded (measured: 42 of 80 concurrent number allocations
    # failed in deferred mode, none in immediate mode). Tests use a file too: the default
    # in-memory shared-cache database has table locks that ignore the timeout.
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env.str("SQLITE_PATH", default=str(BASE_DIR / "db.sqlite3")),
            "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"},
            "TEST": {
                "NAME": str(Path(tempfile.gettempdir()) / f"thidua-test-{os.getpid()}.sqlite3")
            },
        }
    }
    # The covering indexes' INCLUDE columns are a PostgreSQL speed-up; SQLite keeps the
    # index without them, which is all the embedded mode needs.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "units.User"

# django-axes refuses locked-out credentials first (and serves get_user); then Django's
# password check. Both load the user with their unit (units.backends; one query per page).
AUTHENTICATION_BACKENDS = ["units.backends.LockoutBackend", "units.backends.PortalBackend"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "security.passwords.NotUsernameValidator"},
    {"NAME": "security.passwords.RecentPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Repeated failed logins lock the username from that address for a while
# (security level 2, Decree 85/2016 / TCVN 11930:2017).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.5)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Failures are forgotten only once the whole sign-in succeeded (password and, where
# required, the second factor: security.services.reset_failures), so wrong TOTP codes
# count towards the same lockout and a correct password alone does not clear them.
AXES_RESET_ON_SUCCESS = False
AXES_VERBOSE = False

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]
# Off: with it every year printed in a template reads "2.026". Group large figures
# explicitly (core.text.money, humanize's intcomma).
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Locally (DEBUG) whitenoise serves straight from the app folders; production serves the
# collected, hashed and compressed files from STATIC_ROOT.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

# Uploads: action plans and evidence. Bigger files are refused with a message.
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES + 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o640
# The size is refused while the body streams in (core.files.SizeLimitUploadHandler).
FILE_UPLOAD_HANDLERS = [
    "core.files.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Celery: without REDIS_URL, tasks run in-process (embedded mode).
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# Time limits (seconds), tunable by the operator: the hard limit kills the task's process,
# the soft one lets it record a failure first. See README, "Reliability".
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=10 * 60)
CELERY_TASK_SOFT_TIME_LIMIT = env.int(
    "CELERY_TASK_SOFT_TIME_LIMIT", default=max(CELERY_TASK_TIME_LIMIT - 60, 1)
)
# A task is acknowledged after it ran, and given back to the queue when its worker
# process dies under it; Redis hands an unacknowledged task of a vanished worker to
# another one after the visibility timeout. The sweep (below) does not wait for that:
# a render or bulk-print part whose heartbeat stops is queued again within 2 minutes.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=CELERY_TASK_TIME_LIMIT + 300)
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TIMEZONE = TIME_ZONE
CELERY_WORKER_SEND_TASK_EVENTS = False
# Renders and bulk-print parts beat every HEARTBEAT_SECONDS while they run; one silent
# for STALE_HEARTBEAT_SECONDS lost its worker. After MAX_RENDER_ATTEMPTS attempts a
# render is failed with the reason (the user can run it again).
HEARTBEAT_SECONDS = env.int("HEARTBEAT_SECONDS", default=10)
STALE_HEARTBEAT_SECONDS = env.int("STALE_HEARTBEAT_SECONDS", default=45)
MAX_RENDER_ATTEMPTS = env.int("MAX_RENDER_ATTEMPTS", default=3)
# Work still queued this long after its request lost its task (Redis was down at the
# commit): the sweep sends it again (a duplicate is harmless, one attempt claims the row).
SWEEP_QUEUED_GRACE_SECONDS = env.int("SWEEP_QUEUED_GRACE_SECONDS", default=60)
# What the sweep picks up (core.tasks.sweep): each returns how many it queued again.
SWEEPS = [
    "core.mail.send_due_mails",
    "documents.services.requeue_stale_documents",
    "dossiers.services.recover_bulk_prints",
    "reports.services.requeue_stale_issues",
]
WORKER_HEARTBEAT_SECONDS = env.float("WORKER_HEARTBEAT_SECONDS", default=15)
WORKER_STALE_SECONDS = env.int("WORKER_STALE_SECONDS", default=60)
# Deadline reminders (registration, periodic reports): once a day, before office hours.
CELERY_BEAT_SCHEDULE = {
    "reports-deadline-reminders": {
        "task": "reports.tasks.send_deadline_reminders",
        "schedule": crontab(hour=6, minute=30),
    },
    "core-sweep": {"task": "core.tasks.sweep", "schedule": env.float("SWEEP_SECONDS", default=60)},
    # Readiness (core.health): each worker that runs this writes when it was alive; one
    # not heard of for WORKER_STALE_SECONDS is not counted. A heartbeat still waiting
    # after that expires (a few at most pile up while the workers are down or busy).
    "core-worker-heartbeat": {
        "task": "core.tasks.worker_heartbeat",
        "schedule": WORKER_HEARTBEAT_SECONDS,
        "options": {"expires": WORKER_STALE_SECONDS},
    },
}

if REDIS_URL:
    # A cache outage only makes pages slower: core.cache.DegradingRedisCache answers a
    # miss (and skips the write) instead of raising when Redis does not answer.
    CACHES = {
        "default": {
            "BACKEND": "core.cache.DegradingRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default="")
if EMAIL_FILE_PATH:
    # Each message written to a file in that folder (staging, and the broker tests' worker).
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
elif EMBEDDED or env.bool("EMAIL_CONSOLE", default=False):
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
else:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
    EMAIL_PORT = env.int("EMAIL_PORT", default=587)
    EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
    EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
    EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=True)
# An SMTP server that hangs cannot hold a worker (or an outbox row's lock) for long.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
# Pauses (seconds) after each failed attempt to send a mail (core.mail); the default adds
# up to about 28 hours, after which the mail is marked failed for an administrator.
MAIL_RETRY_DELAYS = env.list(
    "MAIL_RETRY_DELAYS",
    cast=int,
    default=[60 * m for m in (1, 2, 5, 10, 20, 30, 60, 120, 240, 480, 720)],
)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Thi đua số <no-reply@localhost>")
PORTAL_BASE_URL = env.str("PORTAL_BASE_URL", default="http://127.0.0.1:8000")

# Absolute session length from sign-in, and the idle timeout (security.middleware).
SESSION_COOKIE_AGE = env.int("SESSION_MAX_SECONDS", default=8 * 60 * 60)
SESSION_IDLE_SECONDS = env.int("SESSION_IDLE_MINUTES", default=30) * 60

# Two-factor sign-in (django-otp): TOTP apps and single-use recovery codes.
OTP_TOTP_ISSUER = "Thi đua số"
OTP_TOTP_THROTTLE_FACTOR = 1

# Changes to rules, units, accounts, signers and issuing bodies: who, when, before, after.
AUDITLOG_INCLUDE_TRACKING_MODELS = (
    {"model": "units.User", "exclude_fields": ["last_login"], "mask_fields": ["password"]},
    "units.Unit",
    "documents.IssuingBody",
    "documents.Signer",
    "documents.DocumentType",
    "criteria.CriterionSet",
    "criteria.Criterion",
    "awards.AwardForm",
    "awards.LegalRegime",
    "awards.BonusCoefficient",
    "awards.BaseSalary",
    "dossiers.DossierRule",
    "dossiers.CouncilMember",
    "dossiers.EligibilityOverride",
    "registrations.Campaign",
    "registrations.DeadlineOverride",
    "registrations.RegistrationWindow",
    "reports.ReportingPeriod",
    "reports.ReminderOffset",
)
AUDITLOG_STORE_JSON_CHANGES = True

# Content-Security-Policy (django-csp 4): no inline script or style anywhere, no eval
# (htmx runs with allowEval off), nothing from another origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), "
    "bluetooth=(), magnetometer=(), gyroscope=(), accelerometer=(), interest-cohort=()"
)
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "ERROR"},
        "celery.app.trace": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}
