"""Test override: fast hashing, media in a temporary folder, mail kept in memory."""

import tempfile

from .settings import *  # noqa: F403
from .settings import REDIS_URL

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = tempfile.mkdtemp(prefix="thidua-media-")
STORAGES = {  # noqa: F405
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The suite runs eager unless the broker tests ask for the real worker.
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
AXES_ENABLED = True
DEBUG = False
# Browser tests (live_server) get the static files from the app folders, as locally.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
