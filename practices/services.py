"""Writes of practices (and the other records of this app), for the API, the admin and
the seed loader alike: each changes only what differs, validates before it saves, and
runs in one transaction. A write that changes nothing writes nothing; one that changes
only links touches the practice once, so that its `updated_at` and history say so.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import transaction

from coherence.models import (
    CoherenceElement,
    CoherenceLevel,
    Country,
    GcmObjective,
    GcmPrinciple,
    Institution,
    PolicyTool,
    SdgTarget,
    Theme,
)
from coherence.services import many_set, record_save, record_update, rows_set
from coherence.versions import version

from .models import CLASSIFICATIONS, Practice


@dataclass(frozen=True)
class Link:
    """A country or an institution taking part in a practice, with its role."""

    target: Country | Institution
    role: str


@dataclass(frozen=True)
class Classified:
    """A practice classified under a GCM objective, a GCM guiding principle or an SDG
    target by the knowledge base, and why."""

    target: GcmObjective | GcmPrinciple | SdgTarget
    reason: str


@transaction.atomic
def practice_set_classification(
    *,
    practice: Practice,
    gcm_objectives: Sequence[Classified] | None = None,
    gcm_principles: Sequence[Classified] | None = None,
    sdg_targets: Sequence[Classified] | None = None,
) -> bool:
    """Make the practice's classification the one given (None: leave that framework's
    as it is); a changed reason is updated in place. Returns whether anything changed."""
    given = {
        "gcm_objectives": gcm_objectives,
        "gcm_principles": gcm_principles,
        "sdg_targets": sdg_targets,
    }
    changed = False
    for name, through, field, _key, _facet in CLASSIFICATIONS:
        wanted = given[name]
        if wanted is None:
            continue
        changed |= rows_set(
            rows=through.objects.filter(practice=practice),
            owner={"practice": practice},
            target_field=field,
            wanted={item.target.pk: {"reason": item.reason.strip()} for item in wanted},
        )
    return changed


@transaction.atomic
def practice_set_links(
    *,
    practice: Practice,
    countries: Sequence[Link] | None = None,
    institutions: Sequence[Link] | None = None,
    tools: Iterable[PolicyTool] | None = None,
    coherence_levels: Iterable[CoherenceLevel] | None = None,
    elements: Iterable[CoherenceElement] | None = None,
    themes: Iterable[Theme] | None = None,
    gcm_objectives: Sequence[Classified] | None = None,
    gcm_principles: Sequence[Classified] | None = None,
    sdg_targets: Sequence[Classified] | None = None,
) -> bool:
    """Make the practice's links (and its classification) those given (None: leave that
    kind of link as it is). Only the difference is written. Returns whether anything
    changed."""
    changed = practice_set_classification(
        practice=practice,
        gcm_objectives=gcm_objectives,
        gcm_principles=gcm_principles,
        sdg_targets=sdg_targets,
    )
    for name, targets in (
        ("tools", tools),
        ("coherence_levels", coherence_levels),
        ("elements", elements),
        ("themes", themes),
    ):
        if targets is not None:
            changed |= many_set(record=practice, field=name, targets=targets)
    for rows, target_field, links in (
        (practice.country_links.all(), "country", countries),
        (practice.institution_links.all(), "institution", institutions),
    ):
        if links is not None:
            changed |= rows_set(
                rows=rows,
                owner={"practice": practice},
                target_field=target_field,
                wanted={link.target.pk: {"role": link.role} for link in links},
            )
    return changed


@transaction.atomic
def practice_create(*, fields: dict, reason: str | None = None, **links) -> Practice:
    """A new practice with these fields and links (`practice_set_links()`'s), written as
    one version (see `coherence.versions`)."""
    with version():
        practice = Practice()
        record_update(record=practice, fields=fields, reason=reason)
        practice_set_links(practice=practice, **links)
    return practice


@transaction.atomic
def practice_update(
    *, practice: Practice, fields: dict, reason: str | None = None, **links
) -> bool:
    """Change the practice's fields and links (`practice_set_links()`'s; a kind of link
    not given is left as it is). Returns whether anything changed; a change of links
    alone touches the practice once."""
    with version():
        links_changed = practice_set_links(practice=practice, **links)
        saved = record_update(record=practice, fields=fields, reason=reason)
        if links_changed and not saved:
            record_save(record=practice, reason=reason)
    return saved or links_changed
