"""`python manage.py load_knowledge_base`: load the curated seed data, idempotently."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from practices import feed
from practices.seeding import FixtureError, load_knowledge_base


class Command(BaseCommand):
    help = (
        "Load the curated seed data (reference data, sources and the knowledge base) from "
        "fixtures/. Safe to run again: unchanged records are left alone, changed ones are "
        "updated in place."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--fixtures",
            type=Path,
            default=settings.FIXTURES_ROOT,
            help="the folder of fixtures to load (default: %(default)s)",
        )

    def handle(self, *args, fixtures: Path, **options):
        if not fixtures.is_dir():
            raise CommandError(f"{fixtures} is not a folder of fixtures.")
        try:
            report = load_knowledge_base(fixtures)
        except FixtureError as error:
            shown = error.problems[:50]
            more = len(error.problems) - len(shown)
            message = "\n".join(f"- {problem}" for problem in shown)
            if more:
                message += f"\n... and {more} more"
            raise CommandError(
                f"The fixtures have {len(error.problems)} problem(s); nothing was loaded.\n{message}"
            ) from error
        for line in report.lines():
            self.stdout.write(line)
        # A database from before the change feed compared representations (or whose feed
        # was emptied) starts its feed here; otherwise the load's own marks were processed
        # as it committed.
        if feed.unseen():
            feed.reconcile()
        self.stdout.write(self.style.SUCCESS("The knowledge base is loaded."))
