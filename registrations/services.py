"""Registration workflow: draft → submitted → accepted | returned → resubmitted → accepted.

Every transition checks the actor's role and the current state, then writes the new
state and a transition record in one transaction. What a unit submitted is frozen as a
Version; later edits of a returned registration never change it.
"""

import datetime

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.files import files_removed_on_error
from core.services import notify_users, record_transition
from core.text import clean_file_name, nfc, short_date
from core.workflow import lock, mark_reviewed, mark_submitted, require_state
from units.models import Unit, User
from units.queries import office_users

from . import queries
from .models import (
    Campaign,
    CampaignRole,
    DeadlineExtension,
    RegisteredIndividual,
    Registration,
    RegistrationWindow,
    Target,
)
from .permissions import (
    can_grant_extension,
    can_hand_over_campaign,
    can_review_registrations,
    can_send_registration,
    can_work_on_registration,
)
from .roles import office_name, office_only


class RegistrationError(Exception):
    """A refused registration action; the message is shown to the user."""


def ensure_windows(campaign, *, opens_month=1, opens_day=1):
    """Create the registration window of every campaign year that has none yet.

    Existing windows are left as edited. The deadline comes from the campaign rule
    (per-year override, else the default day and month).
    """
    created = []
    existing = set(campaign.windows.values_list("year", flat=True))
    for year in campaign.years:
        if year in existing:
            continue
        deadline_on = campaign.deadline_for(year)
        opens_on = min(
            datetime.date(year, opens_month, opens_day), deadline_on - datetime.timedelta(days=1)
        )
        created.append(
            RegistrationWindow.objects.create(
                campaign=campaign, year=year, opens_on=opens_on, deadline_on=deadline_on
            )
        )
    return created


def start_registration(window, *, by, now=None):
    """Open the draft registration of the actor's unit for a window.

    Refuses non-unit roles and a second registration of the same unit and year.
    """
    if not by.is_unit_member:
        raise RegistrationError(_("Chỉ cán bộ của đơn vị mới lập được đăng ký thi đua."))
    if not Unit.objects.active_in_year(window.year).filter(pk=by.unit_id).exists():
        raise RegistrationError(
            _("Đơn vị không còn hoạt động trong năm %(year)s.") % {"year": window.year}
        )
    if Registration.objects.filter(window=window, unit_id=by.unit_id).exists():
        raise RegistrationError(
            _("Đơn vị đã có đăng ký thi đua năm %(year)s.") % {"year": window.year}
        )
    now = now or timezone.now()
    check_unit_in_force(by.unit, timezone.localdate(now))
    if not window.accepts_submission_at(now, by.unit_id):
        raise RegistrationError(
            _("Đã hết hạn đăng ký thi đua năm %(year)s.") % {"year": window.year}
        )
    try:
        with transaction.atomic():
            registration = Registration.objects.create(
                window=window, unit_id=by.unit_id, created_by=by
            )
            record_transition(
                registration, by=by, from_state="", to_state=Registration.Status.DRAFT, at=now
            )
    except IntegrityError as error:  # a concurrent start won the race
        raise RegistrationError(
            _("Đơn vị đã có đăng ký thi đua năm %(year)s.") % {"year": window.year}
        ) from error
    return registration


