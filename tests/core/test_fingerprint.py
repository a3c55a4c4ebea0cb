"""Frozen versions carry a fingerprint: SHA-256 over canonical content and files (issue 15)."""

import datetime
import hashlib
import importlib

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from core.fingerprint import check_version, fingerprint
from core.models import Version
from criteria import services as criteria_services
from documents.services import request_document
from registrations import services
from registrations.deadlines import LOCAL_TZ
from tests.conftest import PDF_BYTES
from tests.criteria.helpers import COMMUNE_FIGURES, SEED, accept, fill, pdf
from tests.documents import pdf as pdf_text
from units.models import Tier

SENT = datetime.datetime(2024, 2, 10, 9, tzinfo=LOCAL_TZ)
PDF_SHA = hashlib.sha256(PDF_BYTES).hexdigest()


@pytest.fixture
def sent(ready_registration, head):
    services.submit_registration(ready_registration, by=head, now=SENT)
    return Version.objects.for_object(ready_registration).get()


def test_fingerprint_ignores_key_order_and_changes_with_one_character():
    files = [{"name": "plans/a.pdf", "sha256": PDF_SHA}]

    assert fingerprint({"a": 1, "b": "Lùng Vai"}, files) == fingerprint(
        {"b": "Lùng Vai", "a": 1}, files
    )
    assert fingerprint({"a": 1, "b": "Lùng Vai"}, files) != fingerprint(
        {"a": 1, "b": "Lùng  Vai"}, files
    )
    assert fingerprint({"a": 1}, files) != fingerprint({"a": 1}, [])


def test_a_submitted_registration_freezes_its_fingerprint_with_the_plan_file(sent):
    assert sent.files == [{"name": sent.data["action_plan"], "sha256": PDF_SHA}]
    assert sent.sha256 == fingerprint(sent.data, sent.files)
    assert len(sent.sha256) == 64
    assert check_version(sent).matches is True


def test_the_check_finds_changed_content(sent):
    Version.objects.filter(pk=sent.pk).update(data={**sent.data, "commitment": "Sửa sau khi gửi"})
    sent.refresh_from_db()

    check = check_version(sent)

    assert (check.matches, check.content_changed, check.changed_files) == (False, True, [])


def test_the_check_finds_a_changed_or_missing_file(sent):
    name = sent.data["action_plan"]
    default_storage.delete(name)
    default_storage.save(name, ContentFile(PDF_BYTES + b"% tampered\n"))

    changed = check_version(sent)
    default_storage.delete(name)
    missing = check_version(sent)

    assert (changed.matches, changed.content_changed, changed.changed_files) == (
        False,
        False,
        [name],
    )
    assert missing.missing_files == [name]


def test_an_assessment_freezes_the_sha256_of_its_evidence_files(assessment, staff, head):
    fill(
        assessment,
        staff,
        figures={**COMMUNE_FIGURES, "X1": {**COMMUNE_FIGURES["X1"], "new_files": [pdf()]}},
    )
    assessment.refresh_from_db()

    criteria_services.submit_assessment(assessment, by=head, revision=assessment.revision)

    version = Version.objects.for_object(assessment).get()
    assert [f["sha256"] for f in version.files] == [PDF_SHA]
    assert version.files[0]["name"].startswith("evidence/2024/xa-lung-vai/")
    assert check_version(version).matches is True
    # Versions frozen before issue 15 get the same fingerprint from the data migration.
    expected = version.sha256
    Version.objects.filter(pk=version.pk).update(sha256="", files=[])
    importlib.import_module("criteria.migrations.0002_version_files").fill(apps, None)
    version.refresh_from_db()
    assert (version.sha256, version.files[0]["sha256"]) == (expected, PDF_SHA)


@pytest.fixture
def assessment(registration, campaign, staff):
    criteria_services.create_criterion_set(
        campaign, 2024, Tier.COMMUNE, rows=SEED["tiers"]["commune"]
    )
    return criteria_services.start_assessment(accept(registration), by=staff)


# --- the page and its check ---------------------------------------------------------------


def version_url(version, **query):
    url = reverse("registrations:version", args=[version.object_id, version.number])
    return url + ("?kiem_tra=1" if query else "")


@pytest.mark.parametrize("who", ["staff", "head", "office", "council"])
def test_everyone_who_sees_the_version_sees_its_fingerprint_and_can_check_it(
    client, request, sent, who
):
    client.force_login(request.getfixturevalue(who))

    page = client.get(version_url(sent))
    checked = client.get(version_url(sent, check=True))

    assert sent.sha256 in page.content.decode()
    assert "Khớp: nội dung và các tệp kèm theo đúng như lúc gửi." in checked.content.decode()


def test_the_page_says_what_does_not_match(client, sent, office):
    Version.objects.filter(pk=sent.pk).update(data={**sent.data, "commitment": "Sửa lén"})
    client.force_login(office)

    response = client.get(version_url(sent, check=True))

    content = response.content.decode()
    assert "Không khớp:" in content
    assert "nội dung đã khác với lúc gửi;" in content


def test_another_unit_cannot_check_the_version(client, sent, other_staff):
    client.force_login(other_staff)

    response = client.get(version_url(sent, check=True))

    assert response.status_code == 404


def test_anonymous_is_sent_to_login_from_the_check(client, sent):
    response = client.get(version_url(sent, check=True))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


# --- the paper -------------------------------------------------------------------------


def test_the_paper_of_a_sent_registration_prints_the_fingerprint(
    sent, ready_registration, head, django_capture_on_commit_callbacks
):
    ready_registration.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        document = request_document("registration_form", ready_registration, by=head)
    document.refresh_from_db()

    with document.pdf.open("rb") as handle:
        data = handle.read()
    assert document.snapshot["content"]["frozen"] == {"number": 1, "sha256": sent.sha256}
    assert pdf_text.says(data, f"Mã kiểm tra bản gửi lần 1 (SHA-256): {sent.sha256}")


def test_the_paper_of_a_draft_has_no_fingerprint(ready_registration, head):
    document = request_document("registration_form", ready_registration, by=head)

    assert "frozen" not in document.snapshot["content"]


# --- the data migration --------------------------------------------------------------------


def test_the_migrations_fingerprint_versions_frozen_before(sent):
    Version.objects.filter(pk=sent.pk).update(sha256="", files=[])
    expected = sent.sha256

    importlib.import_module("core.migrations.0008_version_fingerprint_data").fill(apps, None)
    content_only = Version.objects.get(pk=sent.pk)
    importlib.import_module("registrations.migrations.0009_version_files").fill(apps, None)
    sent.refresh_from_db()

    assert content_only.sha256 == fingerprint(sent.data, [])
    assert (sent.sha256, sent.files[0]["sha256"]) == (expected, PDF_SHA)
