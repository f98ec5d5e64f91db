"""The record types search covers, and what each one's search document says.

A `Kind` ties a record type's public name ("practice") to its model, its document
model, its SQLite FTS model, the key a hit carries, the records the public may see, and
the function that writes its documents' text.

The package: this module holds `Kind` and the types (`KINDS`); `descriptions` what each
type's documents say. Names with a leading underscore are private to the package.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import models
from django.db.models import Prefetch
from django.utils import translation

from coherence.models import Event, Institution, PolicyTool, SourcePassage, Theme
from practices.listing import Candidates
from practices.listing import candidates as practice_candidates
from practices.models import Challenge, Definition, Practice, Recommendation
from practices.selection import Selection

from ..models import (
    ChallengeDocument,
    ChallengeFts,
    DefinitionDocument,
    DefinitionFts,
    EventDocument,
    EventFts,
    InstitutionDocument,
    InstitutionFts,
    PassageDocument,
    PassageFts,
    PolicyToolDocument,
    PolicyToolFts,
    PracticeDocument,
    PracticeFts,
    RecommendationDocument,
    RecommendationFts,
    SearchDocument,
)
from ..models.columns import LANGUAGE_COLUMNS, OTHER_LANGUAGES, language_columns
from ..models.sqlite_fts import LANGUAGE_INDEXES
from ..snippets import clean_text
from .descriptions import (
    _describe_challenge,
    _describe_definition,
    _describe_event,
    _describe_institution,
    _describe_passage,
    _describe_practice,
    _describe_recommendation,
    _describe_tool,
    _name_fields,
    _passage_text,
    _read_challenges,
    _read_practices,
    _read_tools,
    _with_quotes,
)

TEXT_FIELDS = ("title", "summary", "keywords", "body")
# `Kind.weight` of the passages of the papers.
PASSAGE_WEIGHT = 0.6
# The columns of a translated type's documents in French and Spanish.
LANGUAGE_FIELDS = tuple(
    column for language in OTHER_LANGUAGES for column in language_columns(language)
)


@dataclass(frozen=True)
class Kind:
    name: str
    model: type[models.Model]
    document: type[SearchDocument]
    fts: type[models.Model]
    key: Callable[[models.Model], str]
    public: Callable[[], models.QuerySet]
    """The records everyone may see, the default for `search()`."""
    read: Callable[[models.QuerySet], Iterable[models.Model]]
    """The records of a queryset, with what their documents need fetched."""
    describe: Callable[[models.Model], dict[str, str | Iterable[str]]]
    """The text of a record's document, by column."""
    excerpt: Callable[[models.Model], str]
    """The text shown for a record when no part of it matched."""
    summary_field: str | None = None
    """The translated field the documents hold in their summary column (and which
    `excerpt` shows): a French or Spanish summary column holds the record's translation
    of it, or the English where it has none (`documents()`). None: no translated summary."""
    weight: float = 1.0
    """What the type's scores count for against the other types' in `search()`: a
    passage of a paper, often a line or two, counts half as much as a record (issue 24),
    so that the records on the words come first unless a passage is much closer to
    them (the words as a phrase where the records have them scattered)."""
    candidates: Callable[[Selection | None, str], Candidates | None] = lambda among, using: None
    """The records of a selection (practices chosen by facet filters, from the facet
    index, in the database given) when there is one and they are few enough to look
    for the words among them; else None."""

    @property
    def translated(self) -> bool:
        """Whether the type's records have French and Spanish text (translated fields),
        which its documents index in those languages (`LANGUAGE_INDEXES`). The others
        are searched in English whatever the language."""
        return self.document in LANGUAGE_INDEXES

    @property
    def text_fields(self) -> tuple[str, ...]:
        """The document columns `documents()` writes."""
        return TEXT_FIELDS + LANGUAGE_FIELDS if self.translated else TEXT_FIELDS

    def documents(self, pks: Iterable[int]) -> list[SearchDocument]:
        """Fresh documents for the records with these primary keys that exist: their
        English text and, for a translated type, their French and Spanish title, summary
        and keywords (a field without a translation in English, as the records show it)."""
        with translation.override("en"):
            records = list(self.read(self.model._default_manager.filter(pk__in=list(pks))))
            documents = [
                self.document(pk=obj.pk, **_columns(self.describe(obj))) for obj in records
            ]
        if self.translated:
            for language in OTHER_LANGUAGES:
                with translation.override(language):
                    for document, obj in zip(documents, records, strict=True):
                        text = _columns(self.describe(obj), fields=LANGUAGE_COLUMNS)
                        for column, name in zip(
                            language_columns(language), LANGUAGE_COLUMNS, strict=True
                        ):
                            setattr(document, column, text[name])
        return documents


