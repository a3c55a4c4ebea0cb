"""A culture office account sets up its authenticator app, then signs in with it; no page
breaks the Content-Security-Policy."""

import base64
import time

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect

from tests.factories import UserFactory

from .conftest import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def app_code(secret_text):
    """What an authenticator app shows for the secret typed from the page."""
    secret = secret_text.replace(" ", "")
    totp = TOTP(base64.b32decode(secret + "=" * (-len(secret) % 8)))
    totp.time = time.time()
    return f"{totp.token():06d}"


def password_step(page, username):
    page.goto("/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def test_an_office_account_enrols_its_app_then_signs_in_with_a_code(live_server, new_page, shoot):
    user = UserFactory(office=True, username="vhtt", full_name="Nguyễn Thu Hà")
    user.set_password(PASSWORD)
    user.save()
    page = new_page()
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )

    password_step(page, "vhtt")
    expect(page.get_by_role("heading", name="Bật xác thực hai lớp")).to_be_visible()
    expect(page.locator(".qr-code svg")).to_be_visible()
    shoot(page, "01-enrol")
    secret = page.locator("#otp-secret").inner_text()
    page.get_by_label("Mã 6 chữ số đang hiện trong ứng dụng").fill(app_code(secret))
    page.get_by_role("button", name="Xác nhận và bật").click()
    expect(page.get_by_role("heading", name="Mã khôi phục")).to_be_visible()
    codes = page.locator("#recovery-codes li").all_inner_texts()
    assert len(codes) == 10
    shoot(page, "02-recovery-codes")
    page.get_by_role("link", name="Tôi đã lưu các mã, tiếp tục").click()
    expect(page.get_by_text("Xin chào")).to_be_visible()

    page.context.clear_cookies()
    password_step(page, "vhtt")
    expect(page.get_by_role("heading", name="Xác thực hai lớp")).to_be_visible()
    page.get_by_label("Mã xác thực").fill(codes[0])
    page.get_by_role("button", name="Xác nhận").click()
    expect(page.get_by_text("Xin chào")).to_be_visible()
    page.goto("/dang-ky/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.goto("/bao-mat/")
    expect(page.get_by_text("Còn 9 mã khôi phục chưa dùng.")).to_be_visible()

    assert violations == []
