"""The shared FilterSets of practices, recommendations, findings, and of countries by
their practices: the same query parameters on the pages and in the API
(`/practices/?country=MEX` and `/api/v1/practices/?country=MEX`; see
`coherence/filters.py` for the conventions)."""

from __future__ import annotations

import copy
from collections import OrderedDict

import django_filters
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.db.models.query import EmptyQuerySet
from django.utils.translation import gettext_lazy as _

from coherence import filters as reference
from coherence import fulltext
from coherence.filters import (
    ChoicesFilter,
    KeyFilter,
    KeyMultipleChoiceField,
    SearchFilter,
    UpdatedAfterFilter,
    YearFilter,
    countries_filter,
    slug_filter,
)
from coherence.models import (
    CoherenceElement,
    CoherenceLevel,
    EditorialState,
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

from . import facet_index
from .facet_index import ORDERINGS
from .models import AddresseeKind, CountryFinding, Practice, PracticeCountry, Recommendation
from .selection import EVERYTHING, PUBLISHED, Selection, YearRange


class IndexedKeyField(KeyMultipleChoiceField):
    """A facet's records by key, checked against the facet index's values when its form
    was given them (`known`: the index's values of the facet, by key, set on the form's
    own copy of the field by `PracticeFilterSet(indexed=True)`): keys the index knows
    need no query. The index lists only values some public practice has, so a key it
    does not know (a country without practices, a typo) is checked by the database as
    always, with the same error."""

    known = None

    def _check_values(self, value):
        known = self.known
        if known is not None and value and all(key in known for key in value):
            keys = list(dict.fromkeys(value))
            # What the database would have found, read only if something iterates it.
            chosen = self.queryset.filter(**{f"{self.to_field_name}__in": keys})
            chosen.chosen_keys = keys
            return chosen
        return super()._check_values(value)


def indexed(filter_: KeyFilter) -> KeyFilter:
    """A practices' facet filter whose keys the facet index can check (`IndexedKeyField`)."""
    filter_.field_class = IndexedKeyField
    return filter_


class PapersOfFilter(KeyFilter):
    """Records discussed at an event or a session (`?event=gfmd-2008-manila`): those
    citing one of its papers. A facet on the sources, so the practices' counts stay the
    facet index's; an event with no paper of its own holds no records."""

    def __init__(self, model, *, noun, **kwargs):
        super().__init__(
            queryset=model.objects.all(), key="slug", normalize=str.lower, noun=noun, **kwargs
        )

    def keys(self, value) -> list[str]:
        """The slugs of the papers of the events or sessions chosen."""
        return sorted({slug for obj in value or () for slug in obj.source_slugs()})

    def apply(self, queryset, name, value):
        if not value or self.queryset_method is None:
            return queryset
        return getattr(queryset, self.queryset_method)(self.keys(value))


class ClassificationFilter(KeyFilter):
    """A facet of the knowledge base's classification: its keys as the facet index has
    them (text: an objective's number as "19")."""

    def keys(self, value) -> list[str]:
        return [str(getattr(obj, self.key)) for obj in value or ()]


def objective_number(value: str) -> str:
    """An objective as typed (`19`, `019`) as its number; anything else as typed, to be
    refused as unknown."""
    return str(int(value)) if value.isdigit() and len(value) < 4 else value


def principle_slug(value: str) -> str:
    """A guiding principle named by its number (`9`) or its slug, as its slug."""
    if value.isdigit() and len(value) < 4:
        slug = GcmPrinciple.objects.filter(number=int(value)).values_list("slug", flat=True)
        return slug.first() or value
    return value.lower()


class ObjectiveField(KeyMultipleChoiceField):
    """Objectives by number: a value that is not a number is unknown, like a number out
    of range (not a database error)."""

    def _check_values(self, value):
        unknown = [item for item in value if not str(item).isdigit()]
        if unknown:
            raise ValidationError(
                _("Unknown %(noun)s: %(values)s.")
                % {"noun": self.noun, "values": ", ".join(unknown)},
                code="invalid_choice",
            )
        return super()._check_values(value)


class ObjectiveFilter(ClassificationFilter):
    field_class = ObjectiveField


class PracticeSearchFilter(SearchFilter):
    """The practices' `search`, understood as the site search understands a query
    (issue 24: the thesaurus; when nothing matches, misspelt words corrected or the
    words that match nothing left out), unless `exact=1` asks for the words as typed."""

    def filter(self, qs, value):
        if not value or not value.strip():
            return qs
        parent = self.parent
        among = parent.facet_selection() if parent is not None else None
        exact = bool(parent is not None and parent.form.cleaned_data.get("exact"))
        matches = fulltext.engine().filter(qs, value, among=among, exact=exact)
        if parent is not None and parent.data.get("ordering"):
            return matches
        return matches.order_by("-search_rank", *qs.model._meta.ordering, "pk")


class _SharedFilters(OrderedDict):
    """A FilterSet's `base_filters` whose copy for each FilterSet (django-filter's
    `FilterSet.__init__` deep-copies them) is a shallow copy of each filter with its own
    `extra`, sharing the form field the filter made once: the FilterSet then sets each
    copy's `model` and `parent` as usual. Deep-copying the filters, their querysets and
    choices, and building every form field again, was a good part of a list request."""

    def __deepcopy__(self, memo):
        copies = OrderedDict()
        for name, base in self.items():
            base.field  # noqa: B018 (made once, on the class's filter)
            filter_ = copy.copy(base)
            filter_.extra = dict(base.extra)
            copies[name] = filter_
        return copies


class _SharedFields(dict):
    """A form class's `base_fields` whose copy for each form (Django's `BaseForm.__init__`
    deep-copies them) is a shallow copy of each field: the form can still set its own
    copy's attributes (`IndexedKeyField.known`), while the widgets, choices, validators
    and querysets stay the class's. Safe only where nothing changes those or evaluates a
    field's queryset itself (which would keep its rows for every later form): the public
    API list's form (`GivenFieldsForm`), which derives new querysets from them (`filter()`,
    `none()`) and is never rendered. The pages' forms, whose facets list a field's
    queryset (`coherence.facets`), keep Django's deep copy."""

    def __deepcopy__(self, memo):
        return {name: copy.copy(field) for name, field in self.items()}


class GivenFieldsForm:
    """A FilterSet form (mixed into the class django-filter makes) that validates only the
    parameters the request gives, from fields shared with its class (`_SharedFields`). The
    API refuses a parameter given without a value (`?country=`) before any filtering, and
    none of the fields is required, so a field left out could only clean to "nothing
    chosen" (an empty queryset made per facet per request): its FilterSet reads a missing
    cleaned value as that. Copying and cleaning the fields of every facet not given was
    most of a list request's form."""

    def __init__(self, data=None, *args, prefix=None, **kwargs):
        if data is not None:
            # The form's own `base_fields`, which `BaseForm.__init__` copies: the given ones.
            self.base_fields = _SharedFields(
                (name, field)
                for name, field in type(self).base_fields.items()
                if (f"{prefix}-{name}" if prefix else name) in data
            )
        super().__init__(data, *args, prefix=prefix, **kwargs)


class SharedFiltersMixin:
    """A FilterSet whose filters are copied cheaply (`_SharedFilters`) and whose form class
    is made once per FilterSet class (its fields are those of the filters, which do not
    depend on the request). Each form deep-copies its fields, as every Django form, unless
    the FilterSet `validates_given_only()` (`GivenFieldsForm`)."""

    _form_classes: dict[tuple[type, bool], type] = {}

    def __init__(self, *args, **kwargs):
        cls = type(self)
        # The metaclass sets `base_filters` after any hook of the class's creation.
        if not isinstance(cls.__dict__.get("base_filters"), _SharedFilters):
            cls.base_filters = _SharedFilters(cls.base_filters)
        super().__init__(*args, **kwargs)

    def validates_given_only(self) -> bool:
        """Whether the form validates only the parameters given, from shared fields."""
        return False

    def get_form_class(self):
        key = (type(self), self.validates_given_only())
        form_class = SharedFiltersMixin._form_classes.get(key)
        if form_class is None:
            form_class = super().get_form_class()
            if key[1]:
                form_class = type(form_class.__name__, (GivenFieldsForm, form_class), {})
                form_class.base_fields = _SharedFields(form_class.base_fields)
            SharedFiltersMixin._form_classes[key] = form_class
        return form_class


def given(value) -> bool:
    """Whether a cleaned filter value chooses anything. A facet not given cleans to an
    empty queryset (`.none()`, which Django documents telling apart as an `EmptyQuerySet`),
    and one the facet index checked carries its keys (`IndexedKeyField`): either says so
    without being compiled or run."""
    keys = getattr(value, "chosen_keys", None)
    if keys is not None:
        return bool(keys)
    if isinstance(value, EmptyQuerySet):
        return False
    return bool(value)


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


class RecommendationFilterSet(django_filters.FilterSet):
    kind = ChoicesFilter(choices=Recommendation.Kind.choices, label=_("Kind"))
    addressed_to = ChoicesFilter(
        choices=AddresseeKind.choices, method="filter_addressed_to", label=_("Addressed to")
    )
    coherence_level = slug_filter(
        CoherenceLevel, "at_levels", noun=_("coherence level"), label=_("Coherence level")
    )
    theme = slug_filter(Theme, "with_themes", noun=_("theme"), label=_("Theme"))
    source = slug_filter(SourceDocument, "cited_in", noun=_("source"), label=_("Source paper"))
    event = PapersOfFilter(Event, queryset_method="cited_in", noun=_("event"), label=_("Event"))
    session = PapersOfFilter(
        Session, queryset_method="cited_in", noun=_("session"), label=_("Session")
    )
    search = SearchFilter(label=_("Search the recommendations"))
    updated_after = UpdatedAfterFilter()
    ordering = reference.OrderingFilter(
        fields=(("title", "title"), ("updated_at", "updated_at")), label=_("Sort by")
    )

    class Meta:
        model = Recommendation
        fields = []

    def filter_addressed_to(self, queryset, name, value):
        return queryset.addressed_to_any(value) if value else queryset


class CountryFindingFilterSet(django_filters.FilterSet):
    country = countries_filter("for_countries", label=_("Country"))
    element = slug_filter(
        CoherenceElement, "with_elements", noun=_("coherence element"), label=_("Coherence element")
    )
    value = ChoicesFilter(choices=CountryFinding.Value.choices, label=_("Value"))
    year = YearFilter(label=_("Year"))
    updated_after = UpdatedAfterFilter()

    class Meta:
        model = CountryFinding
        fields = []


def with_practices(countries, present: bool = True):
    """The countries (a Country queryset) named by a published practice, or by none."""
    named = Exists(
        PracticeCountry.objects.filter(
            country=OuterRef("pk"), practice__editorial_state=EditorialState.PUBLISHED
        )
    )
    return countries.filter(named) if present else countries.exclude(named)


class CountryFilterSet(reference.CountryFilterSet):
    """Countries by region and name, and whether they have published practices."""

    has_practices = django_filters.BooleanFilter(
        method="filter_has_practices", label=_("Has practices")
    )

    class Meta(reference.CountryFilterSet.Meta):
        pass

    def filter_has_practices(self, queryset, name, value):
        return with_practices(queryset, present=value)
