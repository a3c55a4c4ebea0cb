"""A Redis cache that degrades: when Redis does not answer, a read is a miss and a write
is skipped, so a cache outage makes pages slower, never an error 500."""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

# After a failure the cache is not asked again for a few seconds: each request would
# otherwise wait for the connection timeout.
PAUSE_SECONDS = 5


class DegradingRedisCache(RedisCache):
    _down_until = 0.0

    def _guard(method_name, default=None):  # noqa: N805 - a decorator factory in the class body
        def method(self, *args, **kwargs):
            if time.monotonic() < DegradingRedisCache._down_until:
                return _default(default, args, kwargs)
            try:
                return getattr(RedisCache, method_name)(self, *args, **kwargs)
            except Exception as error:  # the cache is an optimisation: answer without it
                if method_name == "incr" and isinstance(error, ValueError):
                    raise  # a missing key: Redis answered, it is not down
                DegradingRedisCache._down_until = time.monotonic() + PAUSE_SECONDS
                logger.warning("Cache unavailable (%s): %s", method_name, error)
                return _default(default, args, kwargs)

        method.__name__ = method_name
        return method

    get = _guard("get", default="default")
    get_many = _guard("get_many", default={})
    set = _guard("set", default=None)
    add = _guard("add", default=False)
    set_many = _guard("set_many", default=[])
    delete = _guard("delete", default=False)
    delete_many = _guard("delete_many", default=None)
    touch = _guard("touch", default=False)
    has_key = _guard("has_key", default=False)
    incr = _guard("incr", default="raise")
    clear = _guard("clear", default=None)

    def get_or_set(self, key, default, timeout=DEFAULT_TIMEOUT, version=None):
        # RedisCache's get_or_set calls get and add: both guarded; without a cache the
        # value is computed each time.
        value = self.get(key, version=version)
        if value is None:
            value = default() if callable(default) else default
            if value is not None:
                self.add(key, value, timeout=timeout, version=version)
        return value


def _default(default, args, kwargs):
    if default == "default":  # get(key, default=None)
        return kwargs.get("default", args[1] if len(args) > 1 else None)
    if default == "raise":
        raise ValueError("cache unavailable")
    return (
        default()
        if callable(default)
        else (default.copy() if isinstance(default, dict | list) else default)
    )
