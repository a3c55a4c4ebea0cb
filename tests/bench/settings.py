"""Settings of the benchmarks: the project's own, plus the bare reference page's URL."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "tests.bench.urls"

if not DEBUG:  # noqa: F405
    # Production settings otherwise, but {% static %} needs no collected manifest (collecting
    # and compressing the files takes minutes; the benchmarks never fetch static files).
    STORAGES = {  # noqa: F405
        **STORAGES,  # noqa: F405
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    STATIC_ROOT = None  # nothing collected: whitenoise then serves no folder (and warns not)
