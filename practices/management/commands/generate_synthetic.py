"""`python manage.py generate_synthetic --practices 100000`: fill the database with
realistic synthetic records for benchmarks (see `practices.synthetic`)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from tqdm import tqdm

from coherence.models import CoherenceElement, CoherenceLevel, Country, Theme
from coherence.signals import bulk_written
from practices.models import Practice
from practices.seeding import FixtureError, load_knowledge_base
from practices.synthetic import SLUG_PREFIX, Generator, Sizes


class Command(BaseCommand):
    help = (
        "Create realistic synthetic, published records (practices with their countries, "
        "institutions, tools, levels, elements, themes and citations; institutions; tools; "
        "recommendations; source papers and their passages), then rebuild the search "
        "index. Deterministic for a given --seed. Loads the reference data first if the "
        "database has none. Meant for benchmarks: use a database of its own."
    )

    def add_arguments(self, parser):
        parser.add_argument("--practices", type=int, default=1000, help="default: %(default)s")
        for name in ("institutions", "tools", "recommendations", "sources"):
            parser.add_argument(
                f"--{name}", type=int, default=0, help="default: in proportion to --practices"
            )
        parser.add_argument("--seed", type=int, default=1, help="default: %(default)s")
        parser.add_argument("--batch-size", type=int, default=2000, help="default: %(default)s")
        parser.add_argument(
            "--reference",
            type=Path,
            default=settings.FIXTURES_ROOT / "reference",
            help="the reference fixtures to load when the database has none (default: %(default)s)",
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bars")

    def handle(self, *args, practices, seed, batch_size, reference, no_progress, **options):
        if practices < 1 or batch_size < 1:
            raise CommandError("--practices and --batch-size must be positive.")
        if Practice.objects.filter(slug__startswith=SLUG_PREFIX).exists():
            raise CommandError(
                "This database has synthetic records already. Generate them into an empty "
                "database (or one with the seed data only)."
            )
        self.load_reference(reference)
        sizes = Sizes(
            practices,
            **{
                name: options[name]
                for name in ("institutions", "tools", "recommendations", "sources")
            },
        )
        bars = {}

        def progress(step, n):
            if step not in bars:
                total = getattr(sizes, step, None) or None
                bars[step] = tqdm(total=total, desc=step, unit="", disable=no_progress)
            bars[step].update(n)

        Generator(seed, progress).generate(sizes, batch_size=batch_size)
        # Bulk writes send no signals: the indexes are rebuilt by the signal's receivers.
        bulk_written.send(sender=None, using=connection.alias, progress=progress)
        for bar in bars.values():
            bar.close()
        with connection.cursor() as cursor:
            # Statistics for the planner; on PostgreSQL also the visibility map and hint
            # bits that autovacuum would set later, so that the first searches measured
            # do not pay for them (VACUUM cannot run in a transaction, as in a test).
            vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
            cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {sizes.practices} practices, {sizes.institutions} institutions, "
                f"{sizes.tools} tools, {sizes.recommendations} recommendations and "
                f"{sizes.sources} source papers (seed {seed})."
            )
        )

    def load_reference(self, reference: Path):
        if all(m.objects.exists() for m in (Country, CoherenceLevel, CoherenceElement, Theme)):
            return
        try:
            load_knowledge_base(reference)
        except FixtureError as error:
            raise CommandError(f"The reference data could not be loaded:\n{error}") from error
        self.stdout.write(f"Loaded the reference data from {reference}.")
