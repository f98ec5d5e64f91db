"""The practices' FilterSet: its facets make a `Selection`, applied as SQL or read from the
facet index; `search`, `updated_after` and `ordering` are applied after them."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from coherence import filters as reference
from coherence.filters import (
    ChoicesFilter,
    UpdatedAfterFilter,
    YearFilter,
    countries_filter,
    slug_filter,
)
from coherence.models import (
    CoherenceElement,
    CoherenceLevel,
    Event,
    GcmObjective,
    GcmPrinciple,
    Institution,
    PolicyTool,
    Region,
    SdgTarget,
    Session,
    SourceDocument,
    Theme,
)

from .. import facet_index
from ..facet_index import ORDERINGS
from ..models import Practice
from ..selection import EVERYTHING, PUBLISHED, Selection, YearRange
from .fields import (
    ClassificationFilter,
    IndexedKeyField,
    ObjectiveFilter,
    PapersOfFilter,
    PracticeSearchFilter,
    indexed,
    objective_number,
    principle_slug,
)
from .forms import SharedFiltersMixin, given


class PracticeFilterSet(SharedFiltersMixin, django_filters.FilterSet):
    """The practices' filters. The facets (country ... source, the start years) make a
    `Selection` (`facet_selection()`), applied as SQL here and read by the facet index
    where the list is served from it (`practices.listing`); `search`, `updated_after`
    and `ordering` are applied after them.

    `base` is the selection the list starts from (the published practices, or every
    practice for the editors' writes); the queryset defaults to it."""

    country = indexed(countries_filter(label=_("Country")))
    region = indexed(slug_filter(Region, noun=_("region"), label=_("Region")))
    coherence_level = indexed(
        slug_filter(CoherenceLevel, noun=_("coherence level"), label=_("Coherence level"))
    )
    theme = indexed(slug_filter(Theme, noun=_("theme"), label=_("Theme")))
    element = indexed(
        slug_filter(CoherenceElement, noun=_("coherence element"), label=_("Coherence element"))
    )
    institution = indexed(slug_filter(Institution, noun=_("institution"), label=_("Institution")))
    institution_kind = ChoicesFilter(
        choices=Institution.Kind.choices, method="facet", label=_("Institution kind")
    )
    tool = indexed(
        slug_filter(PolicyTool, noun=_("tool or framework"), label=_("Tool or framework"))
    )
    scope = ChoicesFilter(choices=Practice.Scope.choices, method="facet", label=_("Scope"))
    status = ChoicesFilter(choices=Practice.Status.choices, method="facet", label=_("Status"))
    source = indexed(slug_filter(SourceDocument, noun=_("source"), label=_("Source paper")))
    event = PapersOfFilter(Event, noun=_("event"), label=_("Event"))
    session = PapersOfFilter(Session, noun=_("session"), label=_("Session"))
    gcm_objective = ObjectiveFilter(
        queryset=GcmObjective.objects.all(),
        key="number",
        normalize=objective_number,
        noun=_("GCM objective"),
        label=_("GCM objective (number, 1 to 23)"),
    )
    gcm_principle = ClassificationFilter(
        queryset=GcmPrinciple.objects.all(),
        key="slug",
        normalize=principle_slug,
        noun=_("GCM guiding principle"),
        label=_("GCM guiding principle (slug or number)"),
    )
    sdg_target = ClassificationFilter(
        queryset=SdgTarget.objects.all(),
        key="code",
        normalize=str.lower,
        noun=_("SDG target"),
        label=_("SDG target (code, e.g. 10.7)"),
    )
    year_from = YearFilter(
        field_name="start_year", lookup_expr="gte", method="facet", label=_("Started in or after")
    )
    year_to = YearFilter(
        field_name="start_year", lookup_expr="lte", method="facet", label=_("Started in or before")
    )
    search = PracticeSearchFilter(label=_("Search the practices"))
    # Read by `search`: no corrections, no words left out.
    exact = django_filters.ChoiceFilter(
        choices=[("1", _("yes"))],
        method="searched_exactly",
        label=_("Search the words exactly as typed (1)"),
    )
    updated_after = UpdatedAfterFilter()
    ordering = reference.OrderingFilter(
        fields=(("title", "title"), ("start_year", "start_year"), ("updated_at", "updated_at")),
        label=_("Sort by"),
    )

    # The filters that are facets, by the facet they narrow (the years: `start_year`).
    FACETS = {
        "country": "country",
        "region": "region",
        "coherence_level": "coherence_level",
        "theme": "theme",
        "element": "element",
        "institution": "institution",
        "institution_kind": "institution_kind",
        "tool": "tool",
        "scope": "scope",
        "status": "status",
        "source": "source",
        # Discussed at an event or session: cites one of its papers.
        "event": "source",
        "session": "source",
        "gcm_objective": "gcm_objective",
        "gcm_principle": "gcm_principle",
        "sdg_target": "sdg_target",
    }
    # The filters that narrow the rows outside the facets.
    NARROWING = ("search", "updated_after")

    class Meta:
        model = Practice
        fields = []

    def __init__(
        self,
        data=None,
        queryset=None,
        *,
        base: Selection = PUBLISHED,
        indexed: bool = False,
        **kwargs,
    ):
        self.base = base
        self.indexed = indexed
        self.index = None
        if queryset is None:
            queryset = Practice.objects.selected(base)
        super().__init__(data, queryset, **kwargs)

    @property
    def form(self):
        """The filters' form; with `indexed`, the facets' keys are checked against the
        facet index (`IndexedKeyField`), read once when a facet is given and kept as
        `index` for the list (`PracticeViewSet` pages from it)."""
        form = django_filters.FilterSet.form.fget(self)
        if self.indexed and not getattr(self, "_knows_keys", False):
            self._knows_keys = True
            for name, field in form.fields.items():
                if not isinstance(field, IndexedKeyField):
                    continue
                if not field.widget.value_from_datadict(
                    form.data, form.files, form.add_prefix(name)
                ):
                    continue
                if self.index is None:
                    self.index = facet_index.index_for(self.queryset.db)
                field.known = self.index.selectable.get(self.FACETS[name], {})
        return form

    def validates_given_only(self) -> bool:
        # The public API list: its form is never rendered (`GivenFieldsForm`).
        return self.indexed

    def searched_exactly(self, queryset, name, value):
        return queryset  # how `search` searches, not a filter of its own

    def facet(self, queryset, name, value):
        """The facets are applied all together, by `filter_queryset()`."""
        return queryset

    def facet_selection(self) -> Selection:
        """The base narrowed by every facet filter given: what the facets choose."""
        return Selection((*self.base.criteria, *self.chosen().criteria))

    def chosen(self) -> Selection:
        """The facet filters given, as a selection of their own (worked out once)."""
        chosen = getattr(self, "_chosen", None)
        if chosen is None:
            chosen = self._chosen = self._chosen_now()
        return chosen

    def _chosen_now(self) -> Selection:
        cleaned = self.form.cleaned_data
        selection = EVERYTHING
        for name, facet in self.FACETS.items():
            value = cleaned.get(name)
            if not given(value):
                continue
            field = self.filters[name]
            keys = getattr(value, "chosen_keys", None)
            if keys is None:
                keys = field.keys(value) if hasattr(field, "keys") else value
            selection = selection.narrowed(facet, keys)
        low, high = cleaned.get("year_from"), cleaned.get("year_to")
        if low is not None or high is not None:
            selection = selection.narrowed("start_year", YearRange(low, high))
        return selection

    def selection(self) -> Selection | None:
        """What the filtered list holds, as a selection, when the facets alone decide it
        (no search, no `updated_after`); else None."""
        cleaned = self.form.cleaned_data
        if any(cleaned.get(name) for name in self.NARROWING):
            return None
        return self.facet_selection()

    def ordering_key(self) -> str | None:
        """The list's order as one of the facet index's `ORDERINGS` (the title when none
        is asked for), or None when it has another (a search's relevance)."""
        ordering = self.form.cleaned_data.get("ordering") or []
        if not ordering:
            return None if self.form.cleaned_data.get("search") else "title"
        return ordering[0] if len(ordering) == 1 and ordering[0] in ORDERINGS else None

    def relevance_search(self) -> str | None:
        """The full-text search of a list ordered by relevance (a search without another
        `ordering`), which the list pages with bounded work (`fulltext.ranked()`); else
        None."""
        cleaned = self.form.cleaned_data
        text = cleaned.get("search") or ""
        if not text.strip() or cleaned.get("ordering"):
            return None
        return text

    def filter_queryset(self, queryset):
        """The queryset (the base's practices) narrowed by the facets chosen, then
        searched, filtered by date and ordered."""
        queryset = queryset.selected(self.chosen())
        for name in ("search", "updated_after", "ordering"):
            value = self.form.cleaned_data.get(name)
            queryset = self.filters[name].filter(queryset, value)
        return queryset
