"""Receivers that keep the search documents in step with every save, delete and link
change (see `search.indexing`). Connected by `SearchConfig.ready()`.

Bulk writes that send no signals (`QuerySet.update()`, `bulk_create()`) are not seen:
`python manage.py rebuild_search_index` catches up after them. `rebuild_passages`, which
creates passages in bulk, says so with the `passages_rebuilt` signal, and a restore, which
loads records raw, and other bulk writes, with `coherence.signals.bulk_written`.
"""

from django.db import DEFAULT_DB_ALIAS
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save, pre_save

from coherence import data_version
from coherence.models import (
    Citation,
    CoherenceElement,
    CoherenceLevel,
    Country,
    Institution,
    PolicyTool,
    Theme,
)
from coherence.passages import passages_rebuilt
from coherence.signals import bulk_written
from practices.models import (
    Challenge,
    Practice,
    PracticeCountry,
    PracticeInstitution,
    Recommendation,
)
from practices.seeding import knowledge_base_loaded

from . import indexing
from .kinds import KINDS, kind_of
from .models import ThesaurusEntry, ThesaurusTerm

# Many-to-many tables whose rows put a related record's name into a document:
# (table, type of the record whose document it is, that record's column, the other one).
LINKS = (
    (PracticeCountry, "practice", "practice", "country"),
    (PracticeInstitution, "practice", "practice", "institution"),
    (Practice.tools.through, "practice", "practice", "policytool"),
    (Practice.themes.through, "practice", "practice", "theme"),
    (Recommendation.themes.through, "recommendation", "recommendation", "theme"),
    (Recommendation.addressed_to.through, "recommendation", "recommendation", "addressee"),
    (PolicyTool.publishers.through, "tool", "policytool", "institution"),
    (PolicyTool.countries.through, "tool", "policytool", "country"),
    (Challenge.countries.through, "challenge", "challenge", "country"),
    (Challenge.themes.through, "challenge", "challenge", "theme"),
    (Challenge.coherence_levels.through, "challenge", "challenge", "coherencelevel"),
    (Challenge.elements.through, "challenge", "challenge", "coherenceelement"),
)
LINK_OF = {table: (KINDS[kind], owner, other) for table, kind, owner, other in LINKS}

# The fields of a record that decide what other records' documents show of it: its
# names and, for institutions and tools, whether it is published (documents name the
# published ones only, `search.kinds`).
# The record types whose documents quote their citations (`search.kinds`).
QUOTING = {KINDS[name].model for name in ("challenge", "definition", "event")}

NAMES = {
    Country: ("name",),
    Theme: ("name",),
    Institution: ("name", "acronym", "editorial_state"),
    PolicyTool: ("name", "acronym", "editorial_state"),
    CoherenceLevel: ("name",),
    CoherenceElement: ("name",),
}


def index_record(sender, instance, raw=False, **kwargs):
    if not raw:
        indexing.index(kind_of(sender), [instance.pk])


def remember_names(sender, instance, raw=False, **kwargs):
    """Before a save, note the names other documents show, to see afterwards whether
    they changed."""
    if raw or instance.pk is None:
        return
    instance._search_names = (
        sender._default_manager.filter(pk=instance.pk).values_list(*NAMES[sender]).first()
    )


def refresh_dependents(sender, instance, created=False, raw=False, **kwargs):
    """After a renaming (or a change of editorial state), rewrite the documents that
    show the name."""
    old = getattr(instance, "_search_names", None)
    if raw or created or old is None:
        return
    if old == tuple(getattr(instance, name) for name in NAMES[sender]):
        return
    for table, (kind, owner, other) in LINK_OF.items():
        if table._meta.get_field(other).related_model is sender:
            indexing.refresh(
                kind,
                table.objects.filter(**{f"{other}_id": instance.pk}).values_list(
                    f"{owner}_id", flat=True
                ),
            )
    if sender is Country:
        indexing.refresh(KINDS["institution"], instance.institutions.values_list("pk", flat=True))
    if sender is Institution:
        indexing.refresh(KINDS["institution"], instance.children.values_list("pk", flat=True))
    if sender is CoherenceLevel:
        indexing.refresh(KINDS["definition"], instance.definitions.values_list("pk", flat=True))


def refresh_linked(sender, instance, raw=False, **kwargs):
    """A link row saved or deleted on its own (a practice's country, with its role)."""
    if not raw:
        kind, owner, _ = LINK_OF[sender]
        indexing.refresh(kind, [getattr(instance, f"{owner}_id")])


