from django.core.management.base import BaseCommand

from documents.backup import create_backup


class Command(BaseCommand):
    help = "Sao lưu cơ sở dữ liệu và tệp (media) vào một thư mục, kèm mã SHA-256."

    def add_arguments(self, parser):
        parser.add_argument("target", nargs="?", default="backups")

    def handle(self, *args, target, **options):
        folder = create_backup(target)
        self.stdout.write(str(folder))
