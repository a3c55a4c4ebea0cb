"""Test override: fast hashing, media in a temporary folder, mail kept in memory.

Celery stays eager even when REDIS_URL is set: only the broker tests (tests/broker/)
switch it off for their own run against a real worker.
"""

import atexit
import os
import shutil
import tempfile

from .settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = tempfile.mkdtemp(prefix="thidua-media-")
atexit.register(shutil.rmtree, MEDIA_ROOT, ignore_errors=True)
STORAGES = {  # noqa: F405
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CELERY_TASK_ALWAYS_EAGER = True
AXES_ENABLED = True
DEBUG = False
# With DATABASE_URL set the production security settings switch on; the test client
# and the browser tests speak plain HTTP to the test server.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# No collectstatic before tests: WhiteNoise finds the files in static/ on each request.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# django-otp's per-device back-off (1 s, 2 s, 4 s… after each wrong code) would make the
# tests wait; the lockout after AXES_FAILURE_LIMIT wrong codes is tested instead.
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0
# Parallel test processes (pytest-xdist) each have their own database but, with REDIS_URL
# set (CI's PostgreSQL stage), one Redis: the figures cached by row ids (core.datacache)
# and the data generation must not pass from one process's tests to another's.
if os.environ.get("PYTEST_XDIST_WORKER"):
    CACHES["default"]["KEY_PREFIX"] = os.environ["PYTEST_XDIST_WORKER"]  # noqa: F405