def refresh_m2m(sender, instance, action, reverse, pk_set, **kwargs):
    """Links added, removed or cleared through a many-to-many manager."""
    kind, owner, other = LINK_OF[sender]
    if not reverse:
        if action in ("post_add", "post_remove", "post_clear"):
            indexing.refresh(kind, [instance.pk])
    elif action in ("post_add", "post_remove"):
        indexing.refresh(kind, pk_set)
    elif action == "pre_clear":
        instance._search_cleared = list(
            sender.objects.filter(**{f"{other}_id": instance.pk}).values_list(
                f"{owner}_id", flat=True
            )
        )
    elif action == "post_clear":
        indexing.refresh(kind, getattr(instance, "_search_cleared", []))


def refresh_cited(sender, instance, raw=False, **kwargs):
    """A citation saved or deleted: the documents that quote it (challenges, glossary
    entries and events) are rewritten."""
    if raw:
        return
    model = instance.content_type.model_class()
    if model in QUOTING:
        indexing.refresh(kind_of(model), [instance.object_id])


def index_passages(sender, source, **kwargs):
    indexing.index(KINDS["passage"], source.passages.values_list("pk", flat=True))


def rebuild_after_bulk_writes(sender, progress=None, **kwargs):
    """Records written in bulk (a restore, generated data) were not indexed as they went:
    rebuild the whole index."""
    report = (lambda kind, n: progress(f"search index: {kind}", n)) if progress else None
    indexing.rebuild(progress=report)


def index_existing_records(sender, using=DEFAULT_DB_ALIAS, verbosity=1, **kwargs):
    """After `migrate`: build the index of a database whose records have no search
    documents yet (the search app was just added to a database with data in it), or
    whose documents have no French and Spanish text yet (from before migration 0003)."""
    if using != DEFAULT_DB_ALIAS:
        return
    if any(
        kind.model._default_manager.exists()
        and (
            not kind.document.objects.exists()
            # Documents from before their French and Spanish columns (migration 0003).
            or (kind.translated and not kind.document.objects.exclude(title_fr="").exists())
        )
        for kind in KINDS.values()
    ):
        counts = indexing.rebuild()
        if verbosity:
            print(f"Search index built: {sum(counts.values())} records indexed.")


def load_thesaurus(sender, root, report=None, **kwargs):
    """After `load_knowledge_base`: load `thesaurus.json` of the fixtures' folder."""
    from .seeding import load_thesaurus_file

    path = root / "thesaurus.json"
    if path.is_file():
        line = load_thesaurus_file(path)
        if report is not None:
            report.notes.append(line)


def connect(app_config):
    for kind in KINDS.values():
        post_save.connect(index_record, sender=kind.model, dispatch_uid=f"search-{kind.name}")
    for model in NAMES:
        pre_save.connect(remember_names, sender=model, dispatch_uid="search-names")
        post_save.connect(refresh_dependents, sender=model, dispatch_uid="search-dependents")
    for table in (PracticeCountry, PracticeInstitution):
        post_save.connect(refresh_linked, sender=table, dispatch_uid="search-link")
        post_delete.connect(refresh_linked, sender=table, dispatch_uid="search-link")
    for table in LINK_OF:
        m2m_changed.connect(refresh_m2m, sender=table, dispatch_uid="search-m2m")
    post_save.connect(refresh_cited, sender=Citation, dispatch_uid="search-citation")
    post_delete.connect(refresh_cited, sender=Citation, dispatch_uid="search-citation")
    passages_rebuilt.connect(index_passages, dispatch_uid="search-passages")
    bulk_written.connect(rebuild_after_bulk_writes, dispatch_uid="search-bulk-written")
    # The thesaurus changes what searches find: its writes give the data a new version,
    # which also tells `search.thesaurus` to read it again.
    for model in (ThesaurusEntry, ThesaurusTerm):
        uid = f"data-version-{model._meta.label_lower}"
        data_version.watched.add(model)
        post_save.connect(data_version.record_written, sender=model, dispatch_uid=uid)
        post_delete.connect(data_version.record_written, sender=model, dispatch_uid=uid)
    knowledge_base_loaded.connect(load_thesaurus, dispatch_uid="search-thesaurus")
    post_migrate.connect(index_existing_records, sender=app_config, dispatch_uid="search-migrate")
