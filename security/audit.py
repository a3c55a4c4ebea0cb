"""One search over the three trails: security events, data changes (auditlog), workflow."""

import datetime
import json
from dataclasses import dataclass

from auditlog.models import LogEntry
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from core.exports import csv_text, workbook_bytes
from core.models import Transition
from core.text import DATE_FORMAT

from .models import SecurityEvent

PAGE_ROWS = 300
EXPORT_ROWS = 50_000
HEADER = ["Thời điểm", "Loại", "Người thực hiện", "Hành động", "Đối tượng", "Chi tiết", "IP"]


@dataclass
class Row:
    at: datetime.datetime
    source: str
    actor: str
    action: str
    target: str
    detail: str
    ip: str

    def values(self):
        at = timezone.localtime(self.at).strftime(f"{DATE_FORMAT} %H:%M:%S")
        return [at, self.source, self.actor, self.action, self.target, self.detail, self.ip]


def _day_bounds(since, until):
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(since, datetime.time.min, tz) if since else None
    end = (
        datetime.datetime.combine(until + datetime.timedelta(days=1), datetime.time.min, tz)
        if until
        else None
    )
    return start, end


def _dated(queryset, field, start, end):
    if start:
        queryset = queryset.filter(**{f"{field}__gte": start})
    if end:
        queryset = queryset.filter(**{f"{field}__lt": end})
    return queryset


def _security_rows(q, start, end, limit):
    events = _dated(SecurityEvent.objects.select_related("user"), "at", start, end)
    if q:
        events = events.filter(
            Q(username__icontains=q) | Q(detail__icontains=q) | Q(path__icontains=q)
        )
    return [
        Row(
            e.at,
            _("Bảo mật"),
            e.username,
            e.get_kind_display(),
            e.path,
            e.detail,
            e.ip_address or "",
        )
        for e in events.order_by("-at", "-pk")[:limit]
    ]


def _change_rows(q, start, end, limit):
    entries = _dated(
        LogEntry.objects.select_related("actor", "content_type"), "timestamp", start, end
    )
    if q:
        entries = entries.filter(
            Q(object_repr__icontains=q)
            | Q(actor__username__icontains=q)
            | Q(content_type__model__icontains=q)
        )
    rows = []
    for entry in entries.order_by("-timestamp", "-pk")[:limit]:
        changes = entry.changes_dict or {}
        rows.append(
            Row(
                entry.timestamp,
                _("Thay đổi dữ liệu"),
                entry.actor.get_username() if entry.actor else _("(hệ thống)"),
                entry.get_action_display(),
                f"{entry.content_type.name}: {entry.object_repr}",
                json.dumps(changes, ensure_ascii=False)[:2000],
                entry.remote_addr or "",
            )
        )
    return rows


def _workflow_rows(q, start, end, limit):
    transitions = _dated(
        Transition.objects.select_related("actor", "content_type"), "at", start, end
    )
    if q:
        transitions = transitions.filter(
            Q(actor__username__icontains=q) | Q(comment__icontains=q) | Q(to_state__icontains=q)
        )
    return [
        Row(
            t.at,
            _("Chuyển trạng thái"),
            t.actor.get_username(),
            f"{t.from_label or '–'} → {t.to_label}",
            f"{t.content_type.name} #{t.object_id}",
            t.comment,
            "",
        )
        for t in transitions.order_by("-at", "-pk")[:limit]
    ]


def search(*, limit, q="", source="", since=None, until=None):
    """The newest `limit` rows of the chosen trails, newest first."""
    q = (q or "").strip()
    start, end = _day_bounds(since, until)
    rows = []
    if source in ("", "security"):
        rows += _security_rows(q, start, end, limit)
    if source in ("", "changes"):
        rows += _change_rows(q, start, end, limit)
    if source in ("", "workflow"):
        rows += _workflow_rows(q, start, end, limit)
    rows.sort(key=lambda row: row.at, reverse=True)
    return rows[:limit]


def as_csv(rows):
    return csv_text(HEADER, (row.values() for row in rows))


def as_xlsx(rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Nhật ký"
    sheet.append(HEADER)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row.values())
    for column, width in zip("ABCDEFG", (20, 18, 18, 28, 40, 60, 16), strict=True):
        sheet.column_dimensions[column].width = width
    return workbook_bytes(workbook)
