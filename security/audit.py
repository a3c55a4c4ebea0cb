"""One search over the three trails: security events, data changes (auditlog), workflow."""

import datetime
import hashlib
import json
from dataclasses import dataclass
from types import SimpleNamespace

from auditlog import models as auditlog_models
from auditlog.models import LogEntry
from django.apps import apps
from django.db import connection
from django.db.models import BigIntegerField, F, Q, Value
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from core.datacache import cached
from core.exports import csv_text, workbook_bytes
from core.models import Transition
from core.paging import paginate
from core.text import DATE_FORMAT

from .models import SecurityEvent

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

    @property
    def when(self):
        return timezone.localtime(self.at).strftime(f"{DATE_FORMAT} %H:%M:%S")

    @property
    def short_detail(self):
        """The detail cut to 300 characters for the page (as |truncatechars:300)."""
        return self.detail if len(self.detail) <= 300 else self.detail[:299] + "…"

    def values(self):
        return [self.when, self.source, self.actor, self.action, self.target, self.detail, self.ip]


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


# The three trails, in the order the page lists rows of the same moment.
SECURITY, CHANGES, WORKFLOW = 1, 2, 3
MOMENT = {SECURITY: "at", CHANGES: "timestamp", WORKFLOW: "at"}
COLUMNS = {
    SECURITY: ("pk", "at", "username", "kind", "path", "detail", "ip_address"),
    CHANGES: (
        "pk",
        "timestamp",
        "actor__username",
        "action",
        "content_type__app_label",
        "content_type__model",
        "object_repr",
        "changes",
        "changes_text",
        "remote_addr",
    ),
    WORKFLOW: (
        "pk",
        "at",
        "actor__username",
        "content_type__app_label",
        "content_type__model",
        "object_id",
        "from_state",
        "to_state",
        "comment",
    ),
}


def _trails(q, source, start, end):
    """{trail: the filtered queryset of its entries} of the chosen trails."""
    trails = {}
    if source in ("", "security"):
        events = _dated(SecurityEvent.objects.all(), "at", start, end)
        if q:
            events = events.filter(
                Q(username__icontains=q) | Q(detail__icontains=q) | Q(path__icontains=q)
            )
        trails[SECURITY] = events
    if source in ("", "changes"):
        entries = _dated(LogEntry.objects.all(), "timestamp", start, end)
        if q:
            entries = entries.filter(
                Q(object_repr__icontains=q)
                | Q(actor__username__icontains=q)
                | Q(content_type__model__icontains=q)
            )
        trails[CHANGES] = entries
    if source in ("", "workflow"):
        transitions = _dated(Transition.objects.all(), "at", start, end)
        if q:
            transitions = transitions.filter(
                Q(actor__username__icontains=q) | Q(comment__icontains=q) | Q(to_state__icontains=q)
            )
        trails[WORKFLOW] = transitions
    return trails


def _model(app_label, model):
    try:
        return apps.get_model(app_label, model)
    except LookupError:
        return None


def _type_name(app_label, model):
    """ContentType.name without the ContentType: the model's verbose name."""
    model_class = _model(app_label, model)
    return str(model_class._meta.verbose_name) if model_class else model


def _state_label(model_class, state):
    """Transition.from_label / to_label of a row."""
    status = getattr(model_class, "Status", None)
    if status is None or state not in status.values:
        return state
    return str(status(state).label)


def _changes(row):
    """LogEntry.changes_dict of a values() row."""
    return auditlog_models.changes_func(SimpleNamespace(**row)) or {}


