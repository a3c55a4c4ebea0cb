"""Criteria and scoring: criterion sets, the unit's results, the office's scoring.

Assessment workflow: draft → submitted → scored | returned → submitted → scored.
Every transition checks the actor's role and the current state and writes the new
state and a transition record in one transaction. Saves that start from a page the
user loaded carry the assessment's `revision`; a save from a stale page is refused
(ConcurrentChangeError) instead of overwriting someone else's work.
"""

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.files import EVIDENCE_KINDS, files_removed_on_error, generated_name, validate_upload
from core.services import notify_users, record_transition
from core.text import clean_file_name, local_time, nfc, percent, upper_first
from core.workflow import mark_submitted
from registrations.models import Registration
from registrations.roles import office_name, office_only
from units.models import Tier, User
from units.permissions import is_member_of
from units.queries import office_users

from . import scoring
from .models import (
    FIGURES_BY_KIND,
    SCORED_TIERS,
    Assessment,
    Criterion,
    CriterionSet,
    Evidence,
    Result,
    TargetResult,
)
from .permissions import can_manage_criteria, can_send_assessment, can_work_on_assessment
from .scoring import Kind

CRITERION_FIELDS = (
    "code",
    "text",
    "plan_section",
    "kind",
    "comparison",
    "threshold",
    "is_mandatory",
    "max_points",
    "order",
    "total_label",
    "excluded_label",
    "done_label",
)


class CriteriaError(Exception):
    """A refused criteria or scoring action; the message is shown to the user."""


class ConcurrentChangeError(CriteriaError):
    """The assessment changed after the user loaded the page; nothing was saved."""


# ---------------------------------------------------------------------------
# Criterion sets


def create_criterion_set(campaign, year, tier, *, rows, by=None):
    """Create version 1 of the set of a campaign year and tier from criterion rows (dicts).

    Refuses a tier that is not scored and a year that already has a set.
    """
    if tier not in SCORED_TIERS:
        raise CriteriaError(_("Khối này không chấm theo bộ tiêu chí."))
    _check_rows(rows)
    try:
        with transaction.atomic():
            criterion_set = CriterionSet.objects.create(
                campaign=campaign, year=year, tier=tier, created_by=by
            )
            Criterion.objects.bulk_create(
                Criterion(criterion_set=criterion_set, **_criterion_values(row)) for row in rows
            )
    except IntegrityError as error:
        raise CriteriaError(
            _("Năm %(year)s đã có bộ tiêu chí cho khối này.") % {"year": year}
        ) from error
    return criterion_set


def copy_criterion_sets_forward(campaign, year, *, by):
    """Create the missing sets of `year` as copies of the previous year's newest versions.

    Only the culture office maintains criteria (plan VI.1). Returns the created sets;
    tiers that already have a set for `year`, or had none the year before, are skipped.
    """
    _check_office(by)
    created = []
    with transaction.atomic():
        for tier in SCORED_TIERS:
            if CriterionSet.objects.filter(campaign=campaign, year=year, tier=tier).exists():
                continue
            source = CriterionSet.objects.latest_for(campaign, year - 1, tier)
            if source is None:
                continue
            rows = [
                {name: getattr(c, name) for name in CRITERION_FIELDS} for c in source.criteria.all()
            ]
            created.append(create_criterion_set(campaign, year, tier, rows=rows, by=by))
    return created


def update_criteria(criterion_set, *, by, rows):
    """Replace the criteria of an unlocked set with `rows` (dicts; an "id" keeps an existing row).

    Refuses a locked set (a new version is needed), non-office actors, duplicate codes
    and ratio rows without comparison or threshold. Draft assessments using the set
    get a line for each new criterion; lines of removed criteria go with them.
    """
    _check_office(by)
    _check_rows(rows)
    with transaction.atomic():
        criterion_set = CriterionSet.objects.select_for_update().get(pk=criterion_set.pk)
        if criterion_set.is_locked:
            raise CriteriaError(
                _(
                    "Bộ tiêu chí đã khóa vì đã có đơn vị gửi kết quả theo bộ này; hãy tạo phiên bản mới để thay đổi."
                )
            )
        existing = {c.pk: c for c in criterion_set.criteria.all()}
        kept = {row["id"] for row in rows if row.get("id") in existing}
        criterion_set.criteria.exclude(pk__in=kept).delete()
        # Free the codes first so that swapping two codes does not trip the unique constraint.
        for pk in kept:
            Criterion.objects.filter(pk=pk).update(code=f"~{pk}")
        new = []
        for row in rows:
            values = _criterion_values(row)
            if row.get("id") in existing:
                Criterion.objects.filter(pk=row["id"]).update(**values)
            else:
                new.append(Criterion.objects.create(criterion_set=criterion_set, **values))
        drafts = list(criterion_set.assessments.all())
        Result.objects.bulk_create(Result(assessment=a, criterion=c) for a in drafts for c in new)
        for assessment in drafts:
            for result in assessment.results.select_related("criterion"):
                evaluation = result.self_evaluation
                result.self_outcome, result.self_points = evaluation.outcome, evaluation.points
                result.save(update_fields=["self_outcome", "self_points"])
            _refresh_self_score(assessment)
    return criterion_set