def update_registration(
    registration, *, by, commitment, award_forms, targets, individuals, plan_file=None
):
    """Replace the draft's content with what the unit entered.

    Refuses other units' registrations and anything not in draft or returned state.
    `targets` and `individuals` are lists of dicts with the model's field names; a
    new `plan_file` is stored under a generated name, and the old file is kept
    because a frozen version may point at it.
    """
    _check_unit_member(registration, by)
    # A failed save removes the file it stored: nothing is left behind on disk.
    with files_removed_on_error() as track, transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if not registration.is_editable:
            raise RegistrationError(
                _("Đăng ký đã gửi không sửa được; chờ %(office)s xử lý.")
                % {"office": office_name(registration.window.campaign)}
            )
        registration.commitment = nfc(commitment)
        if plan_file is not None:
            name_length = Registration._meta.get_field("action_plan_name").max_length
            registration.action_plan_name = clean_file_name(plan_file.name, name_length)
            registration.action_plan.save(registration.action_plan_name, plan_file, save=False)
            track(registration.action_plan)
        registration.save()
        registration.award_forms.set(award_forms)
        registration.targets.all().delete()
        Target.objects.bulk_create(
            Target(registration=registration, order=index, **{k: nfc(v) for k, v in row.items()})
            for index, row in enumerate(targets, start=1)
        )
        registration.individuals.all().delete()
        RegisteredIndividual.objects.bulk_create(
            RegisteredIndividual(registration=registration, **{k: nfc(v) for k, v in row.items()})
            for row in individuals
        )
    return registration


def check_unit_in_force(unit, day):
    """Refuse an act of a unit on a day it did not exist (before its creation or after a
    merger): its papers would be dated when there was no such unit."""
    if unit.valid_from and day < unit.valid_from:
        raise RegistrationError(
            _("%(unit)s chỉ hoạt động từ ngày %(start)s; không thực hiện được ngày %(day)s.")
            % {"unit": unit.name, "start": short_date(unit.valid_from), "day": short_date(day)}
        )
    if unit.valid_to and day > unit.valid_to:
        successor = (
            _(" Đơn vị kế thừa: %(name)s.") % {"name": unit.successor.name}
            if unit.successor_id
            else ""
        )
        raise RegistrationError(
            _("%(unit)s đã thôi hoạt động từ sau ngày %(end)s.%(successor)s")
            % {"unit": unit.name, "end": short_date(unit.valid_to), "successor": successor}
        )


def submit_registration(registration, *, by, now=None):
    """Send the registration to the culture office on the unit's behalf.

    Only the unit's head submits (the head answers for the unit, plan I.2). Refuses a
    registration that is not draft or returned, one without targets or action plan,
    and a late one when the window is closed. The first submission decides whether
    the registration is on time. Freezes a version and notifies the culture office.
    """
    now = now or timezone.now()
    _check_unit_member(registration, by)
    if not can_send_registration(by, registration):
        raise RegistrationError(_("Chỉ thủ trưởng đơn vị mới được gửi đăng ký thi đua."))
    with transaction.atomic():
        registration = lock(registration, "window", "unit")
        require_state(
            registration,
            Registration.EDITABLE,
            RegistrationError,
            _("Đăng ký đang ở trạng thái “%(status)s”, không gửi được."),
        )
        if not registration.targets.exists():
            raise RegistrationError(_("Cần ít nhất một chỉ tiêu có sản phẩm cụ thể trước khi gửi."))
        if not registration.action_plan:
            raise RegistrationError(
                _("Cần đính kèm tệp kế hoạch, chương trình hành động trước khi gửi.")
            )
        if not registration.window.accepts_submission_at(now, registration.unit_id):
            raise RegistrationError(
                _("Đã hết hạn đăng ký thi đua năm %(year)s.") % {"year": registration.window.year}
            )
        check_unit_in_force(registration.unit, timezone.localdate(now))
        from_state = mark_submitted(
            registration,
            by=by,
            at=now,
            snapshot=snapshot,
            on_time=lambda at: registration.window.is_on_time(at, registration.unit_id),
            files=lambda r: [r.action_plan],
        )
        verb = _("gửi lại") if from_state == Registration.Status.RETURNED else _("gửi")
        notify_users(
            office_users(registration.window.campaign.organisation_id),
            subject=_("Đăng ký thi đua mới"),
            text=_("%(unit)s đã %(verb)s đăng ký thi đua năm %(year)s.")
            % {"unit": registration.unit, "verb": verb, "year": registration.window.year},
            url=reverse("registrations:detail", args=[registration.pk]),
            at=now,
        )
    return registration


