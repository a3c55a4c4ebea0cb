"""Two-factor sign-in: office, council and admins cannot reach any page without it."""

import base64
import io
import re
import time

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from security.models import SecurityEvent
from tests.factories import UserFactory
from tests.otp import totp_code, totp_device

PASSWORD = "mat-khau-thu-nghiem"


def sign_in(client, username, next_url=""):
    data = {"username": username, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post(reverse("login"), data)


def kinds(username):
    return list(
        SecurityEvent.objects.filter(username=username)
        .order_by("pk")
        .values_list("kind", flat=True)
    )


@pytest.mark.parametrize("trait", ["office", "council", "admin"])
def test_a_privileged_account_without_a_device_can_reach_only_the_enrolment(client, db, trait):
    user = UserFactory(**{trait: True})

    sign_in(client, user.username)

    for name in ("home", "notices", "registrations:list", "units:list"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("second_factor_enrol"))
    assert client.get("/quan-tri/")["Location"].startswith(reverse("second_factor_enrol"))


def test_a_superuser_without_a_role_needs_the_second_factor_too(client, unit):
    user = UserFactory(unit=unit, is_superuser=True, is_staff=True)

    sign_in(client, user.username)

    assert client.get(reverse("home"))["Location"].startswith(reverse("second_factor_enrol"))


def test_enrolment_shows_a_qr_code_then_gives_ten_single_use_recovery_codes(client, office):
    sign_in(client, office.username)

    page = client.get(reverse("second_factor_enrol")).content.decode()
    device = TOTPDevice.objects.get(user=office)
    assert device.confirmed is False
    assert "<svg" in page and "<path" in page
    secret = re.search(r'id="otp-secret">([A-Z2-7 ]+)<', page).group(1)
    assert len(secret.replace(" ", "")) == 32
    wrong = client.post(reverse("second_factor_enrol"), {"token": "000000"})
    assert "Mã không đúng" in wrong.content.decode()

    response = client.post(reverse("second_factor_enrol"), {"token": totp_code(device)})

    codes = re.findall(r'<li class="col">([a-z2-7]{8})</li>', response.content.decode())
    assert len(codes) == 10
    assert StaticToken.objects.filter(device__user=office).count() == 10
    device.refresh_from_db()
    assert device.confirmed is True
    assert client.get(reverse("home")).status_code == 200
    assert kinds(office.username) == ["login", "otp_failed", "otp_enrolled"]


def test_a_device_holder_must_enter_a_code_before_any_page(client, council):
    device = totp_device(council)
    sign_in(client, council.username)
    assert client.get(reverse("notices"))["Location"] == (
        reverse("second_factor_verify") + "?next=%2Fthong-bao%2F"
    )

    wrong = client.post(reverse("second_factor_verify"), {"token": "123456", "next": "/thong-bao/"})
    assert "Mã xác thực không đúng" in wrong.content.decode()
    right = client.post(
        reverse("second_factor_verify"), {"token": totp_code(device), "next": "/thong-bao/"}
    )

    assert right["Location"] == "/thong-bao/"
    assert client.get(reverse("notices")).status_code == 200
    assert kinds(council.username) == ["login", "otp_failed", "otp_verified"]


def test_an_unverified_holder_cannot_enrol_a_new_device_to_bypass_the_old_one(client, office):
    totp_device(office)
    sign_in(client, office.username)

    response = client.get(reverse("second_factor_enrol"))

    assert response["Location"] == reverse("second_factor_verify")
    assert TOTPDevice.objects.filter(user=office).count() == 1


def test_a_recovery_code_signs_in_once_only(client, admin_user):
    totp_device(admin_user)
    from security.services import renew_recovery_codes

    _device, codes = renew_recovery_codes(admin_user)
    sign_in(client, admin_user.username)

    response = client.post(reverse("second_factor_verify"), {"token": codes[0].upper()})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200
    client.post(reverse("logout"))
    sign_in(client, admin_user.username)
    again = client.post(reverse("second_factor_verify"), {"token": codes[0]})

    assert again.status_code == 200
    assert client.get(reverse("home")).status_code == 302
    assert StaticToken.objects.filter(device__user=admin_user).count() == 9
    assert "recovery_used" in kinds(admin_user.username)


def test_wrong_codes_count_towards_the_lockout_and_sign_the_person_out(client, office):
    device = totp_device(office)
    sign_in(client, office.username)

    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post(reverse("second_factor_verify"), {"token": "000000"})
    locked = client.post(reverse("second_factor_verify"), {"token": "000000"})

    assert locked.status_code == 429
    assert "Tài khoản tạm bị khóa" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    again = sign_in(client, office.username)
    assert again.status_code == 429
    assert client.get(reverse("home"))["Location"].startswith(reverse("login"))
    assert totp_code(device)  # the device itself is unchanged
    assert "locked_out" in kinds(office.username)


def test_a_right_password_alone_does_not_clear_the_failed_codes(client, office):
    totp_device(office)
    sign_in(client, office.username)
    client.post(reverse("second_factor_verify"), {"token": "000000"})
    client.post(reverse("logout"))

    sign_in(client, office.username)

    assert AccessAttempt.objects.get(username=office.username).failures_since_start == 1


def test_a_unit_account_may_work_without_a_second_factor(client, staff):
    sign_in(client, staff.username)

    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("second_factor_manage")).status_code == 200


