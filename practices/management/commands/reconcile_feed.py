"""Look at every resource and append to the change feed whatever it missed: after writes
that sent no signals (bulk loads such as `generate_synthetic`, SQL run by hand), or once
after upgrading to the feed of decision 0008. Idempotent: a second run appends nothing."""

from django.core.management.base import BaseCommand

from practices import feed


class Command(BaseCommand):
    help = "Bring the change feed up to date with every public resource (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--database", default="default")

    def handle(self, *args, database, **options):
        appended = feed.reconcile(database)
        self.stdout.write(f"The change feed is up to date ({appended} entries appended).")
