from django.core.management.base import BaseCommand, CommandError

from documents.backup import BackupError, restore_backup, verify_issued_documents


class Command(BaseCommand):
    help = (
        "Khôi phục cơ sở dữ liệu và tệp từ một bản sao lưu, rồi kiểm tra SHA-256 của mọi "
        "văn bản đã ban hành (--verify-only: chỉ kiểm tra)."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", nargs="?")
        parser.add_argument("--verify-only", action="store_true")

    def handle(self, *args, folder, verify_only, **options):
        try:
            if verify_only:
                report = verify_issued_documents()
            elif not folder:
                raise CommandError("Cần đường dẫn thư mục sao lưu.")
            else:
                report = restore_backup(folder)
        except BackupError as error:
            raise CommandError(str(error)) from error
        for problem in report["problems"]:
            self.stderr.write(problem)
        if report["problems"]:
            raise CommandError(
                f"{len(report['problems'])} lỗi khi kiểm tra {report['checked']} văn bản đã ban hành."
            )
        self.stdout.write(f"Đã kiểm tra SHA-256 của {report['checked']} văn bản đã ban hành: khớp.")
