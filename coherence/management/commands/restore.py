"""`python manage.py restore FILE`: load a backup made by `manage.py backup` into a new,
migrated database (`coherence.backup`, `docs/operations.md`)."""

from django.core.management.base import BaseCommand, CommandError

from coherence import backup


class Command(BaseCommand):
    help = (
        "Load a backup made by `manage.py backup` into a new database (run `manage.py "
        "migrate` first), all or nothing, and rebuild the search index. Refuses a "
        "database that already holds data."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="the backup file, e.g. backup-2026-01-31.json.gz")

    def handle(self, *args, path, verbosity, **options):
        try:
            backup.restore(path, verbosity=verbosity)
        except backup.RestoreRefused as error:
            raise CommandError(str(error)) from error
        if verbosity:
            self.stdout.write(self.style.SUCCESS(f"Restored {path}; the search index is rebuilt."))
