"""Nobody edits the trails: workflow history, data changes, security events."""

import csv
import io

import pytest
from auditlog.models import LogEntry
from django.db import connection, transaction
from django.urls import reverse
from openpyxl import load_workbook

from core.models import AppendOnlyError, Transition
from core.services import record_transition
from security.models import SecurityEvent
from tests.markup import holds
from units.models import Unit


@pytest.fixture
def transition(registration, head):
    return record_transition(registration, from_state="draft", to_state="submitted", by=head)


def test_the_admin_cannot_add_change_or_delete_workflow_history(client, admin_user, transition):
    client.force_login(admin_user)

    add = client.get("/quan-tri/core/transition/add/")
    forged = client.post(
        "/quan-tri/core/transition/add/",
        {"to_state": "submitted", "actor": admin_user.pk, "object_id": 1},
    )
    delete = client.post(f"/quan-tri/core/transition/{transition.pk}/delete/", {"post": "yes"})

    assert (add.status_code, forged.status_code, delete.status_code) == (403, 403, 403)
    assert list(Transition.objects.values_list("pk", flat=True)) == [transition.pk]
    changelist = client.get("/quan-tri/core/transition/").content.decode()
    assert "/quan-tri/core/transition/add/" not in changelist


def test_code_cannot_change_or_delete_history_either(transition):
    transition.comment = "sửa lén"

    with pytest.raises(AppendOnlyError):
        transition.save()
    with pytest.raises(AppendOnlyError):
        transition.delete()
    with pytest.raises(AppendOnlyError):
        Transition.objects.filter(pk=transition.pk).update(comment="sửa lén")
    with pytest.raises(AppendOnlyError):
        Transition.objects.all().delete()
    assert Transition.objects.get().comment == ""


def test_the_database_refuses_raw_changes_on_postgresql(transition):
    """On PostgreSQL a trigger refuses UPDATE and DELETE; SQLite relies on the model guard."""
    statement = f"UPDATE core_transition SET comment = 'x' WHERE id = {transition.pk}"
    if connection.vendor == "postgresql":
        with pytest.raises(Exception, match="append-only"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(statement)
        assert Transition.objects.get().comment == ""
    else:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'core_transition'"
            )
            assert cursor.fetchone() == (0,)


def test_a_change_to_a_unit_in_the_admin_is_recorded_with_before_and_after(
    client, admin_user, unit
):
    client.force_login(admin_user)

    client.post(
        f"/quan-tri/units/unit/{unit.pk}/change/",
        {
            "code": unit.code,
            "name": "UBND xã Lùng Vai mới",
            "short_name": unit.short_name,
            "tier": unit.tier,
        },
    )

    entry = LogEntry.objects.get_for_object(Unit.objects.get(pk=unit.pk)).latest("timestamp")
    assert entry.actor == admin_user
    assert entry.changes_dict["name"] == ["UBND xã Lùng Vai", "UBND xã Lùng Vai mới"]


def test_a_password_change_is_recorded_without_the_hash(staff):
    staff.set_password("Mot-mat-khau-moi-1")
    staff.save()

    entry = LogEntry.objects.get_for_object(staff).latest("timestamp")
    assert entry.changes_dict["password"][1] != staff.password
    assert "md5" not in str(entry.changes_dict)


def test_downloads_of_personal_files_are_logged(client, ready_registration, staff):
    client.force_login(staff)

    client.get(reverse("registrations:plan", args=[ready_registration.pk]))

    event = SecurityEvent.objects.get(kind="download")
    assert (event.user, event.path) == (staff, f"/dang-ky/{ready_registration.pk}/ke-hoach/")
    assert "ke-hoach.pdf" in event.detail


def test_the_audit_page_searches_every_trail_and_only_admins_see_it(
    client, admin_user, office, transition, unit
):
    unit.name = '=HYPERLINK("http://x.invalid")'
    unit.save()
    client.force_login(office)
    assert client.get(reverse("audit_log")).status_code == 403
    client.force_login(admin_user)

    page = client.get(reverse("audit_log"), {"q": "truong"}).content.decode()
    changes = client.get(reverse("audit_log"), {"source": "changes"}).content.decode()

    assert holds(page, "<td>Chuyển trạng thái</td><td>truong</td>")
    assert not holds(page, "<td>Thay đổi dữ liệu</td>")
    assert "HYPERLINK" in changes and not holds(changes, "<td>Chuyển trạng thái</td>")


def test_the_audit_exports_are_formula_safe(client, admin_user, unit, transition):
    unit.name = '=HYPERLINK("http://x.invalid")'
    unit.save()
    client.force_login(admin_user)

    csv_response = client.get(reverse("audit_log_csv"))
    xlsx_response = client.get(reverse("audit_log_xlsx"))

    rows = list(csv.reader(io.StringIO(csv_response.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "Thời điểm",
        "Loại",
        "Người thực hiện",
        "Hành động",
        "Đối tượng",
        "Chi tiết",
        "IP",
    ]
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    sheet = load_workbook(io.BytesIO(xlsx_response.content)).active
    assert [c for row in sheet.iter_rows() for c in row if c.data_type == "f"] == []
    assert "no-store" in xlsx_response["Cache-Control"]
    assert SecurityEvent.objects.filter(kind="audit_export").count() == 2


def test_rules_units_accounts_signers_and_issuing_bodies_are_tracked():
    from auditlog.registry import auditlog

    labels = {model._meta.label for model in auditlog.get_models()}

    assert {
        "units.User",
        "units.Unit",
        "documents.IssuingBody",
        "documents.Signer",
        "awards.AwardForm",
        "awards.BonusCoefficient",
        "awards.BaseSalary",
        "awards.LegalRegime",
        "criteria.CriterionSet",
        "criteria.Criterion",
        "dossiers.DossierRule",
    } <= labels
