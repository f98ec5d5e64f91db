"""Reusable reads of practices, recommendations and findings: the filters under their
domain names, and each read recipe (`with_related()`, `with_list_fields()`,
`with_citations()`) in one place.

A public read shows a practice's published institutions and tools only
(`docs/decisions/0006-drafts-never-leak.md`); `drafts=True` is for the editors' writes,
which answer with everything they set."""

from django.db.models import Exists, OuterRef, Prefetch, Q

from coherence.models import CoherenceLevel, EditorialState, PolicyTool, Theme
from coherence.models.base import NaturalKeyQuerySet
from coherence.models.sources import CitedPublishableQuerySet

from .selection import Selection, YearRange

PUBLISHED = EditorialState.PUBLISHED


def _upper(values):
    return [value.upper() for value in values]


class PracticeQuerySet(CitedPublishableQuerySet):
    """Practices, with the facet filters under their domain names."""

    def _links(self, name: str):
        """The rows of a practice's links of that name (`country_links`...)."""
        return self.model._meta.get_field(name).related_model.objects

    def institution_links(self, *, drafts=False):
        """Practices' links to institutions, with the institution: to the published ones
        only, unless `drafts`."""
        links = self._links("institution_links").select_related("institution")
        return links if drafts else links.filter(institution__editorial_state=PUBLISHED)

    @staticmethod
    def linked_tools(*, drafts=False):
        """The tools a practice shows: the published ones, unless `drafts`."""
        return PolicyTool.objects.all() if drafts else PolicyTool.objects.published()

    def with_related(self, *, drafts=False):
        """Everything a practice's page or detail shows of its links, in a fixed number
        of queries."""
        return self.prefetch_related(
            Prefetch(
                "country_links",
                queryset=self._links("country_links").select_related("country"),
            ),
            Prefetch("institution_links", queryset=self.institution_links(drafts=drafts)),
            Prefetch("tools", queryset=self.linked_tools(drafts=drafts)),
            "coherence_levels",
            "elements",
            "themes",
            Prefetch("status_reports", queryset=self._status_reports()),
            *self.with_classification(),
        )

    def _status_reports(self):
        """Each paper's report of the practice's status, oldest first, with its source
        and citations (`practices.models.status`; named through the relation, as the
        models import this module)."""
        model = self.model._meta.get_field("status_reports").related_model
        return model.objects.select_related("source").with_citations().in_order()

    def with_classification(self, *, keys_only=False) -> list[Prefetch]:
        """The prefetches of a practice's classification (GCM objectives, principles, SDG
        targets, with their reasons); `keys_only`: the records' keys alone."""
        prefetches = []
        for name, field, key in (
            ("gcm_objective_links", "objective", "number"),
            ("gcm_principle_links", "principle", "slug"),
            ("sdg_target_links", "target", "code"),
        ):
            links = self._links(name).select_related(field)
            if keys_only:
                links = links.only("practice_id", f"{field}__{key}")
            prefetches.append(Prefetch(name, queryset=links))
        return prefetches

    def with_list_fields(self):
        """What a list row shows and no more, as model instances for `PracticeSerializer`:
        the related records' keys and names, not their texts. The API's pages and exports
        are written from flat rows instead (`practices.rows`); tests compare the two."""
        return self.defer("description", "outcomes", "challenges").prefetch_related(
            Prefetch(
                "country_links",
                queryset=self._links("country_links")
                .select_related("country")
                .only("practice_id", "role", "country__iso3", "country__name"),
            ),
            Prefetch(
                "institution_links",
                queryset=self.institution_links().only(
                    "practice_id", "role", "institution__slug", "institution__name"
                ),
            ),
            Prefetch("tools", queryset=self.linked_tools().only("slug", "name")),
            Prefetch("coherence_levels", queryset=CoherenceLevel.objects.only("slug")),
            Prefetch("themes", queryset=Theme.objects.only("slug")),
            *self.with_classification(keys_only=True),
        )

    # The facet filters. Each is one criterion of a `Selection` too (`selected()`).

    def for_countries(self, iso3_codes):
        codes = _upper(iso3_codes)
        return self._having("countries", Q(country__iso3__in=codes))

    def in_regions(self, slugs):
        return self._having(
            "countries",
            Q(country__region__slug__in=slugs)
            | Q(country__subregion__slug__in=slugs)
            | Q(country__intermediate_region__slug__in=slugs),
        )

    def at_levels(self, slugs):
        return self._having("coherence_levels", Q(coherencelevel__slug__in=slugs))

    def with_themes(self, slugs):
        return self._having("themes", Q(theme__slug__in=slugs))

    def with_elements(self, slugs):
        return self._having("elements", Q(coherenceelement__slug__in=slugs))

    # Institutions and tools: a practice has those of its links that are published (an
    # unpublished one is no part of it for the public, as in `with_related()`).

    def with_institutions(self, slugs):
        return self._having(
            "institutions",
            Q(institution__slug__in=slugs, institution__editorial_state=PUBLISHED),
        )

    def with_institution_kinds(self, kinds):
        return self._having(
            "institutions",
            Q(institution__kind__in=kinds, institution__editorial_state=PUBLISHED),
        )

    def with_tools(self, slugs):
        return self._having(
            "tools", Q(policytool__slug__in=slugs, policytool__editorial_state=PUBLISHED)
        )

    # The knowledge base's classification (GCM objectives by number, principles by
    # slug, SDG targets by code).

    def with_gcm_objectives(self, numbers):
        return self._having("gcm_objectives", Q(objective__number__in=[int(n) for n in numbers]))

    def with_gcm_principles(self, slugs):
        return self._having("gcm_principles", Q(principle__slug__in=slugs))

    def with_sdg_targets(self, codes):
        return self._having("sdg_targets", Q(target__code__in=codes))

    def with_scopes(self, scopes):
        return self.filter(scope__in=list(scopes))

    def with_statuses(self, statuses):
        return self.filter(status__in=list(statuses))

    def in_states(self, states):
        return self.filter(editorial_state__in=list(states))

    def started_between(self, low=None, high=None):
        """Practices whose start year is from `low` to `high` (either may be None)."""
        condition = Q()
        if low is not None:
            condition &= Q(start_year__gte=low)
        if high is not None:
            condition &= Q(start_year__lte=high)
        return self.filter(condition) if condition else self.all()

    def selected(self, selection: Selection):
        """These practices narrowed to a selection, criterion by criterion, through the
        methods above: the selection's SQL reading (the facet index has the other)."""
        queryset = self.all()
        for facet, values in selection.criteria:
            if isinstance(values, YearRange):
                queryset = queryset.started_between(values.low, values.high)
            else:
                queryset = getattr(queryset, SELECTION_METHODS[facet])(sorted(values))
        return queryset


