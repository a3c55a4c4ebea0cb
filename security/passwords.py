"""Password rules beyond Django's: not the username, not the current or a recent password."""

from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.text import plain

HISTORY_SIZE = 5


class NotUsernameValidator:
    """The password may not contain the username (accents and case ignored)."""

    def validate(self, password, user=None):
        username = plain(getattr(user, "username", "") or "")
        if len(username) >= 3 and username in plain(password):
            raise ValidationError(
                _("Mật khẩu không được chứa tên đăng nhập."), code="password_has_username"
            )

    def get_help_text(self):
        return _("Mật khẩu không được chứa tên đăng nhập.")


class RecentPasswordValidator:
    """Refuse the current password and the last `history` ones; remember each new one."""

    def __init__(self, history=HISTORY_SIZE):
        self.history = history

    def validate(self, password, user=None):
        if user is None or user.pk is None:
            return
        from .models import PasswordHistory

        stored = type(user).objects.filter(pk=user.pk).values_list("password", flat=True).first()
        hashes = [stored] if stored else []
        hashes += list(
            PasswordHistory.objects.filter(user=user).values_list("password", flat=True)[
                : self.history
            ]
        )
        if any(check_password(password, encoded) for encoded in hashes):
            raise ValidationError(
                _("Mật khẩu mới phải khác mật khẩu hiện tại và %(n)d mật khẩu gần nhất.")
                % {"n": self.history},
                code="password_reused",
            )

    def password_changed(self, password, user=None):
        if user is None or user.pk is None or not user.password:
            return
        from .models import PasswordHistory

        PasswordHistory.objects.create(user=user, password=user.password)
        old = PasswordHistory.objects.filter(user=user).values_list("pk", flat=True)[self.history :]
        PasswordHistory.objects.filter(pk__in=list(old)).delete()

    def get_help_text(self):
        return _("Mật khẩu mới phải khác mật khẩu hiện tại và %(n)d mật khẩu gần nhất.") % {
            "n": self.history
        }