def test_a_unit_account_that_enrolled_must_pass_it(client, staff):
    device = totp_device(staff)
    sign_in(client, staff.username)

    assert client.get(reverse("home"))["Location"].startswith(reverse("second_factor_verify"))
    client.post(reverse("second_factor_verify"), {"token": totp_code(device)})
    assert client.get(reverse("home")).status_code == 200


def test_public_pages_and_logout_answer_before_the_second_factor(client, office):
    sign_in(client, office.username)

    assert client.get(reverse("honour_roll")).status_code == 200
    assert client.post(reverse("logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_an_htmx_request_before_the_second_factor_is_sent_to_it(client, office):
    totp_device(office)
    sign_in(client, office.username)

    response = client.get(reverse("notices"), headers={"HX-Request": "true"})

    assert response["HX-Redirect"] == reverse("second_factor_verify")


def test_an_admin_resets_a_lost_second_factor_and_ends_the_sessions(client, office, admin_user):
    totp_device(office)
    client.force_login(office)
    office_session_count = sum(
        1 for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(office.pk)
    )
    assert office_session_count == 1
    admin_client = type(client)()
    admin_client.force_login(admin_user)

    response = admin_client.post(
        reverse("admin:units_user_changelist"),
        {"action": "reset_second_factor_action", "_selected_action": [office.pk]},
        follow=True,
    )

    assert "Đã đặt lại xác thực hai lớp cho 1 tài khoản" in response.content.decode()
    assert TOTPDevice.objects.filter(user=office).count() == 0
    assert client.get(reverse("home"))["Location"].startswith(reverse("login"))
    event = SecurityEvent.objects.get(kind="otp_reset")
    assert (event.user, event.detail) == (admin_user, f"đặt lại cho tài khoản {office.username}")


def test_renewing_recovery_codes_needs_a_verified_session_and_voids_the_old_ones(client, council):
    from security.services import renew_recovery_codes

    totp_device(council)
    _device, old = renew_recovery_codes(council)
    client.force_login(council)

    response = client.post(reverse("recovery_codes_renew"))

    new = re.findall(r'<li class="col">([a-z2-7]{8})</li>', response.content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    assert set(
        StaticToken.objects.filter(device__user=council).values_list("token", flat=True)
    ) == set(new)


def test_the_manage_page_is_in_vietnamese_and_counts_the_codes_left(client, council):
    from security.services import renew_recovery_codes

    totp_device(council)
    renew_recovery_codes(council)
    client.force_login(council)

    page = client.get(reverse("second_factor_manage")).content.decode()

    assert "Đang bật." in page and "Còn 10 mã khôi phục chưa dùng." in page


def test_the_embedded_demo_prints_how_a_newcomer_passes_the_second_factor(client, db, settings):
    settings.EMBEDDED = True  # the demo's second factors exist only in the embedded mode
    out = io.StringIO()

    call_command("load_demo", stdout=out)

    text = out.getvalue()
    secret = re.search(r"vhtt +khóa: ([A-Z2-7 ]+)\n", text).group(1)
    assert "mã khôi phục: hoidong-1 hoidong-2" in text
    assert re.search(r"vhxh\.banlau +khóa: [A-Z2-7 ]+\n", text)  # the current campaign's office
    client.post(reverse("login"), {"username": "vhtt", "password": "ThiDua@2025"})
    secret = secret.replace(" ", "")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    totp = TOTP(key)
    totp.time = time.time()
    response = client.post(reverse("second_factor_verify"), {"token": f"{totp.token():06d}"})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200
    code = io.StringIO()
    call_command("demo_code", "hoidong", stdout=code)
    assert re.fullmatch(r"\d{6}  \(còn \d+ giây\)\n", code.getvalue())
