"""Queue background work without ever breaking the action that asked for it.

Every service that hands work to Celery goes through `enqueue_on_commit`: the task is
sent after the commit, and a broker that does not answer (Redis down, a network cut)
is logged instead of raised, so the user sees the committed action succeed. The work
itself is not lost: its row is in the database (a queued render, a pending mail, a
queued bulk-print part) and the sweep (`core.tasks.sweep`, every minute and when a
worker starts) sends it again.
"""

import logging

from django.db import transaction

logger = logging.getLogger(__name__)


def enqueue(task, **kwargs):
    """Send `task` with keyword arguments now; return True if the broker took it.

    An eager task (embedded mode, tests) runs here: its own errors propagate as usual.
    """
    from django.conf import settings

    if settings.CELERY_TASK_ALWAYS_EAGER:
        task.apply_async(kwargs=kwargs)
        return True
    try:
        task.apply_async(kwargs=kwargs, retry=False)
    except Exception:  # the broker is down: the sweep picks the work up from its row
        logger.exception("Could not queue %s(%s); the sweep will send it again", task.name, kwargs)
        return False
    return True


def enqueue_on_commit(task, **kwargs):
    """Send `task` after the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: enqueue(task, **kwargs))
