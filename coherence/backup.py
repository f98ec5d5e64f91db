"""Backups with Django's own dump, and restores that bring back exactly what was backed
up: the records, their history, and so the change feed (`docs/operations.md`).
`manage.py backup` and `manage.py restore` call these.

A backup is `dumpdata` in JSON (`coherence.serialization`: times to the microsecond)
with natural keys for foreign keys, because content types and permissions get ids of
their own in every database, and with every record's own id, which its history and the
API (recommendations) refer to: `--natural-primary` would number records afresh. Left out
are the rows `migrate` makes in every database (content types, permissions, the facet
index's token, the data version; the roles' groups are replaced by the backup's), sessions, and the search index with its vocabulary, derived from
the records (`derived_data`): the receivers of `coherence.signals.bulk_written` rebuild it.
"""

from django.apps import apps
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Max

from .signals import backing_up, bulk_written

NOT_BACKED_UP = [
    "contenttypes",
    "auth.permission",
    "sessions",
    "coherence.dataversion",
    "practices.facetindexstate",
    "practices.feedlock",
]


def excluded() -> list[str]:
    """What a backup leaves out: the rows `migrate` makes, and every model whose data is
    derived from the records (`derived_data = True`: the search index and its
    vocabulary), which a restore rebuilds. The search app's thesaurus, which editors
    curate, is backed up."""
    derived = [
        model._meta.label_lower
        for model in apps.get_models()
        if getattr(model, "derived_data", False)
    ]
    return [*NOT_BACKED_UP, *derived]


class RestoreRefused(Exception):
    """The database is not one a backup can be restored into."""


def backup(path: str, *, verbosity: int = 0) -> None:
    """Dump the database as it is at one moment, while the site goes on. `dumpdata`
    reads table after table; in one transaction they all show the same moment: on
    PostgreSQL a repeatable-read snapshot (writers go on), on SQLite the transaction's
    write lock (writers wait for the backup, up to the lock timeout). Called inside a
    transaction, the dump sees what that transaction sees."""
    backing_up.send(sender=None, using=connection.alias)
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        call_command(
            "dumpdata",
            format="json",
            natural_foreign=True,
            exclude=excluded(),
            output=str(path),
            verbosity=verbosity,
        )


def restore(path: str, *, verbosity: int = 0) -> None:
    """Load a backup into a migrated, empty database, all or nothing."""
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise RestoreRefused("The database is not migrated: run `manage.py migrate` first.")
    if held := held_data():
        tables = ", ".join(f"{label} ({count})" for label, count in list(held.items())[:3])
        raise RestoreRefused(
            f"The database already holds data: {tables}. Restore into a new database, "
            "after `manage.py migrate`."
        )
    with transaction.atomic():
        # The roles' groups that migrations make (contributor, reviewer) come back from
        # the backup, with their permissions, under the backup's ids.
        Group.objects.filter(user__isnull=True).delete()
        call_command("loaddata", str(path), exclude=excluded(), verbosity=verbosity)
        skip_ids_in_history()
        bulk_written.send(sender=None, using=connection.alias, progress=None)


def _backed_up(model, left_out: list[str]) -> bool:
    meta = model._meta
    return meta.managed and meta.app_label not in left_out and meta.label_lower not in left_out


def held_data() -> dict[str, int]:
    """The number of rows of each table that a backup would restore, where there are any."""
    left_out = excluded()
    counts = {
        model._meta.label_lower: model._base_manager.count()
        for model in apps.get_models()
        if _backed_up(model, left_out) and model is not Group
    }
    # Groups with no members are what migrations make (the roles); those with members
    # are data.
    counts["auth.group"] = Group.objects.filter(user__isnull=False).distinct().count()
    return {label: count for label, count in counts.items() if count}


def skip_ids_in_history() -> None:
    """Make each recorded table's next id greater than every id in its history: a new
    record must not take the id, and so the history and API key, of a deleted one.
    `loaddata` sets the next id after the greatest one loaded, which forgets the ids of
    the newest records that were deleted."""
    for model in apps.get_models():
        manager = getattr(model._meta, "simple_history_manager_attribute", None)
        if manager is None:
            continue
        pk = model._meta.pk
        used = getattr(model, manager).aggregate(top=Max(pk.attname))["top"]
        if used is None or model._base_manager.filter(pk__gte=used).exists():
            continue
        table, column = model._meta.db_table, pk.column
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence(%s, %s), %s)",
                    [connection.ops.quote_name(table), column, used],
                )
            elif connection.vendor == "sqlite":  # tables of AUTOINCREMENT keys
                cursor.execute("DELETE FROM sqlite_sequence WHERE name = %s", [table])
                cursor.execute(
                    "INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, used]
                )
