"""A submission approved becomes a practice, in the reviewer's transaction: its uploaded
documents become sources of the knowledge base (with their passages), its proposed
institutions and tools are created (each cited) or merged into existing records, and the
practice is created, cited by every quote, and published. The practice then appears
wherever a published practice does (lists, search, facets, exports, country pages, the
change feed), through the same writes the admin and the API use.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from coherence.models import (
    CoherenceElement,
    CoherenceLevel,
    Country,
    GcmObjective,
    Institution,
    PolicyTool,
    SourceDocument,
    Theme,
)
from coherence.models.base import EditorialState, unique_slug
from coherence.passages import rebuild_passages
from coherence.services import CitationData, citations_set, record_update
from practices.models import Practice
from practices.models.status import PracticeStatusReport
from practices.services import Classified, Link, practice_create

from .models import Quote, Submission

CONTRIBUTED_REASON = "Proposed by the contributor"


def _organisation(submission: Submission) -> str:
    profile = getattr(submission.owner, "profile", None)
    return (getattr(profile, "organisation", "") or "").strip()


def _source_of(quote: Quote, year: int, organisation: str) -> SourceDocument:
    """The knowledge base's source for a quote: the uploaded document made a source (once)."""
    if quote.source_id:
        return quote.source
    document = quote.document
    if document.source_id is None:
        source = SourceDocument(
            slug=unique_slug(SourceDocument, document.title),
            title=document.title[:300],
            year=year,
            event=(organisation or _("Contributed document"))[:200],
            authors=organisation[:300],
            kind=SourceDocument.Kind.CONTRIBUTED,
            text=document.text,
        )
        source.full_clean()
        source.save()
        rebuild_passages(source)
        document.source = source
        document.save(update_fields=["source", "updated_at"])
    return document.source


def _publish_record(record, fields: dict, citations: list[CitationData]) -> None:
    record_update(record=record, fields=fields)
    citations_set(record=record, citations=citations)
    record_update(record=record, fields={"editorial_state": EditorialState.PUBLISHED})


def _proposed(submission, kind, model, merges, citations_for, build) -> list:
    """The records proposed (institutions or tools): merged into the existing record the
    reviewer chose (`merges[kind][i]` = its slug) or created, published and cited by the
    quotes supporting that claim."""
    records = []
    for index, proposed in enumerate(submission.content.get(kind, [])):
        chosen = (merges.get(kind) or {}).get(str(index)) or (merges.get(kind) or {}).get(index)
        if chosen:
            record = model.objects.filter(slug=chosen).first()
            if record is None:
                raise ValidationError(
                    {"merges": [_("No record has the slug “%s” to merge into.") % chosen]}
                )
            records.append((record, proposed))
            continue
        if not citations_for:
            raise ValidationError(
                {
                    kind: [
                        _(
                            "“%(name)s” is new: a quote must support it (claim “%(claim)s”), "
                            "or merge it into an existing record."
                        )
                        % {"name": proposed["name"], "claim": kind.removeprefix("proposed_")}
                    ]
                }
            )
        record = model()
        fields = build(proposed)
        fields["slug"] = unique_slug(model, proposed["name"])
        _publish_record(record, fields, citations_for)
        records.append((record, proposed))
    return records


def publish(submission: Submission, *, merges: dict) -> Practice:
    """The submission's practice, created and published with its citations. The text is
    written as the knowledge base's base (English) text whatever the reviewer's page
    language, and also as the submission's language's text when that is French or
    Spanish, so that those pages show it as written and not as an English fallback."""
    with override("en"):
        practice = _publish(submission, merges=merges)
    if submission.language in TRANSLATED:
        content = submission.content
        record_update(
            record=practice,
            fields={
                f"{field}_{submission.language}": content.get(key, "")
                for field, key in TRANSLATED_TEXT.items()
            },
        )
    return practice


TRANSLATED = ("fr", "es")
# The practice's fields kept in each language (practices/translation.py).
TRANSLATED_TEXT = {"title": "title", "summary": "summary"}


def _publish(submission: Submission, *, merges: dict) -> Practice:
    content = submission.content
    organisation = _organisation(submission)
    year = timezone.now().year
    quotes = list(submission.quotes.select_related("document__source", "source"))
    by_claim: dict[str, list[CitationData]] = {}
    citations = []
    for quote in quotes:
        citation = CitationData(
            source=_source_of(quote, year, organisation), locator=quote.locator, quote=quote.quote
        )
        citations.append(citation)
        by_claim.setdefault(quote.claim, []).append(citation)

    institutions = [
        Link(Institution.objects.get(slug=link["slug"]), link["role"])
        for link in content.get("institutions", [])
    ]
    for record, proposed in _proposed(
        submission,
        "proposed_institutions",
        Institution,
        merges,
        by_claim.get("institutions", []),
        lambda p: {
            "name": p["name"],
            "acronym": p.get("acronym", ""),
            "kind": p["kind"],
            "country": Country.objects.filter(iso3=p.get("country") or "").first(),
            "website": p.get("website", ""),
        },
    ):
        if record.pk not in {link.target.pk for link in institutions}:
            institutions.append(Link(record, proposed.get("role") or "lead"))
    tools = list(PolicyTool.objects.filter(slug__in=content.get("tools", [])))
    for record, _proposed_tool in _proposed(
        submission,
        "proposed_tools",
        PolicyTool,
        merges,
        by_claim.get("tools", []),
        lambda p: {
            "name": p["name"],
            "acronym": p.get("acronym", ""),
            "kind": p["kind"],
            "url": p.get("url", ""),
        },
    ):
        if record not in tools:
            tools.append(record)

    fields = {
        "slug": unique_slug(Practice, content["title"]),
        "title": content["title"],
        "summary": content["summary"],
        "description": content.get("description", ""),
        "scope": content["scope"],
        "status": content.get("status") or Practice._meta.get_field("status").default,
        "start_year": content.get("start_year"),
        "end_year": content.get("end_year"),
        "outcomes": content.get("outcomes", ""),
        "challenges": content.get("lessons", ""),
        "partners": content.get("partners", ""),
        "contributed_by": organisation,
    }
    practice = practice_create(
        fields=fields,
        reason=f"Contributed (submission {submission.pk})",
        countries=[
            Link(Country.objects.get(iso3=link["iso3"]), link["role"])
            for link in content.get("countries", [])
        ],
        institutions=institutions,
        tools=tools,
        coherence_levels=CoherenceLevel.objects.filter(
            slug__in=content.get("coherence_levels", [])
        ),
        elements=CoherenceElement.objects.filter(slug__in=content.get("elements", [])),
        themes=Theme.objects.filter(slug__in=content.get("themes", [])),
        gcm_objectives=[
            Classified(objective, CONTRIBUTED_REASON)
            for objective in GcmObjective.objects.filter(
                number__in=content.get("gcm_objectives", [])
            )
        ],
    )
    citations_set(record=practice, citations=citations)
    if content.get("status") and by_claim.get("status"):
        status_citation = by_claim["status"][0]
        report = PracticeStatusReport(
            slug=unique_slug(PracticeStatusReport, f"{practice.slug}-{content['status']}"),
            practice=practice,
            source=status_citation.source,
            status=content["status"],
            as_of_year=content.get("status_year") or year,
        )
        report.full_clean()
        report.save()
        citations_set(record=report, citations=by_claim["status"])
    record_update(record=practice, fields={"editorial_state": EditorialState.PUBLISHED})
    return practice
