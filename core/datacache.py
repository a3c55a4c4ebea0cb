"""Figures computed once per change of the data, kept in the cache (issue 10).

Every change that can alter a computed figure bumps one generation number: all state
changes go through core.services.record_transition, which calls `data_changed`, and
the few services that change data without a transition (unit import, period and
summary edits) call it too. A cached value is keyed by that generation, so a change
makes every older value unreachable at once; TIMEOUT bounds what an edit made outside
the services (the admin site) can leave stale. The cache is an accelerator only:
when it fails (Redis down), `cached` computes the value and the page is just slower.
"""

import logging
import time

from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger(__name__)

GENERATION_KEY = "core:data-generation"
TIMEOUT = 10 * 60


def _generation():
    try:
        value = cache.get(GENERATION_KEY)
        if value is None:
            cache.add(GENERATION_KEY, _fresh_generation(), timeout=None)
            value = cache.get(GENERATION_KEY)
    except Exception:  # the cache is an accelerator: any failure means "compute"
        logger.warning("cache unavailable: computing without it", exc_info=True)
        return None
    return value


def cached(key, compute, *, timeout=TIMEOUT):
    """`compute()`'s value, from the cache while no data changed since it was stored."""
    generation = _generation()
    if generation is None:
        return compute()
    full_key = f"{key}:g{generation}"
    try:
        value = cache.get(full_key)
    except Exception:
        logger.warning("cache unavailable: computing without it", exc_info=True)
        return compute()
    if value is None:
        value = compute()
        try:
            cache.set(full_key, value, timeout=timeout)
        except Exception:
            logger.warning("cache unavailable: value not stored", exc_info=True)
    return value


def data_changed():
    """Make every cached figure stale, once the current transaction commits."""
    transaction.on_commit(_bump)


def _fresh_generation():
    # From the clock, not 1: a generation lost (evicted) and started again must not
    # make values stored under an earlier number current again.
    return time.time_ns() // 1000


def _bump():
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # no generation yet (evicted, first run): start one
        try:
            cache.add(GENERATION_KEY, _fresh_generation(), timeout=None)
        except Exception:
            logger.warning("cache unavailable: generation not bumped", exc_info=True)
    except Exception:
        logger.warning("cache unavailable: generation not bumped", exc_info=True)
