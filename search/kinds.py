"""The record types search covers, and what each one's search document says.

A `Kind` ties a record type's public name ("practice") to its model, its document
model, its SQLite FTS model, the key a hit carries, the records the public may see, and
the function that writes its documents' text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import models
from django.db.models import Prefetch
from django.utils import translation

from coherence.models import (
    Citation,
    Country,
    Event,
    Institution,
    PolicyTool,
    SourcePassage,
    Theme,
)
from coherence.text import normalize
from practices.listing import Candidates
from practices.listing import candidates as practice_candidates
from practices.models import Challenge, Definition, Practice, Recommendation
from practices.selection import Selection

from .models import (
    LANGUAGE_COLUMNS,
    LANGUAGE_INDEXES,
    OTHER_LANGUAGES,
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
    language_columns,
)
from .snippets import clean_text

TEXT_FIELDS = ("title", "summary", "keywords", "body")
# `Kind.weight` of the passages of the papers.
PASSAGE_WEIGHT = 0.6
# The columns of a translated type's documents in French and Spanish.
LANGUAGE_FIELDS = tuple(
    column for language in OTHER_LANGUAGES for column in language_columns(language)
)


def _name_fields(field: str) -> tuple[str, ...]:
    """A translated field with its columns in each language (`name_en`, `name_fr`, ...):
    the names a document shows in each language, read with the related records
    (`.only()`)."""
    return (field, f"{field}_en", *(f"{field}_{language}" for language in OTHER_LANGUAGES))


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


def _names(objects) -> list[str]:
    return [str(obj) for obj in objects]


# Practices ---------------------------------------------------------------------------


# A document names the published institutions and tools of its record only: drafts'
# names must not make a public record findable, nor show in its snippets. Publishing or
# unpublishing one rewrites the documents that name it (`search.signals`).


def _read_practices(queryset):
    return queryset.prefetch_related(
        Prefetch("countries", queryset=Country.objects.only(*_name_fields("name"))),
        Prefetch(
            "institutions",
            queryset=Institution.objects.published().only(*_name_fields("name"), "acronym"),
        ),
        Prefetch(
            "tools", queryset=PolicyTool.objects.published().only(*_name_fields("name"), "acronym")
        ),
        Prefetch("themes", queryset=Theme.objects.only(*_name_fields("name"))),
    )


def _describe_practice(practice: Practice):
    return {
        "title": practice.title,
        "summary": practice.summary,
        "keywords": [
            *_names(practice.countries.all()),
            *_names(practice.institutions.all()),
            *_names(practice.tools.all()),
            *_names(practice.themes.all()),
        ],
        "body": "\n\n".join(
            part for part in (practice.description, practice.outcomes, practice.challenges) if part
        ),
    }


# Institutions, tools and frameworks ----------------------------------------------------


def _describe_institution(institution: Institution):
    return {
        "title": str(institution),
        "summary": institution.description,
        "keywords": [
            institution.get_kind_display(),
            institution.country.name if institution.country else "",
            institution.parent.name if institution.parent else "",
        ],
    }


def _read_tools(queryset):
    return queryset.prefetch_related(
        Prefetch(
            "publishers",
            queryset=Institution.objects.published().only(*_name_fields("name"), "acronym"),
        ),
        Prefetch("countries", queryset=Country.objects.only(*_name_fields("name"))),
    )


def _describe_tool(tool: PolicyTool):
    return {
        "title": str(tool),
        "summary": tool.description,
        "keywords": [
            tool.get_kind_display(),
            tool.get_category_display() if tool.category else "",
            *_names(tool.publishers.all()),
            *_names(tool.countries.all()),
        ],
    }


# Recommendations and passages ----------------------------------------------------------


def _describe_recommendation(recommendation: Recommendation):
    return {
        "title": recommendation.title,
        "summary": recommendation.text,
        "keywords": [
            *(addressee.name for addressee in recommendation.addressed_to.all()),
            *_names(recommendation.themes.all()),
        ],
    }


_MARKDOWN_HEADING = re.compile(r"^\s*#{1,6}\s+", re.MULTILINE)


def _passage_text(passage: SourcePassage) -> str:
    """A passage's words, without the Markdown the paper conversions left around them."""
    return normalize(_MARKDOWN_HEADING.sub("", passage.text))


def _describe_passage(passage: SourcePassage):
    return {"title": passage.locator, "body": _passage_text(passage)}


# Challenges, glossary entries and events (issue 21) -------------------------------------
#
# Their summaries are the knowledge base's own words; the passages they cite, quoted in
# their citations, are their body, so that the paper's own words find them too. A
# citation saved or deleted rewrites its record's document (`search.signals`).


def _quotes(record) -> list[str]:
    return [citation.quote for citation in record.citations.all()]


def _with_quotes(queryset):
    return queryset.prefetch_related(
        Prefetch(
            "citations",
            queryset=Citation.objects.only("content_type", "object_id", "quote").order_by("pk"),
        )
    )


def _read_challenges(queryset):
    return _with_quotes(queryset).prefetch_related(
        Prefetch("countries", queryset=Country.objects.only(*_name_fields("name"))),
        Prefetch("themes", queryset=Theme.objects.only(*_name_fields("name"))),
        "coherence_levels",
        "elements",
    )


def _describe_challenge(challenge: Challenge):
    return {
        "title": challenge.title,
        "summary": challenge.summary,
        "keywords": [
            *_names(challenge.coherence_levels.all()),
            *_names(challenge.elements.all()),
            *_names(challenge.countries.all()),
            *_names(challenge.themes.all()),
        ],
        "body": "\n\n".join(_quotes(challenge)),
    }


def _describe_definition(definition: Definition):
    return {
        "title": definition.term,
        "summary": definition.definition,
        "keywords": [definition.coherence_level.name if definition.coherence_level else ""],
        "body": "\n\n".join(_quotes(definition)),
    }


def _describe_event(event: Event):
    return {
        "title": event.name,
        "summary": event.description,
        "keywords": [event.get_kind_display(), event.place, event.date],
        "body": "\n\n".join(_quotes(event)),
    }


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
