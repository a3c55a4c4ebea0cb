"""Settings of the benchmarks: the project's own, plus the bare reference page's URL."""

import os

from config.settings import *  # noqa: F403

ROOT_URLCONF = "tests.bench.urls"

if os.environ.get("BENCH_STATIC_ROOT"):
    # The load mode collects the static files (hashed manifest) into its work folder.
    STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]
elif not DEBUG:  # noqa: F405
    # In-process runs with DEBUG off need no collected manifest to resolve {% static %}.
    STORAGES = {  # noqa: F405
        **STORAGES,  # noqa: F405
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
