"""The FilterSets' filters and forms made once per class: each request's FilterSet gets
shallow copies of its class's filters (`SharedFiltersMixin`), and the public API list's
form validates only the parameters given, from fields shared with its class
(`GivenFieldsForm`); `given()` says whether a cleaned value chooses anything."""

from __future__ import annotations

import copy
from collections import OrderedDict

from django.db.models.query import EmptyQuerySet


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
