"""Uploads, names and dates: normalised, cut, cleaned up, refused when implausible."""

import datetime
import io
import os
import zipfile

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from core.files import archive_is_sane, validate_upload
from core.text import clean_file_name, nfc
from registrations.forms import IndividualForm, TargetForm
from registrations.services import update_registration

from ..conftest import PDF_BYTES
from ..registrations.test_views import edit_payload

BIDI_NAME = "Nguy\u1ec5n\u202e V\u0103n\u200b A\u2066\ufeff"


def media_files():
    return sorted(
        os.path.join(folder, name)
        for folder, _dirs, names in os.walk(settings.MEDIA_ROOT)
        for name in names
    )


def test_names_lose_bidi_overrides_invisible_characters_and_nul():
    assert nfc(BIDI_NAME) == "Nguyễn Văn A"
    assert nfc("a\x00b\u00adc") == "abc"
    assert nfc("Lu\u0300ng Vai") == "Lùng Vai"


def test_a_file_name_is_cut_to_the_column_keeping_its_extension():
    name = clean_file_name("\u202e" + "kế hoạch " * 40 + ".pdf", 200)

    assert len(name) == 200 and name.endswith(".pdf") and "\u202e" not in name


def test_a_person_name_posted_with_a_right_to_left_override_is_stored_clean():
    form = IndividualForm({"full_name": BIDI_NAME, "position": "Chủ tịch\u200f"})

    assert form.is_valid()
    assert (form.cleaned_data["full_name"], form.cleaned_data["position"]) == (
        "Nguyễn Văn A",
        "Chủ tịch",
    )


def test_a_plan_name_of_250_characters_is_saved_cut_to_200(client, registration, staff):
    client.force_login(staff)
    long_name = "k" * 246 + ".pdf"

    response = client.post(
        reverse("registrations:edit", args=[registration.pk]),
        edit_payload(action_plan=SimpleUploadedFile(long_name, PDF_BYTES)),
    )

    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.action_plan_name == "k" * 196 + ".pdf"


def test_a_failed_save_leaves_no_file_behind(registration, staff, monkeypatch):
    before = media_files()

    def broken_bulk_create(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr("registrations.models.Target.objects.bulk_create", broken_bulk_create)
    with pytest.raises(RuntimeError):
        update_registration(
            registration,
            by=staff,
            commitment="x",
            award_forms=[],
            targets=[{"title": "t", "target_value": "1", "product": "p"}],
            individuals=[],
            plan_file=SimpleUploadedFile("ke-hoach.pdf", PDF_BYTES),
        )

    assert media_files() == before


@override_settings(UPLOAD_MAX_BYTES=1000)
def test_an_oversized_upload_is_cut_off_while_it_streams(client, registration, staff):
    client.force_login(staff)
    before = media_files()

    response = client.post(
        reverse("registrations:edit", args=[registration.pk]),
        edit_payload(action_plan=SimpleUploadedFile("ke-hoach.pdf", PDF_BYTES + b"0" * 50_000)),
    )

    assert response.status_code == 400
    assert "vượt giới hạn" in response.content.decode()
    assert media_files() == before


def _zip(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_a_docx_zip_bomb_is_refused_and_a_real_docx_passes():
    bomb = _zip({"word/document.xml": b"<w/>", "word/bomb.xml": b"\0" * (120 * 1024 * 1024)})
    fine = _zip({"word/document.xml": b"<w:document>" + b"Thi dua " * 2000 + b"</w:document>"})

    assert archive_is_sane(io.BytesIO(bomb)) is False
    with pytest.raises(ValidationError) as refused:
        validate_upload(SimpleUploadedFile("bao-cao.docx", bomb), ("docx",))
    assert "quá lớn bất thường" in refused.value.messages[0]
    assert validate_upload(SimpleUploadedFile("bao-cao.docx", fine), ("docx",)) == "docx"


def test_a_ratio_bomb_under_the_size_limit_is_refused_too():
    dense = _zip({"xl/workbook.xml": b"<x/>", "xl/a.xml": b"a" * (20 * 1024 * 1024)})

    assert archive_is_sane(io.BytesIO(dense)) is False


@pytest.mark.parametrize(
    ("due_on", "ok"),
    [("15/12/2024", True), ("01/01/0001", False), ("01/01/2999", False), ("31/12/1989", False)],
)
def test_event_dates_must_be_plausible(due_on, ok):
    form = TargetForm({"title": "t", "target_value": "1", "product": "p", "due_on": due_on})

    assert form.is_valid() is ok
    if not ok:
        assert form.errors["due_on"][0].startswith(
            "Ngày không hợp lý: phải trong khoảng 01/01/1990"
        )


@pytest.mark.parametrize(
    ("birth", "ok"), [("12/05/1980", True), ("01/01/2999", False), ("01/01/1900", False)]
)
def test_birth_dates_must_be_plausible(birth, ok):
    from core.forms import date_problem

    value = datetime.datetime.strptime(birth, "%d/%m/%Y").date()

    problem = date_problem("birth_date", value, today=timezone.localdate())

    assert (problem is None) is ok
    if not ok:
        assert problem.startswith("Ngày sinh phải trong khoảng 01/01/1920")
