"""What differs between the databases: how a query is compiled and matched, how
snippets are made, and the database objects that hold the index.

Each backend module offers the same functions:

- `matches(queryset, kind, query)`: the matching records, annotated with `search_rank`
  (float, higher is better);
- `snippets(kind, pks, query, using)`: `{pk: {column: raw snippet}}` for the matching
  records among `pks`, with the match markers of `search.snippets`; `SNIPPETS_ESCAPED`
  says whether the database has already escaped `&`, `<` and `>` in them;
- `install(connection)` / `uninstall(connection)`: create or drop the index objects that
  Django's models do not describe;
- `rebuild_started(connection)` / `rebuild_finished(connection)`: around a full rebuild.
"""

from types import ModuleType

from django.core.exceptions import ImproperlyConfigured

from . import postgresql, sqlite

BACKENDS = {"postgresql": postgresql, "sqlite": sqlite}


def backend_for(connection) -> ModuleType:
    try:
        return BACKENDS[connection.vendor]
    except KeyError:
        raise ImproperlyConfigured(
            f"Search supports PostgreSQL and SQLite, not {connection.vendor}."
        ) from None
