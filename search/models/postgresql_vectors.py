"""PostgreSQL's tables of the published records' vectors (`search_<type>_vectors`): a
narrow copy of each document's vectors with whether its record is published, kept by
triggers, which the search of everything the public may see reads alone (issue 24)."""

from django.contrib.postgres.search import SearchVectorField
from django.db import models

from .documents import PracticeDocument


class PublicVectors(models.Model):
    """PostgreSQL only: each document's vectors and whether its record is published, in
    a narrow table of their own (`search_<type>_vectors`), for the search of everything
    the public may see (`search.backends.postgresql.newest_public`, issue 24).

    A search reads a type's newest 1,000 public matches. From the document table joined
    to the records, PostgreSQL finds every candidate in the GIN index, sorts them by key
    to join them with the published records, carrying each one's vector, then ranks and
    keeps the newest: 61 ms for "social protection" at 100k practices. From this table
    it needs no join: it keeps the newest matches the GIN index finds in a top-N sort
    (19 ms), or walks the key backwards and stops at the 1,000th (8–9 ms), as its
    estimates choose (`docs/performance.md`).

    Derived data twice over, kept by the database's triggers (`install_public_vectors`):
    a document written or deleted writes or deletes its row, a record's editorial state
    changed (by `save()` or by `QuerySet.update()`) changes its flag. On SQLite the
    tables do not exist and these models are never queried."""

    derived_data = True  # the search index: not backed up (coherence.backup)

    published = models.BooleanField()
    vector = SearchVectorField(null=True)
    vector_fr = SearchVectorField(null=True)
    vector_es = SearchVectorField(null=True)

    class Meta:
        abstract = True
        managed = False

    def __str__(self):
        return f"{self._meta.db_table} {self.pk}"


class PracticeVectors(PublicVectors):
    practice = models.OneToOneField(
        "practices.Practice",
        on_delete=models.DO_NOTHING,
        primary_key=True,
        db_constraint=False,
        related_name="search_vectors",
    )

    class Meta(PublicVectors.Meta):
        db_table = "search_practice_vectors"


# The document tables with a table of public vectors: the practices, the one type that
# grows to hundreds of thousands of records (the others' searches are a few ms).
PUBLIC_VECTORS = {PracticeDocument: PracticeVectors}
