"""Load the built-in demo: the Mường Khương 2022–2025 plan, its units and demo accounts.

Idempotent: running it again changes nothing that is already there.
"""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

from demo import loader as demo


class Command(BaseCommand):
    help = (
        "Nạp dữ liệu mẫu (kế hoạch thi đua chuyển đổi số Mường Khương 2022–2025) và tài khoản mẫu."
    )

    def handle(self, *args, **options):
        # Demo history must not send real mail, even when SMTP is configured: its mail
        # tasks run in-process (eager) into the in-memory backend, never via a worker.
        with (
            override_settings(
                EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
                CELERY_TASK_ALWAYS_EAGER=True,
            ),
            transaction.atomic(),
        ):
            accounts = demo.load()
        self.stdout.write(self.style.SUCCESS("Đã nạp dữ liệu mẫu."))
        self.stdout.write("")
        self.stdout.write(f"Tài khoản mẫu (mật khẩu chung: {demo.DEMO_PASSWORD}):")
        for username, role, unit in accounts:
            self.stdout.write(f"  {username:<16} {role}{' – ' + unit if unit else ''}")
