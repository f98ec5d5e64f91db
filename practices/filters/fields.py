"""The filters and form fields the FilterSets are made of: a facet's keys checked against
the facet index (`IndexedKeyField`), the records discussed at an event or a session
(`PapersOfFilter`), the knowledge base's classification (objectives by number, principles
by number or slug, SDG targets), and the practices' search as the site search
understands it (`PracticeSearchFilter`)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from coherence import fulltext
from coherence.filters import KeyFilter, KeyMultipleChoiceField, SearchFilter
from coherence.models import GcmPrinciple


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
