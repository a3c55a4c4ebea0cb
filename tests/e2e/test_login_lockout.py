"""Repeated wrong passwords lock the account (django-axes), even for the right one after."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.factories import UnitFactory, UserFactory

from .conftest import log_in, with_password

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_wrong_passwords_lock_the_login_then_even_the_right_one_is_refused(
    live_server, new_page, shoot
):
    with_password(UserFactory(unit=UnitFactory(name="UBND xã Lùng Vai"), username="lungvai.canbo"))
    page = new_page()
    log_in(page, "lungvai.canbo")
    expect(page.get_by_text("Xin chào")).to_be_visible()
    page.context.clear_cookies()

    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(page, "lungvai.canbo", "sai-mat-khau")
        expect(page.get_by_text("Tên đăng nhập hoặc mật khẩu không đúng.")).to_be_visible()
    shoot(page, "01-wrong-password")
    log_in(page, "lungvai.canbo", "sai-mat-khau")

    expect(page.get_by_role("heading", name="Tài khoản tạm bị khóa")).to_be_visible()
    shoot(page, "02-locked")
    log_in(page, "lungvai.canbo")
    expect(page.get_by_role("heading", name="Tài khoản tạm bị khóa")).to_be_visible()
    expect(page.get_by_text("Xin chào")).to_have_count(0)
