"""What each record type's search document says: for each type, how its records are read
with what their documents need (`Kind.read`), and the text of a record's document by
column (`Kind.describe`), which `search.kinds` ties to the types."""

from __future__ import annotations

import re

from django.db.models import Prefetch

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
from practices.models import Challenge, Definition, Practice, Recommendation

from ..models.columns import OTHER_LANGUAGES


def _name_fields(field: str) -> tuple[str, ...]:
    """A translated field with its columns in each language (`name_en`, `name_fr`, ...):
    the names a document shows in each language, read with the related records
    (`.only()`)."""
    return (field, f"{field}_en", *(f"{field}_{language}" for language in OTHER_LANGUAGES))


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
