"""Shared workflow plumbing: transition records, frozen versions, notices and mail."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.utils import timezone

from .datacache import data_changed
from .fingerprint import files_of, fingerprint
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


def freeze_version(obj, data, *, by, at=None, files=()):
    """Store `data` as the next frozen version of `obj` and return it, with its
    fingerprint over `data` and the stored files `files` (FieldFiles or names)."""
    latest = Version.objects.for_object(obj).order_by("-number").first()
    frozen_files = files_of(getattr(f, "name", f) for f in files)
    return Version.objects.create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        number=(latest.number + 1) if latest else 1,
        data=data,
        files=frozen_files,
        sha256=fingerprint(data, frozen_files),
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
    count_unread_notices([u.pk for u in users])
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
    with transaction.atomic():
        marked = Notice.objects.filter(user=user).unread().update(read_at=timezone.now())
        count_unread_notices([user.pk])
    user.unread_notices = 0
    return marked


def count_unread_notices(user_ids):
    """Set the bell's count of these users (User.unread_notices) from their notices.

    Counted, not incremented: one statement, right whatever happened before (a user named
    twice in one notice, a notice read in the admin site)."""
    unread = (
        Notice.objects.filter(user=OuterRef("pk"), read_at__isnull=True)
        .order_by()
        .values("user")
        .annotate(count=Count("pk"))
        .values("count")
    )
    get_user_model().objects.filter(pk__in=user_ids).update(
        unread_notices=Coalesce(Subquery(unread), 0)
    )