def new_criterion_set_version(criterion_set, *, by):
    """Open an editable copy (next version) of a locked set; assessments keep their version.

    Refuses an unlocked set (edit it directly) and a set that is not the newest version.
    """
    _check_office(by)
    with transaction.atomic():
        criterion_set = CriterionSet.objects.select_for_update().get(pk=criterion_set.pk)
        if not criterion_set.is_locked:
            raise CriteriaError(_("Bộ tiêu chí chưa khóa, có thể sửa trực tiếp."))
        latest = CriterionSet.objects.latest_for(
            criterion_set.campaign, criterion_set.year, criterion_set.tier
        )
        if latest.pk != criterion_set.pk:
            raise CriteriaError(
                _("Đã có phiên bản mới hơn (v%(version)s).") % {"version": latest.version}
            )
        copy = CriterionSet.objects.create(
            campaign=criterion_set.campaign,
            year=criterion_set.year,
            tier=criterion_set.tier,
            version=criterion_set.version + 1,
            created_by=by,
        )
        Criterion.objects.bulk_create(
            Criterion(criterion_set=copy, **{name: getattr(c, name) for name in CRITERION_FIELDS})
            for c in criterion_set.criteria.all()
        )
    return copy


def _criterion_values(row):
    values = {name: nfc(row.get(name)) for name in CRITERION_FIELDS if name in row}
    if values.get("kind") != Kind.RATIO:
        values["comparison"] = ""
        values["total_label"] = values["excluded_label"] = values["done_label"] = ""
    if values.get("kind") == Kind.YES_NO:
        values["threshold"] = None
    for name in ("threshold", "max_points"):
        if values.get(name) is not None:
            values[name] = Decimal(str(values[name]))
    values.setdefault("comparison", "")
    return values


def _check_rows(rows):
    codes = [nfc((row.get("code") or "").strip()) for row in rows]
    if not rows:
        raise CriteriaError(_("Bộ tiêu chí cần ít nhất một tiêu chí."))
    duplicates = sorted({code for code in codes if codes.count(code) > 1})
    if duplicates:
        raise CriteriaError(
            _("Mã tiêu chí bị trùng: %(codes)s.") % {"codes": ", ".join(duplicates)}
        )
    for row, code in zip(rows, codes, strict=True):
        if not code:
            raise CriteriaError(_("Mỗi tiêu chí cần có mã."))
        if row.get("kind") == Kind.RATIO:
            threshold = row.get("threshold")
            if (
                not row.get("comparison")
                or threshold is None
                or not 0 <= Decimal(str(threshold)) <= 100
            ):
                raise CriteriaError(
                    _("Tiêu chí %(code)s (tỷ lệ) cần phép so sánh và ngưỡng từ 0 đến 100%%.")
                    % {"code": code}
                )
        if row.get("max_points") is None or Decimal(str(row["max_points"])) < 0:
            raise CriteriaError(_("Tiêu chí %(code)s cần điểm tối đa không âm.") % {"code": code})


# ---------------------------------------------------------------------------
# The unit's results


