"""Thin Celery tasks over documents.services: render a PDF, write its DOCX, merge a bundle.

Services never raise for a failed render (they record it), so an eager run inside a
web request shows the failure on the page instead of an error 500. With a real worker
a failure is retried twice, with a pause, before it is final.
"""

from celery import shared_task
from django.conf import settings

from . import services
from .models import DocumentBundle, GeneratedDocument

Status = GeneratedDocument.Status


def _will_retry(task, document=None):
    if document is not None and (
        document.attempts - document.attempts_before_retry >= settings.MAX_RENDER_ATTEMPTS
    ):
        return False  # the cap is reached: the failure stands, with its reason
    return not task.request.is_eager and task.request.retries < task.max_retries


@shared_task(bind=True, acks_late=True, max_retries=2)
def render_document(self, *, document_id):
    """Render a queued version's PDF; once final (done or failed for good), tell its bundles."""
    document = services.render_document(document_id)
    if document is None:
        return None
    if document.status == Status.FAILED and _will_retry(self, document):
        GeneratedDocument.objects.filter(pk=document_id, status=Status.FAILED).update(
            status=Status.QUEUED, progress=0
        )
        raise self.retry(countdown=5 * (self.request.retries + 1))
    services.advance_bundles_of(document_id)
    return document.status


@shared_task(bind=True, acks_late=True, max_retries=2)
def render_docx(self, *, document_id):
    """Write the DOCX twin of a version whose PDF is done."""
    document = services.render_docx(document_id)
    if document is None:
        return None
    if document.docx_status == Status.FAILED and _will_retry(self):
        GeneratedDocument.objects.filter(pk=document_id, docx_status=Status.FAILED).update(
            docx_status=Status.QUEUED
        )
        raise self.retry(countdown=5 * (self.request.retries + 1))
    return document.docx_status


@shared_task(bind=True, acks_late=True, max_retries=2)
def merge_bundle(self, *, bundle_id):
    """Merge the finished parts of a bundle behind its table of contents."""
    bundle = services.merge_bundle(bundle_id)
    if bundle is None:
        return None
    if bundle.status == DocumentBundle.Status.FAILED and _will_retry(self):
        DocumentBundle.objects.filter(pk=bundle_id, status=DocumentBundle.Status.FAILED).update(
            status=DocumentBundle.Status.MERGING
        )
        raise self.retry(countdown=5 * (self.request.retries + 1))
    return bundle.status


@shared_task
def requeue_stale_documents():
    """Beat: send again the renders whose task was lost (see the service)."""
    return services.requeue_stale_documents()
