import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from core.files import DOCUMENT_KINDS, validate_upload
from core.models import Notice
from core.text import money, nfc, plain
from documents.models import Signer
from dossiers.models import AwardDecision, CouncilMember
from registrations.forms import RegistrationForm
from registrations.models import Registration
from units.models import Unit, User

from ..conftest import PDF_BYTES


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def odt_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "name,content,kind",
    [("a.pdf", PDF_BYTES, "pdf"), ("a.docx", docx_bytes(), "docx"), ("a.odt", odt_bytes(), "odt")],
)
def test_documents_are_recognised_by_content(name, content, kind):
    assert validate_upload(SimpleUploadedFile(name, content), DOCUMENT_KINDS) == kind


@pytest.mark.parametrize(
    "name,content",
    [
        ("virus.pdf", b"MZ\x90\x00\x03"),
        ("bang.pdf", docx_bytes()),  # a real DOCX renamed .pdf: content and name disagree
        ("trong.zip.docx", b"PK\x03\x04 broken zip"),
    ],
)
def test_wrong_content_is_refused_whatever_the_name(name, content):
    with pytest.raises(ValidationError, match="không đúng định dạng"):
        validate_upload(SimpleUploadedFile(name, content), DOCUMENT_KINDS)


def test_a_path_in_the_file_name_is_refused():
    upload = SimpleUploadedFile("x.pdf", PDF_BYTES)
    upload.name = "C:\\Users\\canbo\\ke-hoach.pdf"  # as old Windows browsers send it

    with pytest.raises(ValidationError, match="không được chứa đường dẫn"):
        validate_upload(upload, DOCUMENT_KINDS)


def test_the_registration_form_reports_a_path_in_the_file_name_in_vietnamese(db):
    upload = SimpleUploadedFile("x.pdf", PDF_BYTES)
    upload.name = "..\\..\\ke-hoach.pdf"

    form = RegistrationForm({"commitment": "x"}, {"action_plan": upload})

    assert form.is_valid() is False
    assert form.errors["action_plan"] == [
        "Tên tệp “..\\..\\ke-hoach.pdf” không hợp lệ: tên tệp không được chứa đường dẫn."
    ]


def test_text_helpers():
    assert nfc("Lu\u0300ng") == "Lùng"
    assert plain("  UBND xã  Lùng Vai ") == "ubnd xa lung vai"
    assert plain("Đồng Đăng") == "dong dang"
    assert money(1800000) == "1.800.000 đồng"
    assert money(450000) == "450.000 đồng"


def test_login_page_is_vietnamese_and_public(client, db):
    response = client.get(reverse("login"))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Tên đăng nhập" in content and "Mật khẩu" in content


def test_wrong_password_gets_a_vietnamese_message(client, staff):
    response = client.post(reverse("login"), {"username": "canbo", "password": "sai"})

    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()


def test_repeated_failed_logins_lock_the_account(client, staff, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "canbo", "password": "sai"})

    response = client.post(
        reverse("login"), {"username": "canbo", "password": "mat-khau-thu-nghiem"}
    )

    assert response.status_code == 429
    assert "Tài khoản tạm bị khóa" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_correct_login_reaches_home(client, staff):
    response = client.post(
        reverse("login"), {"username": "canbo", "password": "mat-khau-thu-nghiem"}, follow=True
    )

    assert response.request["PATH_INFO"] == reverse("home")
    assert "Xin chào" in response.content.decode()


def test_notices_page_lists_and_marks_read(client, staff):
    Notice.objects.create(user=staff, text="Đăng ký thi đua bị trả lại")
    client.force_login(staff)

    listed = client.get(reverse("notices")).content.decode()
    client.post(reverse("notices"))

    assert "Đăng ký thi đua bị trả lại" in listed
    assert Notice.objects.filter(user=staff).unread().count() == 0


def test_notices_page_needs_login(client, db):
    response = client.get(reverse("notices"))

    assert response.url.startswith(reverse("login"))


def test_a_user_sees_only_their_own_notices(client, staff, other_staff):
    Notice.objects.create(user=other_staff, text="Thông báo của đơn vị khác")
    client.force_login(staff)

    assert "Thông báo của đơn vị khác" not in client.get(reverse("notices")).content.decode()


@pytest.mark.parametrize("rows", [1, 3])
def test_notices_query_count_is_constant(client, staff, django_assert_num_queries, rows):
    for n in range(rows):
        Notice.objects.create(user=staff, text=f"Thông báo {n}")
    client.force_login(staff)

    with django_assert_num_queries(3):
        response = client.get(reverse("notices"))

    assert len(response.context["notices"]) == rows


def test_load_demo_is_idempotent_and_creates_the_demo_accounts(db):
    output = io.StringIO()
    call_command("load_demo", stdout=output)
    counts = (Unit.objects.count(), User.objects.count(), Registration.objects.count())

    call_command("load_demo", stdout=io.StringIO())

    assert (Unit.objects.count(), User.objects.count(), Registration.objects.count()) == counts
    assert Unit.objects.get(code="xa-lung-vai").name == "UBND xã Lùng Vai"
    head = User.objects.get(username="lungvai.truong")
    assert head.check_password("ThiDua@2025") and head.unit.code == "xa-lung-vai"
    lung_vai = Registration.objects.filter(unit=head.unit).order_by("window__year")
    assert [(r.window.year, r.status) for r in lung_vai] == [
        (2022, "accepted"),
        (2023, "accepted"),
        (2024, "accepted"),
    ]
    assert Registration.objects.filter(window__year=2022, is_late=True).exists()
    assert Registration.objects.filter(window__year=2025, status="draft").exists()
    # The campaign open today prints its accounts too (issue 9).
    accounts_block = output.getvalue().split("Tài khoản mẫu")[1].split("\n\n")[0]
    printed = [line.split()[0] for line in accounts_block.splitlines() if line.startswith("  ")]
    assert printed[-4:] == ["htx.canbo", "htx.giamdoc", "vhxh.banlau", "hoidong.banlau"]
    # One district chairman on every paper of the demo: signers, council chair, decisions.
    chairmen = set(
        Signer.objects.filter(
            issuer__code__in=["ubnd-huyen", "hoi-dong-tdkt"], position="Chủ tịch"
        ).values_list("full_name", flat=True)
    )
    chairmen |= set(
        CouncilMember.objects.filter(position="Chủ tịch UBND huyện").values_list(
            "full_name", flat=True
        )
    )
    chairmen |= set(
        AwardDecision.objects.filter(award_form__code="giay-khen-chu-tich-huyen").values_list(
            "signer_name", flat=True
        )
    )
    assert chairmen == {"Lương Văn Thành"}
    assert not AwardDecision.objects.filter(signer_name__startswith="Chủ tịch").exists()


def test_the_vietnamese_sort_key_matches_icu_vi_on_tones_case_and_spaces():
    from core.text import vietnamese_key

    names = [
        "Hạ",
        "Há",
        "Hà Nội",
        "Ha",
        "Hã",
        "Hả",
        "Hà",
        "ANH",
        "anh",
        "Anh",
        "An Bình",
        "Lô",
        "Lơ",
    ]

    assert sorted(names, key=vietnamese_key) == [
        "An Bình",
        "anh",
        "Anh",
        "ANH",
        "Ha",
        "Hà",
        "Hả",
        "Hã",
        "Há",
        "Hạ",
        "Hà Nội",
        "Lô",
        "Lơ",
    ]