def start_assessment(registration, *, by, now=None):
    """Open the draft results of the actor's unit for the year of an accepted registration.

    Refuses other units, a registration that is not accepted, a tier without criteria,
    a year whose criterion set the office has not made yet, and a second assessment.
    Creates one line per criterion and one row per registered target.
    """
    now = now or timezone.now()
    if not is_member_of(by, registration.unit_id):
        raise CriteriaError(_("Bạn không thuộc đơn vị của đăng ký này."))
    registration = Registration.objects.select_related("window__campaign", "unit").get(
        pk=registration.pk
    )
    year = registration.window.year
    if registration.status != Registration.Status.ACCEPTED:
        raise CriteriaError(
            _("Chỉ báo cáo kết quả khi đăng ký thi đua năm %(year)s đã được tiếp nhận.")
            % {"year": year}
        )
    tier = registration.unit.tier
    if tier not in SCORED_TIERS:
        raise CriteriaError(
            _("Khối “%(tier)s” không chấm điểm theo bộ tiêu chí của phong trào.")
            % {"tier": Tier(tier).label}
        )
    criterion_set = CriterionSet.objects.latest_for(registration.window.campaign, year, tier)
    if criterion_set is None:
        raise CriteriaError(
            _("%(office)s chưa ban hành bộ tiêu chí năm %(year)s cho khối “%(tier)s”.")
            % {
                "office": upper_first(office_name(registration.window.campaign)),
                "year": year,
                "tier": Tier(tier).label,
            }
        )
    try:
        with transaction.atomic():
            assessment = Assessment.objects.create(
                registration=registration,
                unit=registration.unit,
                criterion_set=criterion_set,
                created_by=by,
                changed_at=now,
                changed_by=by,
            )
            Result.objects.bulk_create(
                Result(assessment=assessment, criterion=c) for c in criterion_set.criteria.all()
            )
            TargetResult.objects.bulk_create(
                TargetResult(assessment=assessment, target=t) for t in registration.targets.all()
            )
            record_transition(
                assessment, by=by, from_state="", to_state=Assessment.Status.DRAFT, at=now
            )
    except IntegrityError as error:  # a concurrent start won the race
        raise CriteriaError(
            _("Đơn vị đã có báo cáo kết quả năm %(year)s.") % {"year": year}
        ) from error
    return assessment


def update_assessment(assessment, *, by, revision, lines, targets=None, now=None):
    """Save the unit's figures, descriptions, evidence and target results.

    `lines` maps a result id to a dict of figures (total, excluded, done, answer,
    points, description), `new_files` (uploads) and `remove_evidence` (evidence ids);
    `targets` maps a target-result id to {achieved, note}. Refuses other units,
    anything but a draft or a returned assessment, a stale `revision`, counts that
    cannot be right, evidence files of the wrong type or size, and — when returned —
    changes to lines, files or targets the office did not mark for fixing. Nothing
    is saved when anything is refused.
    """
    now = now or timezone.now()
    _check_unit_member(assessment, by)
    targets = targets or {}
    with files_removed_on_error() as track, transaction.atomic():
        assessment = _claim(
            assessment, by=by, revision=revision, now=now, states=Assessment.EDITABLE
        )
        returned = assessment.status == Assessment.Status.RETURNED
        results = {
            r.pk: r
            for r in assessment.results.select_related("criterion").prefetch_related("evidence")
        }
        uploads, removals = [], set()
        for result_id, values in lines.items():
            result = results.get(int(result_id))
            if result is None:
                raise CriteriaError(_("Dòng tiêu chí không thuộc báo cáo này."))
            line_uploads, line_removals = _apply_line(result, values, returned=returned)
            uploads.extend(line_uploads)
            removals |= line_removals
        target_results = {t.pk: t for t in assessment.target_results.all()}
        for target_id, values in targets.items():
            target_result = target_results.get(int(target_id))
            if target_result is None:
                raise CriteriaError(_("Chỉ tiêu không thuộc báo cáo này."))
            achieved, note = (
                nfc(values.get("achieved", "")).strip(),
                nfc(values.get("note", "")).strip(),
            )
            if (achieved, note) == (target_result.achieved, target_result.note):
                continue
            if returned and not assessment.targets_need_fix:
                raise CriteriaError(
                    _("%(office)s không yêu cầu sửa phần chỉ tiêu đăng ký.")
                    % {"office": upper_first(office_name(assessment.criterion_set.campaign))}
                )
            target_result.achieved, target_result.note = achieved, note
            target_result.save(update_fields=["achieved", "note"])
        for result in results.values():
            result.save()
        Evidence.objects.filter(pk__in=removals).update(removed_at=now)
        for result, upload, kind in uploads:
            track(_store_evidence(result, upload, kind, by=by, now=now).file)
        _refresh_self_score(assessment)
    return assessment


