"""The office's consolidation: the year's accepted nominees gathered and sent to the council."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.datacache import data_changed
from core.services import notify_users, record_transition
from registrations.models import CampaignRole
from registrations.roles import office_only, roles_on
from units.models import Role, User

from ..models import DistrictSubmission, Nominee
from ..permissions import can_consolidate
from ..queries import consolidable_nominees
from .common import DossierError, _set_nominee_status


def start_submission(campaign, year, *, by, now=None):
    """Gather the year's accepted nominees into a new district submission (office only).

    Refuses when there is nothing to consolidate or a draft for the year is open.
    """
    now = now or timezone.now()
    if not can_consolidate(by):
        raise DossierError(office_only(campaign, _("tổng hợp hồ sơ")))
    with transaction.atomic():
        if DistrictSubmission.objects.filter(
            campaign=campaign, year=year, status=DistrictSubmission.Status.DRAFT
        ).exists():
            raise DossierError(
                _("Đã có bản tổng hợp năm %(year)s đang soạn; hãy hoàn thành bản đó.")
                % {"year": year}
            )
        nominees = list(consolidable_nominees(campaign, year).select_for_update())
        if not nominees:
            raise DossierError(
                _("Chưa có tập thể, cá nhân nào được tiếp nhận năm %(year)s để tổng hợp.")
                % {"year": year}
            )
        submission = DistrictSubmission.objects.create(
            campaign=campaign, year=year, created_by=by, created_at=now
        )
        Nominee.objects.filter(pk__in=[n.pk for n in nominees]).update(submission=submission)
        record_transition(
            submission, by=by, from_state="", to_state=DistrictSubmission.Status.DRAFT, at=now
        )
    return submission


def exclude_from_submission(submission, nominee, *, by):
    """Take an accepted nominee out of a submission still being prepared (office only)."""
    if not can_consolidate(by):
        raise DossierError(office_only(submission.campaign, _("sửa bản tổng hợp")))
    with transaction.atomic():
        submission = DistrictSubmission.objects.select_for_update().get(pk=submission.pk)
        if submission.status != DistrictSubmission.Status.DRAFT:
            raise DossierError(_("Bản tổng hợp đã trình Hội đồng, không sửa được."))
        updated = Nominee.objects.filter(pk=nominee.pk, submission=submission).update(
            submission=None
        )
        if not updated:
            raise DossierError(_("Đề nghị này không có trong bản tổng hợp."))
        data_changed()  # the submissions list counts a submission's nominees


def send_submission(submission, *, by, now=None):
    """Submit the consolidation to the council through the council secretariat (office only).

    Refuses an empty submission or one already sent. Each nominee becomes "included";
    the council is notified.
    """
    now = now or timezone.now()
    if not can_consolidate(by):
        raise DossierError(office_only(submission.campaign, _("trình bản tổng hợp")))
    with transaction.atomic():
        submission = DistrictSubmission.objects.select_for_update().get(pk=submission.pk)
        if submission.status != DistrictSubmission.Status.DRAFT:
            raise DossierError(_("Bản tổng hợp đã trình Hội đồng."))
        nominees = list(submission.nominees.select_related("proposal__unit"))
        if not nominees:
            raise DossierError(_("Bản tổng hợp chưa có tập thể, cá nhân nào."))
        for nominee in nominees:
            _set_nominee_status(nominee, Nominee.Status.INCLUDED, by=by, at=now)
        submission.status = DistrictSubmission.Status.SENT
        submission.sent_at = now
        submission.save()
        record_transition(
            submission,
            by=by,
            from_state=DistrictSubmission.Status.DRAFT,
            to_state=submission.status,
            at=now,
        )
        # The council of the campaign's own organisation, not another locality's.
        notify_users(
            User.objects.filter(
                role=Role.COUNCIL, is_active=True, organisation=submission.campaign.organisation_id
            ),
            subject=_("Tờ trình đề nghị khen thưởng"),
            text=_("%(office)s trình Hội đồng %(n)s đề nghị khen thưởng năm %(year)s.")
            % {
                "office": roles_on(submission.campaign, timezone.localdate()).name_or(
                    CampaignRole.Kind.STANDING_OFFICE, _("Cơ quan thường trực phong trào")
                ),
                "n": len(nominees),
                "year": submission.year,
            },
            url=reverse("dossiers:submission_detail", args=[submission.pk]),
            at=now,
        )
    return submission