# The queryset method of each criterion a selection may name.
SELECTION_METHODS = {
    "editorial_state": "in_states",
    "country": "for_countries",
    "region": "in_regions",
    "coherence_level": "at_levels",
    "element": "with_elements",
    "theme": "with_themes",
    "institution": "with_institutions",
    "institution_kind": "with_institution_kinds",
    "tool": "with_tools",
    "scope": "with_scopes",
    "status": "with_statuses",
    "source": "cited_in",
    "gcm_objective": "with_gcm_objectives",
    "gcm_principle": "with_gcm_principles",
    "sdg_target": "with_sdg_targets",
}


class RecommendationQuerySet(CitedPublishableQuerySet):
    def with_related(self):
        return (
            self.select_related("suggested_by")
            .prefetch_related("addressed_to", "coherence_levels", "themes")
            .with_citations()
        )

    def addressed_to_any(self, slugs):
        return self._having("addressed_to", Q(addressee__slug__in=slugs))

    def at_levels(self, slugs):
        return self._having("coherence_levels", Q(coherencelevel__slug__in=slugs))

    def with_themes(self, slugs):
        return self._having("themes", Q(theme__slug__in=slugs))


class CountryFindingQuerySet(CitedPublishableQuerySet):
    def with_related(self):
        return self.select_related("country", "element", "question").with_citations()

    def for_links(self):
        # A finding is labelled, and found, by its country ("Mexico: ...", its profile).
        return self.select_related("country")

    def for_countries(self, iso3_codes):
        return self.filter(country__iso3__in=_upper(iso3_codes))

    def with_elements(self, slugs):
        return self.filter(element__slug__in=slugs)


class ChallengeQuerySet(CitedPublishableQuerySet):
    def with_related(self):
        return self.prefetch_related(
            "coherence_levels", "elements", "countries", "themes"
        ).with_citations()

    def at_levels(self, slugs):
        return self._having("coherence_levels", Q(coherencelevel__slug__in=slugs))

    def with_elements(self, slugs):
        return self._having("elements", Q(coherenceelement__slug__in=slugs))

    def for_countries(self, iso3_codes):
        return self._having("countries", Q(country__iso3__in=_upper(iso3_codes)))

    def with_themes(self, slugs):
        return self._having("themes", Q(theme__slug__in=slugs))


class DefinitionQuerySet(CitedPublishableQuerySet):
    def with_related(self):
        return self.select_related("coherence_level").with_citations()


class QuestionResultQuerySet(CitedPublishableQuerySet):
    def with_related(self):
        return self.select_related("question", "question__element").with_citations()


class QuestionQuerySet(NaturalKeyQuerySet):
    """The questions findings answer. A question has no editorial state of its own: the
    public sees one that a published finding answers or a published result reports, and
    the answers it shows are the published ones (named through the relations, as the
    models import this module)."""

    def _answers(self, relation):
        return self.model._meta.get_field(relation).related_model.objects.published()

    def public(self):
        return self.filter(
            Exists(self._answers("findings").filter(question=OuterRef("pk")))
            | Exists(self._answers("results").filter(question=OuterRef("pk")))
        )

    def with_answers(self, *, finding_citations: bool = False):
        """Its published results (`public_results`, with their citations) and the
        published findings that answer it (`public_findings`, by country name)."""
        findings = self._answers("findings").select_related("country")
        if finding_citations:
            findings = findings.with_citations()
        return self.select_related("element", "source").prefetch_related(
            Prefetch(
                "results",
                queryset=self._answers("results").with_citations(),
                to_attr="public_results",
            ),
            Prefetch(
                "findings",
                queryset=findings.order_by("country__name", "id"),
                to_attr="public_findings",
            ),
        )