def accept_registration(registration, *, by, comment="", now=None):
    """Accept a submitted registration (culture office only) and tell the unit."""
    return _review(
        registration, by=by, to_state=Registration.Status.ACCEPTED, comment=nfc(comment), now=now
    )


def return_registration(registration, *, by, reason, now=None):
    """Return a submitted registration with the office's reasons (required) and tell the unit."""
    reason = nfc((reason or "").strip())
    if not reason:
        raise RegistrationError(_("Cần ghi rõ lý do trả lại để đơn vị sửa."))
    return _review(
        registration, by=by, to_state=Registration.Status.RETURNED, comment=reason, now=now
    )


def _review(registration, *, by, to_state, comment, now=None):
    now = now or timezone.now()
    if not can_review_registrations(by):
        raise RegistrationError(
            office_only(registration.window.campaign, _("xử lý đăng ký thi đua"))
        )
    with transaction.atomic():
        registration = lock(registration, "window", "unit")
        require_state(
            registration,
            (Registration.Status.SUBMITTED,),
            RegistrationError,
            _("Đăng ký đang ở trạng thái “%(status)s”, không xử lý được."),
        )
        mark_reviewed(registration, by=by, to_state=to_state, comment=comment, at=now)
        if to_state == Registration.Status.ACCEPTED:
            subject = _("Đăng ký thi đua đã được tiếp nhận")
            text = _("Đăng ký thi đua năm %(year)s của %(unit)s đã được tiếp nhận.")
        else:
            subject = _("Đăng ký thi đua bị trả lại")
            text = _("Đăng ký thi đua năm %(year)s của %(unit)s bị trả lại: %(reason)s")
        notify_users(
            User.objects.filter(unit_id=registration.unit_id, is_active=True),
            subject=subject,
            text=text
            % {"year": registration.window.year, "unit": registration.unit, "reason": comment},
            url=reverse("registrations:detail", args=[registration.pk]),
            at=now,
        )
    return registration


def grant_extension(window, unit, *, by, deadline_on, reason, now=None):
    """Give one unit a later registration deadline for `window`'s year, by exception.

    Culture office only. Refuses an empty reason, a date not after the year's deadline
    and a unit not expected in the window. Granting again changes the date. The unit's
    registration, if it was already sent, is judged again against the new date (its
    first submission decides, design: Deadlines); each grant is a transition of the
    extension (and of the registration when its timing changes), and the unit is told.
    """
    now = now or timezone.now()
    if not can_grant_extension(by):
        raise RegistrationError(office_only(window.campaign, _("gia hạn đăng ký cho đơn vị")))
    reason = nfc((reason or "").strip())
    if not reason:
        raise RegistrationError(_("Cần ghi rõ lý do gia hạn."))
    if deadline_on <= window.deadline_on:
        raise RegistrationError(
            _("Ngày gia hạn phải sau hạn chung của năm (trước ngày %(deadline)s).")
            % {"deadline": short_date(window.deadline_on)}
        )
    if not queries.expected_units(window).filter(pk=unit.pk).exists():
        raise RegistrationError(
            _("%(unit)s không thuộc diện đăng ký thi đua năm %(year)s.")
            % {"unit": unit.name, "year": window.year}
        )
    with transaction.atomic():
        extension = (
            DeadlineExtension.objects.select_for_update().filter(window=window, unit=unit).first()
        )
        comment = _("Gia hạn đăng ký đến trước ngày %(date)s. Lý do: %(reason)s") % {
            "date": short_date(deadline_on),
            "reason": reason,
        }
        if extension is None:
            extension = DeadlineExtension.objects.create(
                window=window,
                unit=unit,
                deadline_on=deadline_on,
                reason=reason,
                granted_by=by,
                granted_at=now,
            )
            from_state = ""
        else:
            extension.deadline_on, extension.reason = deadline_on, reason
            extension.granted_by, extension.granted_at = by, now
            extension.save()
            from_state = DeadlineExtension.Status.GRANTED
        record_transition(
            extension,
            by=by,
            from_state=from_state,
            to_state=DeadlineExtension.Status.GRANTED,
            comment=comment,
            at=now,
        )
        _judge_timing_again(window, unit, by=by, comment=comment, now=now)
        notify_users(
            User.objects.filter(unit=unit, is_active=True),
            subject=_("Gia hạn đăng ký thi đua"),
            text=_("%(unit)s được gia hạn đăng ký thi đua năm %(year)s đến trước ngày %(date)s.")
            % {"unit": unit.name, "year": window.year, "date": short_date(deadline_on)},
            url=reverse("registrations:mine"),
        )
    return extension