def _apply_line(result, values, *, returned):
    """Put the posted figures on `result` (not saved); return the uploads to store and evidence ids to remove."""
    criterion = result.criterion
    figures = {name: values.get(name) for name in FIGURES_BY_KIND[criterion.kind]}
    if criterion.kind == Kind.RATIO and not criterion.has_exclusions:
        figures["excluded"] = 0 if figures.get("total") is not None else None
    description = nfc(values.get("description") or "").strip()
    new_files = values.get("new_files") or []
    remove_ids = {int(pk) for pk in values.get("remove_evidence") or []}
    evidence = {e.pk: e for e in result.evidence.all() if e.removed_at is None}
    if returned and not result.needs_fix:
        changed = description != result.description or any(
            figures[name] != getattr(result, name) for name in figures
        )
        flagged_files = {pk for pk, e in evidence.items() if e.needs_fix}
        if changed or not remove_ids <= flagged_files or (new_files and not flagged_files):
            raise CriteriaError(
                _("Tiêu chí %(code)s: chỉ được sửa những dòng, tệp %(office)s đã đánh dấu cần sửa.")
                % {
                    "code": criterion.code,
                    "office": office_name(result.assessment.criterion_set.campaign),
                }
            )
    if criterion.kind == Kind.RATIO:
        errors = scoring.count_errors(figures["total"], figures["excluded"], figures["done"])
        if errors:
            raise CriteriaError(
                _("Tiêu chí %(code)s: %(error)s") % {"code": criterion.code, "error": errors[0]}
            )
    if criterion.kind == Kind.POINTS and figures["points"] is not None:
        if not 0 <= Decimal(figures["points"]) <= criterion.max_points:
            raise CriteriaError(
                _("Tiêu chí %(code)s: điểm phải từ 0 đến %(max)s.")
                % {"code": criterion.code, "max": scoring.number_text(criterion.max_points)}
            )
    if not remove_ids <= set(evidence):
        raise CriteriaError(
            _("Tệp minh chứng không thuộc tiêu chí %(code)s.") % {"code": criterion.code}
        )
    uploads = []
    for upload in new_files:
        try:
            kind = validate_upload(upload, EVIDENCE_KINDS)
        except Exception as error:  # ValidationError: wrong type, empty or too big
            message = " ".join(getattr(error, "messages", [str(error)]))
            raise CriteriaError(
                _("Tiêu chí %(code)s: %(error)s") % {"code": criterion.code, "error": message}
            ) from error
        uploads.append((result, upload, kind))
    for name, value in figures.items():
        setattr(result, name, value)
    result.description = description
    evaluation = result.self_evaluation
    result.self_outcome, result.self_points = evaluation.outcome, evaluation.points
    return uploads, remove_ids


def _store_evidence(result, upload, kind, *, by, now):
    assessment = result.assessment
    evidence = Evidence(
        result=result,
        original_name=clean_file_name(
            upload.name, Evidence._meta.get_field("original_name").max_length
        ),
        kind=kind,
        size=upload.size,
        uploaded_at=now,
        uploaded_by=by,
    )
    folder = (
        f"{assessment.criterion_set.year}/{assessment.unit.code}"  # under upload_to "evidence/"
    )
    evidence.file.save(generated_name(folder, evidence.original_name), upload, save=False)
    evidence.save()
    return evidence


def _refresh_self_score(assessment):
    total = sum((r.self_points for r in assessment.results.all()), Decimal(0))
    Assessment.objects.filter(pk=assessment.pk).update(self_score=total)
    assessment.self_score = total


