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

from coherence.models import Country, Institution, PolicyTool, SourcePassage, Theme
from coherence.text import normalize
from practices.listing import Candidates
from practices.listing import candidates as practice_candidates
from practices.models import Practice, Recommendation
from practices.selection import Selection

from .models import (
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
from .snippets import clean_text

TEXT_FIELDS = ("title", "summary", "keywords", "body")


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
    candidates: Callable[[Selection | None, str], Candidates | None] = lambda among, using: None
    """The records of a selection (practices chosen by facet filters, from the facet
    index, in the database given) when there is one and they are few enough to look
    for the words among them; else None."""

    def documents(self, pks: Iterable[int]) -> list[SearchDocument]:
        """Fresh documents for the records with these primary keys that exist."""
        with translation.override("en"):
            return [
                self.document(pk=obj.pk, **_columns(self.describe(obj)))
                for obj in self.read(self.model._default_manager.filter(pk__in=list(pks)))
            ]


def _columns(text: dict) -> dict[str, str]:
    columns = {}
    for name in TEXT_FIELDS:
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
        Prefetch("countries", queryset=Country.objects.only("name")),
        Prefetch("institutions", queryset=Institution.objects.published().only("name", "acronym")),
        Prefetch("tools", queryset=PolicyTool.objects.published().only("name", "acronym")),
        Prefetch("themes", queryset=Theme.objects.only("name")),
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
        Prefetch("publishers", queryset=Institution.objects.published().only("name", "acronym")),
        Prefetch("countries", queryset=Country.objects.only("name")),
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
        ),
        Kind(
            name="recommendation",
            model=Recommendation,
            document=RecommendationDocument,
            fts=RecommendationFts,
            key=lambda recommendation: str(recommendation.pk),
            public=lambda: Recommendation.objects.published(),
            read=lambda queryset: queryset.prefetch_related(
                "addressed_to", Prefetch("themes", queryset=Theme.objects.only("name"))
            ),
            describe=_describe_recommendation,
            excerpt=lambda recommendation: recommendation.text,
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