def _columns(text: dict, fields: tuple[str, ...] = TEXT_FIELDS) -> dict[str, str]:
    columns = {}
    for name in fields:
        value = text.get(name, "")
        if not isinstance(value, str):
            value = "; ".join(part for part in value if part)
        columns[name] = clean_text(value)
    return columns


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind(
            name="practice",
            model=Practice,
            document=PracticeDocument,
            fts=PracticeFts,
            key=lambda practice: practice.slug,
            public=lambda: Practice.objects.published(),
            read=_read_practices,
            describe=_describe_practice,
            excerpt=lambda practice: practice.summary or practice.description,
            summary_field="summary",
            candidates=practice_candidates,
        ),
        Kind(
            name="institution",
            model=Institution,
            document=InstitutionDocument,
            fts=InstitutionFts,
            key=lambda institution: institution.slug,
            public=lambda: Institution.objects.published(),
            read=lambda queryset: queryset.with_related(),  # a published parent only
            describe=_describe_institution,
            excerpt=lambda institution: institution.description,
            summary_field="description",
        ),
        Kind(
            name="tool",
            model=PolicyTool,
            document=PolicyToolDocument,
            fts=PolicyToolFts,
            key=lambda tool: tool.slug,
            public=lambda: PolicyTool.objects.published(),
            read=_read_tools,
            describe=_describe_tool,
            excerpt=lambda tool: tool.description,
            summary_field="description",
        ),
        Kind(
            name="recommendation",
            model=Recommendation,
            document=RecommendationDocument,
            fts=RecommendationFts,
            key=lambda recommendation: str(recommendation.pk),
            public=lambda: Recommendation.objects.published(),
            read=lambda queryset: queryset.prefetch_related(
                "addressed_to",
                Prefetch("themes", queryset=Theme.objects.only(*_name_fields("name"))),
            ),
            describe=_describe_recommendation,
            excerpt=lambda recommendation: recommendation.text,
            summary_field="text",
        ),
        Kind(
            name="passage",
            model=SourcePassage,
            document=PassageDocument,
            fts=PassageFts,
            key=lambda passage: f"{passage.source.slug}#{passage.anchor}",
            public=lambda: SourcePassage.objects.select_related("source"),
            read=lambda queryset: queryset,
            describe=_describe_passage,
            excerpt=_passage_text,
            weight=PASSAGE_WEIGHT,
        ),
        Kind(
            name="challenge",
            model=Challenge,
            document=ChallengeDocument,
            fts=ChallengeFts,
            key=lambda challenge: challenge.slug,
            public=lambda: Challenge.objects.published(),
            read=_read_challenges,
            describe=_describe_challenge,
            excerpt=lambda challenge: challenge.summary,
            summary_field="summary",
        ),
        Kind(
            name="definition",
            model=Definition,
            document=DefinitionDocument,
            fts=DefinitionFts,
            key=lambda definition: definition.slug,
            public=lambda: Definition.objects.published(),
            read=lambda queryset: _with_quotes(queryset.select_related("coherence_level")),
            describe=_describe_definition,
            excerpt=lambda definition: definition.definition,
            summary_field="definition",
        ),
        Kind(
            name="event",
            model=Event,
            document=EventDocument,
            fts=EventFts,
            key=lambda event: event.slug,
            public=lambda: Event.objects.all(),
            read=_with_quotes,
            describe=_describe_event,
            excerpt=lambda event: event.description,
            summary_field="description",
        ),
    )
}

TYPES = tuple(KINDS)


def kind_of(model: type[models.Model]) -> Kind:
    """The kind whose records are instances of `model`; TypeError if search has none."""
    for kind in KINDS.values():
        if issubclass(model, kind.model):
            return kind
    raise TypeError(
        f"Search covers {', '.join(k.model.__name__ for k in KINDS.values())}, "
        f"not {model.__name__}."
    )
