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
from django.db import models
from django.utils.translation import gettext_lazy as _

from .fingerprint import check_version
from .services import freeze_version, record_transition


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