def withdraw_extension(extension, *, by, reason, now=None):
    """Take back a unit's extension (culture office, with a reason): the unit is held to
    the year's deadline again and a registration it already sent is judged again against
    it. The row goes; its transitions (granted, then withdrawn with the reason) stay in the
    history, and the unit is told."""
    now = now or timezone.now()
    if not can_grant_extension(by):
        raise RegistrationError(office_only(extension.window.campaign, _("thu hồi gia hạn")))
    reason = nfc((reason or "").strip())
    if not reason:
        raise RegistrationError(_("Cần ghi rõ lý do thu hồi gia hạn."))
    with transaction.atomic():
        extension = (
            DeadlineExtension.objects.select_for_update()
            .select_related("window__campaign", "unit")
            .filter(pk=extension.pk)
            .first()
        )
        if extension is None:
            raise RegistrationError(_("Gia hạn này đã được thu hồi."))
        window, unit = extension.window, extension.unit
        comment = _(
            "Thu hồi gia hạn đến trước ngày %(date)s; hạn của đơn vị trở lại trước ngày "
            "%(deadline)s. Lý do: %(reason)s"
        ) % {
            "date": short_date(extension.deadline_on),
            "deadline": short_date(window.deadline_on),
            "reason": reason,
        }
        record_transition(
            extension,
            by=by,
            from_state=DeadlineExtension.Status.GRANTED,
            to_state=DeadlineExtension.Status.WITHDRAWN,
            comment=comment,
            at=now,
        )
        extension.delete()
        _judge_timing_again(window, unit, by=by, comment=comment, now=now)
        notify_users(
            User.objects.filter(unit=unit, is_active=True),
            subject=_("Thu hồi gia hạn đăng ký thi đua"),
            text=_(
                "Gia hạn đăng ký thi đua năm %(year)s của %(unit)s đã được thu hồi: hạn đăng ký "
                "là trước ngày %(deadline)s. Lý do: %(reason)s"
            )
            % {
                "year": window.year,
                "unit": unit.name,
                "deadline": short_date(window.deadline_on),
                "reason": reason,
            },
            url=reverse("registrations:mine"),
            at=now,
        )
    return window


def _judge_timing_again(window, unit, *, by, comment, now):
    """A registration already sent is on time or late again by its first submission."""
    registration = (
        Registration.objects.select_for_update()
        .filter(window=window, unit=unit, first_submitted_at__isnull=False)
        .first()
    )
    if registration is None:
        return
    is_late = not window.is_on_time(registration.first_submitted_at, unit.pk)
    if is_late == registration.is_late:
        return
    registration.is_late = is_late
    registration.save(update_fields=["is_late", "updated_at"])
    timing = _("muộn") if is_late else _("đúng hạn")
    record_transition(
        registration,
        by=by,
        from_state=registration.status,
        to_state=registration.status,
        comment=_("%(comment)s Lần gửi đầu được xét lại: %(timing)s.")
        % {"comment": comment, "timing": timing},
        at=now,
    )