def submit_assessment(assessment, *, by, revision, now=None):
    """Send the results to the culture office on the unit's behalf (the head only, plan I.2).

    Refuses other units, staff, a stale `revision`, anything but a draft or returned
    assessment, and results with missing figures or a "yes" without evidence. Locks
    the criterion set, freezes a version, clears the fix marks and notifies the office.
    """
    now = now or timezone.now()
    _check_unit_member(assessment, by)
    if not can_send_assessment(by, assessment):
        raise CriteriaError(_("Chỉ thủ trưởng đơn vị mới được gửi báo cáo kết quả."))
    with transaction.atomic():
        assessment = _claim(
            assessment, by=by, revision=revision, now=now, states=Assessment.EDITABLE
        )
        results = list(assessment.results.select_related("criterion").prefetch_related("evidence"))
        incomplete = [r.criterion.code for r in results if _missing(r)]
        if incomplete:
            raise CriteriaError(
                _("Chưa đủ số liệu hoặc minh chứng ở tiêu chí: %(codes)s.")
                % {"codes": ", ".join(incomplete)}
            )
        CriterionSet.objects.filter(pk=assessment.criterion_set_id, locked_at__isnull=True).update(
            locked_at=now
        )
        for result in results:
            if result.needs_fix:
                # The unit changed this line: the reviewer looks at it afresh.
                result.is_checked = False
                result.review_reason = ""
            result.needs_fix, result.fix_note = False, ""
            result.save()
        Evidence.objects.filter(result__assessment=assessment).update(needs_fix=False)
        assessment.targets_need_fix = False
        assessment.return_reason = ""
        from_state = mark_submitted(
            assessment, by=by, at=now, snapshot=snapshot, files=frozen_files
        )
        verb = _("gửi lại") if from_state == Assessment.Status.RETURNED else _("gửi")
        notify_users(
            office_users(assessment.criterion_set.campaign.organisation_id),
            subject=_("Báo cáo kết quả thực hiện tiêu chí mới"),
            text=_("%(unit)s đã %(verb)s báo cáo kết quả thực hiện tiêu chí năm %(year)s.")
            % {"unit": assessment.unit, "verb": verb, "year": assessment.year},
            url=reverse("criteria:detail", args=[assessment.pk]),
            at=now,
        )
    return assessment


def _missing(result):
    criterion = result.criterion
    if criterion.kind == Kind.RATIO:
        return result.total is None or (
            result.done is None and result.total - (result.excluded or 0) > 0
        )
    if criterion.kind == Kind.YES_NO:
        has_evidence = any(e.removed_at is None for e in result.evidence.all())
        return result.answer is None or (result.answer and not has_evidence)
    return not result.description


# ---------------------------------------------------------------------------
# The office's scoring


def save_review(assessment, *, by, revision, lines, now=None):
    """Save the reviewer's figures and reasons without finishing (status stays submitted).

    `lines` maps a result id to {total, excluded, done, answer, points, reason}. Refuses
    non-office actors, anything but a submitted assessment, a stale `revision`, figures
    that cannot be right and a changed figure without a reason.
    """
    now = now or timezone.now()
    _check_office(by)
    with transaction.atomic():
        assessment = _claim(
            assessment, by=by, revision=revision, now=now, states=(Assessment.Status.SUBMITTED,)
        )
        _apply_review(assessment, lines, require_complete=False)
    return assessment


def score_assessment(assessment, *, by, revision, lines, now=None):
    """Save the reviewer's figures and finish: the final score and eligibility are set.

    Refuses what save_review refuses and lines without figures. Final score = sum of
    the lines' points on the reviewer's figures; eligible when every mandatory line is
    met (or not applicable). Notifies the unit.
    """
    now = now or timezone.now()
    _check_office(by)
    with transaction.atomic():
        assessment = _claim(
            assessment, by=by, revision=revision, now=now, states=(Assessment.Status.SUBMITTED,)
        )
        results = _apply_review(assessment, lines, require_complete=True)
        assessment.final_score = sum((r.final_points for r in results), Decimal(0))
        assessment.is_eligible = scoring.is_eligible(
            (r.criterion, r.final_outcome) for r in results
        )
        assessment.status = Assessment.Status.SCORED
        assessment.scored_at = now
        assessment.scored_by = by
        assessment.save()
        verdict = (
            _("đủ điều kiện đề nghị khen thưởng")
            if assessment.is_eligible
            else _("chưa đủ điều kiện đề nghị khen thưởng")
        )
        comment = _("Tổng điểm %(score)s; %(verdict)s.") % {
            "score": scoring.number_text(assessment.final_score),
            "verdict": verdict,
        }
        record_transition(
            assessment,
            by=by,
            from_state=Assessment.Status.SUBMITTED,
            to_state=assessment.status,
            comment=comment,
            at=now,
        )
        notify_users(
            User.objects.filter(unit_id=assessment.unit_id, is_active=True),
            subject=_("Đã chấm kết quả thực hiện tiêu chí"),
            text=_("Kết quả thực hiện tiêu chí năm %(year)s của %(unit)s đã được chấm: %(comment)s")
            % {"year": assessment.year, "unit": assessment.unit, "comment": comment},
            url=reverse("criteria:detail", args=[assessment.pk]),
            at=now,
        )
    return assessment


