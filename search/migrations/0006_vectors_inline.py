"""PostgreSQL keeps the documents' vectors in their rows, out of the TOAST table
(`search.backends.postgresql.store_vectors_inline`, issue 24); nothing on SQLite, whose
documents have no vectors."""

from django.db import migrations

from search.backends import postgresql


def store_vectors_inline(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        postgresql.store_vectors_inline(schema_editor.connection)


def store_vectors_default(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        postgresql.store_vectors_default(schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ("search", "0005_thesaurus_term_demonym"),
    ]

    operations = [
        migrations.RunPython(store_vectors_inline, store_vectors_default, elidable=False),
    ]
