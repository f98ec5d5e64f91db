"""`python manage.py rebuild_search_index`: rewrite the whole search index."""

from django.core.management.base import BaseCommand
from tqdm import tqdm

from search import indexing


class Command(BaseCommand):
    help = (
        "Rewrite every search document from its record, and the database's index with them "
        "(PostgreSQL: GIN indexes; SQLite: FTS5 tables and their triggers). Run it after "
        "bulk changes that bypass the models' signals, or to repair the index."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-progress", action="store_true", help="no progress bars")

    def handle(self, *args, no_progress, **options):
        bars = {}

        def progress(kind, n):
            if kind not in bars:
                bars[kind] = tqdm(desc=kind, unit="", disable=no_progress)
            bars[kind].update(n)

        counts = indexing.rebuild(progress=progress)
        for bar in bars.values():
            bar.close()
        for kind, count in counts.items():
            self.stdout.write(f"{kind}: {count} indexed")
        self.stdout.write(self.style.SUCCESS("The search index is rebuilt."))
