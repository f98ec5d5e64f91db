"""`python manage.py backup FILE`: the whole knowledge base to a JSON file
(`coherence.backup`, `docs/operations.md`)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from coherence import backup


class Command(BaseCommand):
    help = (
        "Write the records, their history, the users and the API tokens to a JSON file "
        "(backup.json, or compressed: backup.json.gz, .json.bz2, .json.xz) that "
        "`manage.py restore` loads into a new database."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="the file to write, e.g. backup-2026-01-31.json.gz")

    def handle(self, *args, path, verbosity, **options):
        if ".json" not in Path(path).suffixes:
            raise CommandError(f"Name the file *.json or *.json.gz (not {Path(path).name}).")
        backup.backup(path, verbosity=verbosity)
        if verbosity:
            self.stdout.write(self.style.SUCCESS(f"Backed up to {path}."))