def _apply_review(assessment, lines, *, require_complete):
    results = list(assessment.results.select_related("criterion"))
    problems = []
    for result in results:
        values = lines.get(result.pk) or lines.get(str(result.pk)) or {}
        criterion = result.criterion
        figures = {name: values.get(name) for name in FIGURES_BY_KIND[criterion.kind]}
        if criterion.kind == Kind.RATIO and not criterion.has_exclusions:
            figures["excluded"] = 0 if figures.get("total") is not None else None
        reason = nfc(values.get("reason") or "").strip()
        evaluation = scoring.evaluate(criterion, **figures)
        if evaluation.errors:
            problems.append(f"{criterion.code}: {evaluation.errors[0]}")
            continue
        if all(value is None for value in figures.values()):
            if require_complete:
                problems.append(_("%(code)s: chưa nhập số liệu chấm.") % {"code": criterion.code})
            continue
        if evaluation.outcome == scoring.Outcome.PENDING and require_complete:
            problems.append(_("%(code)s: chưa đủ số liệu chấm.") % {"code": criterion.code})
            continue
        if any(figures[name] != getattr(result, name) for name in figures) and not reason:
            problems.append(
                _(
                    "%(code)s: cần ghi lý do khi điều chỉnh số liệu của đơn vị (đơn vị sẽ thấy lý do này)."
                )
                % {"code": criterion.code}
            )
            continue
        for name, value in figures.items():
            setattr(result, f"checked_{name}", value)
        result.is_checked = True
        result.review_reason = reason
        result.final_outcome, result.final_points = evaluation.outcome, evaluation.points
    if problems:
        raise CriteriaError(
            _("Chưa lưu được kết quả chấm: %(problems)s") % {"problems": "; ".join(problems)}
        )
    for result in results:
        result.save()
    return results


def return_assessment(
    assessment,
    *,
    by,
    revision,
    reason,
    lines_to_fix=None,
    evidence_to_fix=(),
    targets_need_fix=False,
    now=None,
):
    """Return submitted results to the unit, marking what needs fixing.

    `lines_to_fix` maps result ids to a note; `evidence_to_fix` lists evidence ids.
    Refuses non-office actors, anything but a submitted assessment, a stale
    `revision`, an empty reason and a return that marks nothing. Notifies the unit.
    """
    now = now or timezone.now()
    _check_office(by)
    reason = nfc((reason or "").strip())
    lines_to_fix = {int(k): nfc((v or "").strip()) for k, v in (lines_to_fix or {}).items()}
    evidence_to_fix = {int(pk) for pk in evidence_to_fix}
    if not reason:
        raise CriteriaError(_("Cần ghi rõ lý do trả lại để đơn vị sửa."))
    if not (lines_to_fix or evidence_to_fix or targets_need_fix):
        raise CriteriaError(
            _("Cần đánh dấu ít nhất một dòng tiêu chí, tệp minh chứng hoặc phần chỉ tiêu cần sửa.")
        )
    with transaction.atomic():
        assessment = _claim(
            assessment, by=by, revision=revision, now=now, states=(Assessment.Status.SUBMITTED,)
        )
        results = {r.pk: r for r in assessment.results.select_related("criterion")}
        evidence = set(
            Evidence.objects.filter(
                result__assessment=assessment, removed_at__isnull=True
            ).values_list("pk", flat=True)
        )
        if not set(lines_to_fix) <= set(results) or not evidence_to_fix <= evidence:
            raise CriteriaError(_("Dòng hoặc tệp được đánh dấu không thuộc báo cáo này."))
        for pk, note in lines_to_fix.items():
            Result.objects.filter(pk=pk).update(needs_fix=True, fix_note=note)
        Evidence.objects.filter(pk__in=evidence_to_fix).update(needs_fix=True)
        assessment.status = Assessment.Status.RETURNED
        assessment.return_reason = reason
        assessment.targets_need_fix = bool(targets_need_fix)
        assessment.save()
        marked = [
            results[pk].criterion.code
            for pk in sorted(lines_to_fix, key=lambda pk: results[pk].criterion.order)
        ]
        comment = reason
        if marked:
            comment += "\n" + _("Dòng cần sửa: %(codes)s.") % {"codes": ", ".join(marked)}
        record_transition(
            assessment,
            by=by,
            from_state=Assessment.Status.SUBMITTED,
            to_state=assessment.status,
            comment=comment,
            at=now,
        )
        notify_users(
            User.objects.filter(unit_id=assessment.unit_id, is_active=True),
            subject=_("Báo cáo kết quả thực hiện tiêu chí bị trả lại"),
            text=_("Báo cáo kết quả năm %(year)s của %(unit)s bị trả lại: %(reason)s")
            % {"year": assessment.year, "unit": assessment.unit, "reason": reason},
            url=reverse("criteria:detail", args=[assessment.pk]),
            at=now,
        )
    return assessment


