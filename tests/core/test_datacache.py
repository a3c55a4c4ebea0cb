import pytest
from django.core.cache import caches
from django.test import override_settings

from core import datacache as figures_cache
from core.services import record_transition

BROKEN_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    }
}


class Counter:
    def __init__(self):
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return {"figure": self.calls}


def test_cached_value_is_computed_once_while_no_data_changes(db):
    compute = Counter()

    first = figures_cache.cached("test:figures", compute)
    second = figures_cache.cached("test:figures", compute)

    assert (first, second, compute.calls) == ({"figure": 1}, {"figure": 1}, 1)


def test_a_state_change_makes_cached_values_stale_after_commit(
    db, django_capture_on_commit_callbacks, unit, office
):
    compute = Counter()
    figures_cache.cached("test:figures", compute)

    with django_capture_on_commit_callbacks(execute=True):
        record_transition(unit, by=office, from_state="a", to_state="b")
    again = figures_cache.cached("test:figures", compute)

    assert again == {"figure": 2}
    assert compute.calls == 2


def test_a_lost_generation_never_brings_back_older_values(db):
    compute = Counter()
    figures_cache.cached("test:figures", compute)

    caches["default"].delete(figures_cache.GENERATION_KEY)  # evicted
    again = figures_cache.cached("test:figures", compute)

    assert again == {"figure": 2}


@pytest.mark.parametrize("bump", [False, True])
def test_a_cache_outage_only_computes_without_it(db, bump, django_capture_on_commit_callbacks):
    compute = Counter()

    with override_settings(CACHES=BROKEN_CACHE):
        with django_capture_on_commit_callbacks(execute=True):
            if bump:
                figures_cache.data_changed()
        first = figures_cache.cached("test:figures", compute)
        second = figures_cache.cached("test:figures", compute)

    assert (first, second) == ({"figure": 1}, {"figure": 2})
