from celery import shared_task

from . import services
from .models import GeneratedDocument


@shared_task(bind=True, acks_late=True, max_retries=2)
def render_document(self, *, document_id):
    """Render a queued version; a failure is retried by the worker, twice, with a pause.

    The service never raises for a failed render (it records it), so an eager run
    inside a web request shows the failure on the page instead of an error 500.
    """
    document = services.render_document(document_id)
    if document is None:
        return None
    if (
        document.status == GeneratedDocument.Status.FAILED
        and not self.request.is_eager
        and self.request.retries < self.max_retries
    ):
        GeneratedDocument.objects.filter(
            pk=document_id, status=GeneratedDocument.Status.FAILED
        ).update(status=GeneratedDocument.Status.QUEUED, progress=0)
        raise self.retry(countdown=5 * (self.request.retries + 1))
    return document.status