# ---------------------------------------------------------------------------
# Shared helpers


def _claim(assessment, *, by, revision, now, states):
    """Take the next revision of `assessment` if it is still at `revision` and in `states`.

    One conditional UPDATE, atomic on SQLite and PostgreSQL alike: of two saves that
    started from the same page, exactly one wins; the other is told who changed it.
    """
    claimed = Assessment.objects.filter(
        pk=assessment.pk, revision=revision, status__in=states
    ).update(revision=F("revision") + 1, changed_at=now, changed_by=by)
    current = Assessment.objects.select_related("criterion_set", "unit", "changed_by").get(
        pk=assessment.pk
    )
    if claimed:
        return current
    if current.status not in states:
        raise CriteriaError(
            _("Báo cáo đang ở trạng thái “%(status)s”, không thực hiện được thao tác này.")
            % {"status": current.get_status_display()}
        )
    changed_at = local_time(current.changed_at)
    raise ConcurrentChangeError(
        _(
            "Báo cáo vừa được %(who)s cập nhật lúc %(at)s, sau khi bạn mở trang. Thay đổi của bạn chưa được lưu "
            "để không ghi đè lên thay đổi đó; số liệu bạn vừa nhập vẫn còn trên trang — hãy đối chiếu rồi lưu lại."
        )
        % {"who": current.changed_by or "", "at": changed_at}
    )


def _check_unit_member(assessment, by):
    if not can_work_on_assessment(by, assessment):
        raise CriteriaError(_("Bạn không thuộc đơn vị của báo cáo này."))


def _check_office(by):
    if not can_manage_criteria(by):
        raise CriteriaError(office_only(None, _("thực hiện được thao tác này")))


def frozen_files(assessment):
    """The evidence files a submission freezes: those its lines still list (snapshot)."""
    return list(
        Evidence.objects.filter(result__assessment=assessment, removed_at__isnull=True)
        .order_by("pk")
        .values_list("file", flat=True)
    )


def snapshot(assessment):
    """What the unit sent, as plain data that stays readable forever."""
    results = list(assessment.results.select_related("criterion").prefetch_related("evidence"))
    lines = []
    for r in results:
        evaluation = r.self_evaluation
        lines.append(
            {
                "code": r.criterion.code,
                "text": r.criterion.text,
                "kind": r.criterion.kind,
                "requirement": str(r.criterion.requirement),
                "max_points": scoring.number_text(r.criterion.max_points),
                "total": r.total,
                "excluded": r.excluded,
                "done": r.done,
                "answer": r.answer,
                "points": None if r.points is None else scoring.number_text(r.points),
                "description": r.description,
                "outcome": evaluation.outcome,
                "outcome_label": str(scoring.Outcome(evaluation.outcome).label),
                "percent": percent(evaluation.percent),
                "self_points": scoring.number_text(evaluation.points),
                "evidence": [
                    {"id": e.pk, "name": e.original_name}
                    for e in r.evidence.all()
                    if e.removed_at is None
                ],
            }
        )
    return {
        "unit": assessment.unit.name,
        "year": assessment.criterion_set.year,
        "tier": str(Tier(assessment.criterion_set.tier).label),
        "criterion_set": {
            "id": assessment.criterion_set_id,
            "version": assessment.criterion_set.version,
        },
        "self_score": scoring.number_text(
            sum((r.self_evaluation.points for r in results), Decimal(0))
        ),
        "lines": lines,
        "targets": [
            {
                "title": t.target.title,
                "target_value": t.target.target_value,
                "product": t.target.product,
                "achieved": t.achieved,
                "note": t.note,
            }
            for t in assessment.target_results.select_related("target")
        ],
        "submitted_at": assessment.submitted_at.isoformat(),
    }
