"""Load the built-in demo: the Mường Khương 2022–2025 plan, its units and demo accounts,
and the campaign open today under the two-level government (seed/current/).

Idempotent: running it again changes nothing that is already there.
"""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

from core.mail import delivered_together
from demo import loader as demo


class Command(BaseCommand):
    help = (
        "Nạp dữ liệu mẫu (kế hoạch thi đua chuyển đổi số Mường Khương 2022–2025, phong trào "
        "đang mở năm nay của xã Bản Lầu) và tài khoản mẫu."
    )

    def handle(self, *args, **options):
        # Demo history must not send real mail, even when SMTP is configured: its tasks
        # run in-process (eager) and its notices' mails go together into the in-memory
        # backend, never via a worker.
        with (
            override_settings(
                EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
                CELERY_TASK_ALWAYS_EAGER=True,
            ),
            transaction.atomic(),
            delivered_together(),
        ):
            accounts = demo.load()
            second_factors = demo.load_second_factors([row[0] for row in accounts])
        self.stdout.write(self.style.SUCCESS("Đã nạp dữ liệu mẫu."))
        self.stdout.write("")
        self.stdout.write(f"Tài khoản mẫu (mật khẩu chung: {demo.DEMO_PASSWORD}):")
        for username, role, unit in accounts:
            self.stdout.write(f"  {username:<16} {role}{' – ' + unit if unit else ''}")
        if second_factors:
            self.stdout.write("")
            names = ", ".join(username for username, _secret, _codes in second_factors)
            self.stdout.write(f"Xác thực hai lớp (bắt buộc với {names}; chỉ có ở bản chạy thử):")
            self.stdout.write(
                "  thêm khóa bí mật vào ứng dụng xác thực (Google/Microsoft Authenticator, FreeOTP…),"
            )
            self.stdout.write("  hoặc in mã hiện tại: python manage.py demo_code <tên đăng nhập>,")
            self.stdout.write("  hoặc dùng một mã khôi phục (mỗi mã chỉ dùng một lần).")
            for username, secret, codes in second_factors:
                self.stdout.write(f"  {username:<16} khóa: {secret}")
                self.stdout.write(f"  {'':<16} mã khôi phục: {' '.join(codes)}")
