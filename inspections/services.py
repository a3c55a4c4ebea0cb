"""Writes of the year's inspections: plan, record (findings, evidence, recommendations),
close the record, answer a recommendation. Each checks who may act and the state under a
row lock, and records a core.Transition."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.files import EVIDENCE_KINDS, files_removed_on_error, generated_name, validate_upload
from core.services import notify_users, record_transition
from core.text import clean_file_name, nfc, short_date
from core.workflow import lock
from registrations.queries import expected_units
from registrations.roles import office_only
from units.models import User

from . import queries
from .models import (
    Finding,
    Inspection,
    InspectionEvidence,
    InspectionPlan,
    Recommendation,
)
from .permissions import (
    can_answer_recommendation,
    can_plan_inspections,
    can_record_inspection,
)


class InspectionError(Exception):
    """A refused inspection action; the message is Vietnamese, for the user."""


def _text(value, message):
    value = nfc((value or "").strip())
    if not value:
        raise InspectionError(message)
    return value


def _unit_members(unit):
    return User.objects.filter(unit=unit, is_active=True)


def plan_inspection(window, unit, *, by, planned_on, team_name, team_members, now=None):
    """Plan the inspection of `unit` in `window`'s year: the day, the team and its members.

    Culture office only; the unit must be one expected in the year, the day inside the
    year, inspected once a year. The year's plan is created with its first inspection.
    The unit's members are told the day and the team.
    """
    now = now or timezone.now()
    if not can_plan_inspections(by):
        raise InspectionError(office_only(window.campaign, _("lập kế hoạch kiểm tra")))
    team_name = _text(team_name, _("Cần ghi tên đoàn kiểm tra."))
    team_members = _text(team_members, _("Cần ghi thành viên đoàn kiểm tra (mỗi dòng một người)."))
    if planned_on.year != window.year:
        raise InspectionError(_("Ngày kiểm tra phải thuộc năm %(year)s.") % {"year": window.year})
    if not expected_units(window).filter(pk=unit.pk).exists():
        raise InspectionError(
            _("%(unit)s không thuộc diện thi đua năm %(year)s.")
            % {"unit": unit.name, "year": window.year}
        )
    with transaction.atomic():
        plan, _created = InspectionPlan.objects.get_or_create(
            window=window, defaults={"created_by": by, "created_at": now}
        )
        try:
            with transaction.atomic():
                inspection = Inspection.objects.create(
                    plan=plan,
                    unit=unit,
                    planned_on=planned_on,
                    team_name=team_name,
                    team_members=team_members,
                    created_by=by,
                    created_at=now,
                )
        except IntegrityError:
            raise InspectionError(
                _("%(unit)s đã có trong kế hoạch kiểm tra năm %(year)s.")
                % {"unit": unit.name, "year": window.year}
            ) from None
        record_transition(
            inspection,
            by=by,
            from_state="",
            to_state=Inspection.Status.PLANNED,
            comment=_("Kiểm tra ngày %(day)s, %(team)s.")
            % {"day": short_date(planned_on), "team": team_name},
            at=now,
        )
        notify_users(
            _unit_members(unit),
            subject=_("Kế hoạch kiểm tra thi đua"),
            text=_("%(team)s sẽ kiểm tra %(unit)s ngày %(day)s.")
            % {"team": team_name, "unit": unit.name, "day": short_date(planned_on)},
            url=reverse("inspections:detail", args=[inspection.pk]),
            at=now,
        )
    return inspection


def _locked_for_recording(inspection, by):
    """The inspection locked, if `by` may still write its record (office, planned)."""
    if not can_plan_inspections(by):
        raise InspectionError(
            office_only(inspection.plan.window.campaign, _("ghi kết quả kiểm tra"))
        )
    inspection = lock(inspection, "plan__window__campaign", "unit")
    if not can_record_inspection(by, inspection):
        raise InspectionError(
            _("Cuộc kiểm tra đã “%(status)s”: không sửa được kết quả.")
            % {"status": inspection.get_status_display()}
        )
    return inspection


def add_finding(inspection, *, by, text, criterion=None, target=None, now=None):
    """A finding about one criterion of the unit's set, one target it registered, or
    the unit in general (neither)."""
    now = now or timezone.now()
    text = _text(text, _("Cần ghi nội dung kết quả kiểm tra."))
    if criterion is not None and target is not None:
        raise InspectionError(_("Mỗi kết quả kiểm tra chỉ về một tiêu chí hoặc một chỉ tiêu."))
    with transaction.atomic():
        inspection = _locked_for_recording(inspection, by)
        if criterion is not None and criterion.pk not in {
            c.pk for c in queries.criteria_for(inspection)
        }:
            raise InspectionError(_("Tiêu chí không thuộc bộ tiêu chí của đơn vị năm này."))
        if target is not None and target.pk not in {t.pk for t in queries.targets_for(inspection)}:
            raise InspectionError(_("Chỉ tiêu không thuộc đăng ký của đơn vị năm này."))
        return Finding.objects.create(
            inspection=inspection, criterion=criterion, target=target, text=text, created_at=now
        )


def add_recommendation(inspection, *, by, text, due_on):
    """A recommendation to the unit, due by `due_on` (not before the inspection's day)."""
    text = _text(text, _("Cần ghi nội dung kiến nghị."))
    with transaction.atomic():
        inspection = _locked_for_recording(inspection, by)
        if due_on < inspection.planned_on:
            raise InspectionError(
                _("Thời hạn thực hiện kiến nghị phải từ ngày kiểm tra (%(day)s) trở đi.")
                % {"day": short_date(inspection.planned_on)}
            )
        return Recommendation.objects.create(inspection=inspection, text=text, due_on=due_on)


def add_evidence(inspection, upload, *, by, now=None):
    """A file the team collected, checked by its content (PDF, Word, ODT, Excel, PNG, JPEG)."""
    now = now or timezone.now()
    try:
        kind = validate_upload(upload, EVIDENCE_KINDS)
    except ValidationError as error:
        raise InspectionError(" ".join(error.messages)) from error
    with files_removed_on_error() as track, transaction.atomic():
        inspection = _locked_for_recording(inspection, by)
        evidence = InspectionEvidence(
            inspection=inspection,
            original_name=clean_file_name(
                upload.name, InspectionEvidence._meta.get_field("original_name").max_length
            ),
            kind=kind,
            size=upload.size,
            uploaded_at=now,
            uploaded_by=by,
        )
        folder = f"{inspection.plan.year}/{inspection.unit.code}"
        evidence.file.save(generated_name(folder, evidence.original_name), upload, save=False)
        track(evidence.file)
        evidence.save()
    return evidence


def record_inspection(inspection, *, by, visited_on, conclusion, now=None):
    """Close the record of the visit: its day and conclusion. At least one finding; the
    day not in the future nor outside the year. With recommendations the unit is asked to
    answer them (recorded), without any the inspection is done (closed)."""
    now = now or timezone.now()
    conclusion = _text(conclusion, _("Cần ghi kết luận chung của đoàn kiểm tra."))
    with transaction.atomic():
        inspection = _locked_for_recording(inspection, by)
        if visited_on > timezone.localdate(now):
            raise InspectionError(_("Ngày kiểm tra không được sau hôm nay."))
        if visited_on.year != inspection.plan.year:
            raise InspectionError(
                _("Ngày kiểm tra phải thuộc năm %(year)s.") % {"year": inspection.plan.year}
            )
        if not inspection.findings.exists():
            raise InspectionError(
                _("Cần ghi ít nhất một kết quả kiểm tra trước khi chốt biên bản.")
            )
        open_count = inspection.recommendations.count()
        from_state = inspection.status
        inspection.status = Inspection.Status.RECORDED if open_count else Inspection.Status.CLOSED
        inspection.visited_on, inspection.conclusion = visited_on, conclusion
        inspection.recorded_by, inspection.recorded_at = by, now
        inspection.save()
        record_transition(
            inspection,
            by=by,
            from_state=from_state,
            to_state=inspection.status,
            comment=_("Kiểm tra ngày %(day)s; %(n)s kiến nghị.")
            % {"day": short_date(visited_on), "n": open_count},
            at=now,
        )
        if open_count:
            notify_users(
                _unit_members(inspection.unit),
                subject=_("Kết quả kiểm tra thi đua"),
                text=_(
                    "Đoàn kiểm tra đã chốt biên bản kiểm tra %(unit)s với %(n)s kiến nghị: "
                    "đơn vị trả lời kết quả thực hiện từng kiến nghị."
                )
                % {"unit": inspection.unit.name, "n": open_count},
                url=reverse("inspections:detail", args=[inspection.pk]),
                at=now,
            )
    return inspection


def answer_recommendation(recommendation, *, by, response, now=None):
    """The unit says what it did about a recommendation; the inspection is closed when
    every recommendation is answered (the office is told)."""
    now = now or timezone.now()
    response = _text(response, _("Cần ghi kết quả thực hiện kiến nghị."))
    with transaction.atomic():
        inspection = lock(recommendation.inspection, "unit", "plan__window__campaign")
        recommendation = lock(recommendation)
        recommendation.inspection = inspection
        if not can_answer_recommendation(by, recommendation):
            if recommendation.status == Recommendation.Status.ANSWERED:
                raise InspectionError(_("Kiến nghị này đã được trả lời."))
            raise InspectionError(_("Chỉ đơn vị được kiểm tra mới trả lời kiến nghị."))
        recommendation.status = Recommendation.Status.ANSWERED
        recommendation.response = response
        recommendation.responded_by, recommendation.responded_at = by, now
        recommendation.save()
        record_transition(
            recommendation,
            by=by,
            from_state=Recommendation.Status.OPEN,
            to_state=Recommendation.Status.ANSWERED,
            comment=response,
            at=now,
        )
        if not inspection.recommendations.filter(status=Recommendation.Status.OPEN).exists():
            inspection.status = Inspection.Status.CLOSED
            inspection.save(update_fields=["status"])
            record_transition(
                inspection,
                by=by,
                from_state=Inspection.Status.RECORDED,
                to_state=Inspection.Status.CLOSED,
                comment=_("Đơn vị đã trả lời đủ các kiến nghị."),
                at=now,
            )
            notify_users(
                User.objects.filter(pk=inspection.recorded_by_id),
                subject=_("Đơn vị đã trả lời kiến nghị kiểm tra"),
                text=_("%(unit)s đã trả lời đủ các kiến nghị của đoàn kiểm tra.")
                % {"unit": inspection.unit.name},
                url=reverse("inspections:detail", args=[inspection.pk]),
                at=now,
            )
    return recommendation
