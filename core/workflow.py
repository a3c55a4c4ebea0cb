"""The workflow every unit document shares: registration, assessment, periodic report and
award proposal.

A unit drafts the document; its head sends it (plan I.2); the culture office returns it
with reasons or takes it (accepts, scores, acknowledges); a returned document is edited
and sent again. The first submission is kept (it decides "on time"), what was sent is
frozen as a Version and every change of state writes a Transition.

Each app adds only what differs: its checks before sending, its snapshot, its notices,
the states its office moves to. The pieces here are the model mixins, three service
steps called inside the app's transaction, and the view's answer to a refused action.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .db import CompiledRead
from .fingerprint import check_version
from .models import Transition, Version
from .services import freeze_version, record_transition
from .text import local_time


class UnitDocument(models.Model):
    """A document a unit sends to the office: when it was first and last sent."""

    # The states in which the unit may still change it (every model's Status has both).
    EDITABLE = ("draft", "returned")

    first_submitted_at = models.DateTimeField(_("gửi lần đầu lúc"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("gửi lần gần nhất lúc"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_editable(self):
        return self.status in self.EDITABLE


class ReviewedUnitDocument(UnitDocument):
    """A unit document the office decides on in one step: who decided, and when."""

    reviewed_at = models.DateTimeField(_("xử lý lúc"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        abstract = True


def lock(document, *related):
    """The row of `document` again, locked for this transaction (two actors cannot both act).

    Only the document's own row is locked (`of=("self",)`): the related rows are read with
    it, and PostgreSQL refuses FOR UPDATE on the nullable side of an outer join (an office
    proposal has no registration)."""
    return (
        type(document)
        .objects.select_for_update(of=("self",))
        .select_related(*related)
        .get(pk=document.pk)
    )


def require_state(document, states, error, message):
    """Raise `error(message)` unless `document` is in one of `states`; `message` may name
    the current state as %(status)s."""
    if document.status not in states:
        raise error(message % {"status": document.get_status_display()})


def mark_submitted(document, *, by, at, snapshot, on_time=None, files=None):
    """The unit sends `document` (locked, checked): submitted, first and last submission,
    lateness decided once by `on_time(at)` when given, the version `snapshot(document)`
    frozen with its fingerprint over the files `files(document)` when given, the
    transition written.

    Returns the state it left (draft, or returned when it is sent again).
    """
    from_state = document.status
    if document.first_submitted_at is None:
        document.first_submitted_at = at
        if on_time is not None:
            document.is_late = not on_time(at)
    document.submitted_at = at
    document.status = document.Status.SUBMITTED
    document.save()
    frozen_files = files(document) if files else ()
    freeze_version(document, snapshot(document), by=by, at=at, files=frozen_files)
    record_transition(document, by=by, from_state=from_state, to_state=document.status, at=at)
    return from_state


def mark_reviewed(document, *, by, to_state, comment, at):
    """The office's decision on a locked, submitted `document`: the new state, who and when,
    the return reason (kept only on a return, where the model has one) and the transition."""
    from_state = document.status
    document.status = to_state
    document.reviewed_at = at
    document.reviewed_by = by
    if hasattr(document, "return_reason"):
        document.return_reason = comment if to_state == document.Status.RETURNED else ""
    document.save()
    record_transition(
        document, by=by, from_state=from_state, to_state=to_state, comment=comment, at=at
    )
    return document


def refuse(request, document, error, render, *, status=400, **kwargs):
    """A refused action shown on the document's page with a 4xx: nothing was changed."""
    messages.error(request, str(error))
    document.refresh_from_db()
    return render(request, document, status=status, **kwargs)


def version_check(request, version):
    """The fingerprint check of `version` when the reader pressed "Kiểm tra" (?kiem_tra=1),
    else None; the caller has fetched the version through its access helper."""
    return check_version(version) if request.GET.get("kiem_tra") else None


# A document's history as the detail pages list it: only the columns shown (a version's
# `data` and the users' other columns stay in the database), compiled once per process.
_VERSIONS = CompiledRead(
    lambda content_type, document: (
        Version.objects.filter(content_type_id=content_type, object_id=document)
        .order_by("number")
        .values_list("number", "created_at", "created_by__full_name", "created_by__username")
    )
)
_TRANSITIONS = CompiledRead(
    lambda content_type, document: (
        Transition.objects.filter(content_type_id=content_type, object_id=document)
        .order_by("at", "pk")
        .values_list(
            "at", "from_state", "to_state", "comment", "actor__full_name", "actor__username"
        )
    )
)


def _state_label(document, state):
    status = getattr(type(document), "Status", None)
    if status is None or state not in status.values:
        return state
    return str(status(state).label)


def transitions_of(document):
    """The state changes of `document`, oldest first, as rows for includes/_transitions.html
    (the same names as a Transition's: at_text, actor, from_state, from_label, to_label,
    comment), read in one narrow query."""
    content_type = ContentType.objects.get_for_model(document).pk
    return [
        {
            "at_text": local_time(at),
            "actor": full_name or username,
            "from_state": from_state,
            "from_label": _state_label(document, from_state) if from_state else "",
            "to_label": _state_label(document, to_state),
            "comment": comment,
        }
        for at, from_state, to_state, comment, full_name, username in _TRANSITIONS.rows(
            content_type=content_type, document=document.pk
        )
    ]


def history(document, version_url):
    """The context of includes/_versions_history.html for `document`: its sent versions
    (number, link to the URL named `version_url`, when and by whom) and its transitions."""
    content_type = ContentType.objects.get_for_model(document).pk
    label = gettext("Bản gửi lần %(n)s")
    versions = [
        {
            "label": label % {"n": number},
            "url": reverse(version_url, args=[document.pk, number]),
            "created_at_text": local_time(created_at),
            "created_by": full_name or username,
        }
        for number, created_at, full_name, username in _VERSIONS.rows(
            content_type=content_type, document=document.pk
        )
    ]
    return {"versions": versions, "transitions": transitions_of(document)}