def snapshot(registration):
    """What the unit sent, as plain data that stays readable forever."""
    return {
        "unit": registration.unit.name,
        "year": registration.window.year,
        "commitment": registration.commitment,
        "action_plan": registration.action_plan.name,
        "action_plan_name": registration.action_plan_name,
        "award_forms": [form.name for form in registration.award_forms.all()],
        "targets": [
            {
                "title": t.title,
                "measure": t.measure,
                "target_value": t.target_value,
                "product": t.product,
                "due_on": short_date(t.due_on),
            }
            for t in registration.targets.all()
        ],
        "individuals": [
            {
                "full_name": i.full_name,
                "position": i.position,
                "award_form": str(i.award_form or ""),
            }
            for i in registration.individuals.select_related("award_form")
        ],
        "submitted_at": registration.submitted_at.isoformat(),
        "is_late": registration.is_late,
    }


def _check_unit_member(registration, by):
    if not can_work_on_registration(by, registration):
        raise RegistrationError(_("Bạn không thuộc đơn vị của đăng ký này."))


def current_campaign(user=None):
    """The latest active campaign (of the user's organisation when a user is given)."""
    campaigns = Campaign.objects.visible_to(user) if user is not None else Campaign.objects
    return campaigns.filter(is_active=True).order_by("-start_year").first()


# --- Campaign roles: dated assignments and handovers (issue 9) ---------------------------

HANDED_OVER = "handed_over"


def hand_over_campaign(campaign, *, on, assignments, by, reason, now=None):
    """Pass campaign roles to other bodies from `on`: each current holder's assignment
    ends the day before and the successor's starts on `on`.

    `assignments` is a list of (kind, body) or (kind, body, award_form) — an award form
    only for the award authority (None: every form). Admin only. Refuses a body not in
    force on `on` (naming who issues in its place), a role already re-assigned on or after
    `on`, and an empty handover or one without a reason. A campaign's first assignments
    are made the same way (nothing to end). Side effects: the assignments and one
    transition record on the campaign saying who, when, what and why.
    """
    from documents.services import successor_name  # the documents app is below this one

    if not can_hand_over_campaign(by):
        raise RegistrationError(_("Chỉ quản trị hệ thống mới bàn giao phong trào."))
    reason = nfc(reason or "").strip()
    if not reason:
        raise RegistrationError(_("Cần ghi lý do, căn cứ bàn giao."))
    rows = [(kind, body, *rest) for kind, body, *rest in assignments if body is not None]
    if not rows:
        raise RegistrationError(_("Chưa chọn cơ quan nào nhận bàn giao."))
    changes = []
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        for kind, body, *rest in rows:
            form = rest[0] if rest else None
            kind_label = CampaignRole.Kind(kind).label
            if not body.is_active_on(on):
                successor = successor_name(body, on)
                raise RegistrationError(
                    _("“%(body)s” không còn hoạt động ngày %(day)s%(successor)s.")
                    % {
                        "body": body.sentence_name,
                        "day": short_date(on),
                        "successor": (_("; cơ quan kế thừa: %s") % successor) if successor else "",
                    }
                )
            same = CampaignRole.objects.select_for_update().filter(
                campaign=campaign, kind=kind, award_form=form
            )
            later = same.filter(valid_from__gte=on).first()
            if later is not None:
                raise RegistrationError(
                    _("%(role)s đã được giao cho “%(body)s” từ ngày %(day)s.")
                    % {
                        "role": kind_label,
                        "body": later.body.sentence_name,
                        "day": short_date(later.valid_from),
                    }
                )
            ending = list(same.active_on(on))
            for row in ending:
                row.valid_to = on - datetime.timedelta(days=1)
                row.save(update_fields=["valid_to"])
            CampaignRole.objects.create(
                campaign=campaign, kind=kind, body=body, award_form=form, valid_from=on
            )
            before = ", ".join(r.body.sentence_name for r in ending) or "—"
            role = f"{kind_label} ({form.name})" if form else str(kind_label)
            changes.append(f"{role}: {before} → {body.sentence_name}")
        record_transition(
            campaign,
            by=by,
            from_state="",
            to_state=HANDED_OVER,
            comment=_("Từ ngày %(day)s: %(changes)s. Lý do: %(reason)s")
            % {"day": short_date(on), "changes": "; ".join(changes), "reason": reason},
            at=now,
        )
    return campaign
