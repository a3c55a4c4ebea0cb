"""Shared workflow plumbing: transition records, frozen versions, notices and mail."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.template.loader import render_to_string
from django.utils import timezone

from .datacache import data_changed
from .mail import queue_mail
from .models import Notice, Transition, Version


def record_transition(obj, *, by, from_state, to_state, comment="", at=None):
    """Write the audit row of a state change; call inside the transition's transaction.

    Side effect: cached figures (core.datacache) become stale when the transaction commits.
    """
    data_changed()
    return Transition.objects.create(
        at=at or timezone.now(),
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        from_state=from_state,
        to_state=to_state,
        actor=by,
        comment=comment,
    )


def freeze_version(obj, data, *, by, at=None):
    """Store `data` as the next frozen version of `obj` and return it."""
    latest = Version.objects.for_object(obj).order_by("-number").first()
    return Version.objects.create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        number=(latest.number + 1) if latest else 1,
        data=data,
        created_by=by,
        created_at=at or timezone.now(),
    )


def notify_users(users, *, subject, text, url="", at=None):
    """Leave an in-portal notice for each user and put their e-mail in the outbox.

    Call inside the action's transaction: the notices and the mail row commit with the
    action or not at all; the mail is sent after the commit (core.mail). `at` stamps the
    notice with the moment of the event it reports (a service's `now`).
    """
    at = at or timezone.now()
    users = [u for u in users if u.is_active]
    Notice.objects.bulk_create([Notice(user=u, text=text, url=url, created_at=at) for u in users])
    recipients = sorted({u.email for u in users if u.email})
    if recipients:
        context = {"text": text, "url": f"{settings.PORTAL_BASE_URL}{url}" if url else ""}
        queue_mail(
            subject=f"[Thi đua số] {subject}",
            body=render_to_string("emails/notice_body.txt", context),
            html_body=render_to_string("emails/notice_body.html", context),
            recipients=recipients,
        )


def mark_notices_read(user):
    """Mark every unread notice of `user` as read."""
    return Notice.objects.filter(user=user).unread().update(read_at=timezone.now())
