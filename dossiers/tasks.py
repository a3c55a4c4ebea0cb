"""Background work of the bulk print: thin tasks, keyword ids, the services do the work."""

from celery import shared_task

from . import services


@shared_task(acks_late=True)
def render_bulk_part(*, part_id):
    services.render_bulk_part(part_id)


@shared_task(acks_late=True)
def merge_bulk_print(*, job_id):
    services.merge_bulk_print(job_id)