def _rows(trail, entries):
    """Row objects of a trail's entries (values() of its COLUMNS, one query)."""
    entries = entries.values(*COLUMNS[trail])
    if trail == SECURITY:
        kinds, label = dict(SecurityEvent.Kind.choices), _("Bảo mật")
        return [
            Row(
                e["at"],
                label,
                e["username"],
                str(kinds.get(e["kind"], e["kind"])),
                e["path"],
                e["detail"],
                e["ip_address"] or "",
            )
            for e in entries
        ]
    if trail == CHANGES:
        actions = dict(LogEntry.Action.choices)
        label, system = _("Thay đổi dữ liệu"), _("(hệ thống)")
        return [
            Row(
                e["timestamp"],
                label,
                e["actor__username"] or system,
                str(actions.get(e["action"], e["action"])),
                f"{_type_name(e['content_type__app_label'], e['content_type__model'])}: "
                f"{e['object_repr']}",
                json.dumps(
                    _changes({"changes": e["changes"], "changes_text": e["changes_text"]}),
                    ensure_ascii=False,
                )[:2000],
                e["remote_addr"] or "",
            )
            for e in entries
        ]
    label, rows = _("Chuyển trạng thái"), []
    for t in entries:
        model_class = _model(t["content_type__app_label"], t["content_type__model"])
        from_label = _state_label(model_class, t["from_state"]) if t["from_state"] else ""
        rows.append(
            Row(
                t["at"],
                label,
                t["actor__username"],
                f"{from_label or '–'} → {_state_label(model_class, t['to_state'])}",
                f"{_type_name(t['content_type__app_label'], t['content_type__model'])} "
                f"#{t['object_id']}",
                t["comment"],
                "",
            )
        )
    return rows


def search(*, limit, q="", source="", since=None, until=None):
    """The newest `limit` rows of the chosen trails, newest first (the exports)."""
    start, end = _day_bounds(since, until)
    rows = []
    for trail, entries in _trails((q or "").strip(), source, start, end).items():
        rows += _rows(trail, entries.order_by(f"-{MOMENT[trail]}", "-pk")[:limit])
    rows.sort(key=lambda row: row.at, reverse=True)
    return rows[:limit]


def _last_ids():
    """The last id of each trail, in one query of three index lookups."""
    quote = connection.ops.quote_name
    tables = (SecurityEvent, LogEntry, Transition)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT "
            + ", ".join(f"(SELECT MAX(id) FROM {quote(m._meta.db_table)})" for m in tables)
        )
        return cursor.fetchone()


def page(request, *, q="", source="", since=None, until=None):
    """A page of the chosen trails, newest first (issue 10: a province's trails hold tens of
    thousands of rows). The page's keys (moment, trail, id) come from one UNION ALL of the
    trails, sorted and sliced in SQL, its count from one COUNT over it; then each trail's
    rows of the page are read by id as values() (at most three queries, 50 rows)."""
    start, end = _day_bounds(since, until)
    # The ids as bigint in every branch (auditlog's are integer): with the same types
    # PostgreSQL merges the trails' indexes on their moment and stops after the page, rather
    # than sorting every row (20 ms → 0.1 ms at 30,000 rows).
    keys = [
        entries.order_by()
        .annotate(key_at=F(MOMENT[trail]), trail=Value(trail), key=Cast("pk", BigIntegerField()))
        .values_list("key_at", "trail", "key")
        for trail, entries in _trails((q or "").strip(), source, start, end).items()
    ]
    combined = keys[0].union(*keys[1:], all=True) if len(keys) > 1 else keys[0]
    # The count reads every matching row (5 ms at 30,000): kept per filter and per the
    # trails' last ids. The trails are append-only (a database trigger refuses UPDATE and
    # DELETE), so a count can only change by a new row, which changes a last id.
    filters = hashlib.sha256(repr((q, source, since, until)).encode()).hexdigest()[:24]
    marks = "-".join(str(mark or 0) for mark in _last_ids())
    count = cached(f"security:audit-count:{marks}:{filters}", combined.count)
    result = paginate(request, combined.order_by("-key_at", "trail", "-key"), count=count)

    def rows_of_page():
        ids = {}
        keys = list(result.object_list)
        for _at, trail, key in keys:
            ids.setdefault(trail, []).append(key)
        rows, every = {}, _trails("", "", None, None)
        for trail, pks in ids.items():
            # Read in id order: the ids were just chosen and the trails are append-only.
            entries = every[trail].filter(pk__in=pks).order_by("pk")
            rows.update(
                zip(((trail, pk) for pk in sorted(pks)), _rows(trail, entries), strict=True)
            )
        return [rows[trail, key] for _at, trail, key in keys]

    # A page of the append-only trails stays the same while no trail grows (the marks).
    page_key = f"security:audit-page:{marks}:{filters}:p{result.number}"
    result.object_list = cached(page_key, rows_of_page)
    return result


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
