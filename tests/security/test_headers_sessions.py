"""CSP, Permissions-Policy, no-store, idle and absolute timeouts, password rules."""

import time

import pytest
from django.contrib.auth.forms import SetPasswordForm
from django.urls import reverse
from django.utils import translation

from security.models import SecurityEvent


def test_every_page_sends_a_strict_csp_and_a_permissions_policy(client, staff):
    client.force_login(staff)

    response = client.get(reverse("home"))

    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert "camera=()" in response["Permissions-Policy"]


def test_no_template_has_an_inline_script_style_or_event_handler():
    import re
    from pathlib import Path

    from django.conf import settings

    offenders = []
    for path in Path(settings.BASE_DIR, "templates").rglob("*.html"):
        if "print" in path.parts or "emails" in path.parts:
            continue  # rendered by WeasyPrint or a mail client, never by the browser
        text = path.read_text()
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text):
            offenders.append(f"{path.name}: inline <script>")
        if re.search(r"<style\b|\sstyle=\"|\son[a-z]+=\"|hx-on|javascript:", text):
            offenders.append(f"{path.name}: inline style or handler")
    assert offenders == []
    base = Path(settings.BASE_DIR, "templates", "base.html").read_text()
    assert '"allowEval": false' in base


def test_signed_in_pages_and_downloads_are_not_stored_public_pages_may_be(client, staff):
    assert "no-store" not in client.get(reverse("honour_roll")).get("Cache-Control", "")
    client.force_login(staff)

    assert "no-store" in client.get(reverse("home"))["Cache-Control"]
    assert "no-store" in client.get(reverse("open_data:csv"))["Cache-Control"]


def test_thirty_idle_minutes_sign_the_user_out_with_a_message(client, staff, settings):
    client.force_login(staff)
    session = client.session
    session["security_seen_at"] = int(time.time()) - settings.SESSION_IDLE_SECONDS - 5
    session.save()

    response = client.get(reverse("home"), follow=True)

    assert response.redirect_chain[0][0] == reverse("login")
    assert "lâu không thao tác" in response.content.decode()
    assert SecurityEvent.objects.filter(kind="idle_timeout", username=staff.username).exists()


def test_activity_keeps_the_session_until_the_absolute_limit(client, staff, settings):
    client.force_login(staff)
    session = client.session
    session["security_login_at"] = int(time.time()) - settings.SESSION_COOKIE_AGE - 5
    session.save()

    response = client.get(reverse("home"))

    assert response["Location"] == reverse("login")


def test_the_idle_timeout_is_thirty_minutes_unless_configured():
    from django.conf import settings

    assert settings.SESSION_IDLE_SECONDS == 30 * 60


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("ngan", "Mật khẩu quá ngắn: cần ít nhất 10 ký tự."),
        ("canbo-2025-abc", "Mật khẩu không được chứa tên đăng nhập."),
        ("mat-khau-thu-nghiem", "Mật khẩu mới phải khác mật khẩu hiện tại và 5 mật khẩu gần nhất."),
    ],
)
def test_password_rules_speak_vietnamese(staff, password, message):
    staff.set_password("mat-khau-thu-nghiem")
    staff.save()
    with translation.override("vi"):
        form = SetPasswordForm(staff, {"new_password1": password, "new_password2": password})

        assert not form.is_valid()
        assert message in form.errors["new_password2"]


def test_a_recent_password_cannot_come_back(staff):
    for password in ("Mot-mat-khau-1", "Hai-mat-khau-2"):
        staff.set_password(password)
        staff.save()
    with translation.override("vi"):
        form = SetPasswordForm(
            staff, {"new_password1": "Mot-mat-khau-1", "new_password2": "Mot-mat-khau-1"}
        )

        assert not form.is_valid()
        fresh = SetPasswordForm(
            staff, {"new_password1": "Ba-mat-khau-33", "new_password2": "Ba-mat-khau-33"}
        )
        assert fresh.is_valid()


def test_a_null_character_is_refused_in_vietnamese(client, staff):
    from django import forms

    with translation.override("vi"):
        field = forms.CharField()
        with pytest.raises(forms.ValidationError) as refused:
            field.clean("a\x00b")

    assert refused.value.messages == ["Không được chứa ký tự rỗng (NUL)."]
