"""PostgreSQL keeps the documents' vectors in their rows, out of the TOAST table
(`search.backends.postgresql.store_vectors_inline`, issue 24); nothing on SQLite, whose
documents have no vectors."""

from django.db import migrations

from search import schema


class Migration(migrations.Migration):

    dependencies = [
        ("search", "0005_thesaurus_term_demonym"),
    ]

    operations = [
        migrations.RunPython(
            schema.store_vectors_inline, schema.store_vectors_default, elidable=False
        ),
    ]
