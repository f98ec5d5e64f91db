"""CHECK constraints validated in Python where their condition allows it.

Django validates a `CheckConstraint` (in `full_clean()`, which every service write runs) by
asking the database: a savepoint and a query per constraint, a dozen per practice saved,
most of what loading the knowledge base spent validating. `Check` evaluates the
conditions these models use in Python instead, with SQL's three-valued logic (a
comparison with NULL is unknown, and a CHECK fails only when its condition is false):
`=`, `IN`, `IS NULL`, and `<`, `<=`, `>`, `>=` between numbers or dates, against
literals or other fields of the record (`F("start_year")`), combined with AND, OR and NOT.
Any other condition (a function such as `Length()` or `Upper()`, a lookup across a
relation, a value of another type than the column's) is validated by the database, as
Django does. The database enforces every constraint on write either way.

`Check` deconstructs as Django's `CheckConstraint`: migrations see no difference.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import DEFAULT_DB_ALIAS
from django.db.models import CheckConstraint, F, Q

NUMBERS = (int, float, Decimal)
DATES = (datetime.date, datetime.datetime)
COMPARISONS = {
    "gt": lambda a, b: a > b,
    "gte": lambda a, b: a >= b,
    "lt": lambda a, b: a < b,
    "lte": lambda a, b: a <= b,
}


class Unsupported(Exception):
    """A condition this module does not evaluate: the database validates it."""


class Check(CheckConstraint):
    """A `CheckConstraint` validated in Python where it can be (see the module)."""

    def validate(self, model, instance, exclude=None, using=DEFAULT_DB_ALIAS):
        try:
            verdict, names = evaluate(self.condition, model, instance)
        except Unsupported:
            return super().validate(model, instance, exclude, using)
        if exclude and names & set(exclude):
            return  # as Django: a constraint on a field left out is not validated
        if verdict is False:
            raise ValidationError(
                self.get_violation_error_message(), code=self.violation_error_code
            )

    def deconstruct(self):
        path, args, kwargs = super().deconstruct()
        return "django.db.models.CheckConstraint", args, kwargs


def evaluate(condition: Q, model, instance) -> tuple[bool | None, set[str]]:
    """(True, False or None for unknown, the field names read) of `condition` for the
    record; raise Unsupported for a condition not evaluated here."""
    names: set[str] = set()
    return _node(condition, model, instance, names), names


def _node(node: Q, model, instance, names: set[str]) -> bool | None:
    if not isinstance(node, Q):
        raise Unsupported(node)
    verdicts = [
        _node(child, model, instance, names)
        if isinstance(child, Q)
        else _lookup(child, model, instance, names)
        for child in node.children
    ]
    if node.connector == Q.AND:
        verdict = False if False in verdicts else (None if None in verdicts else True)
    elif node.connector == Q.OR:
        verdict = True if True in verdicts else (None if None in verdicts else False)
    else:
        raise Unsupported(node.connector)
    if node.negated and verdict is not None:
        verdict = not verdict
    return verdict


def _field_value(model, instance, name: str, names: set[str]):
    if "__" in name:
        raise Unsupported(name)
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        raise Unsupported(name) from None
    if not field.concrete or field.many_to_many:
        raise Unsupported(name)
    names.add(field.name)
    return getattr(instance, field.attname)


def _same_kind(value, other) -> bool:
    """Whether Python compares the two as the database does: both text, both whole or
    decimal numbers (not booleans), or both dates."""
    if isinstance(value, bool) or isinstance(other, bool):
        return False
    if isinstance(value, str):
        return isinstance(other, str)
    if isinstance(value, NUMBERS):
        return isinstance(other, NUMBERS)
    if isinstance(value, DATES):
        return type(value) is type(other)
    return False


def _lookup(child, model, instance, names: set[str]) -> bool | None:
    if not isinstance(child, tuple) or len(child) != 2:
        raise Unsupported(child)
    path, wanted = child
    field_name, _, lookup = path.partition("__")
    lookup = lookup or "exact"
    value = _field_value(model, instance, field_name, names)
    if isinstance(wanted, F):
        wanted = _field_value(model, instance, wanted.name, names)
    elif hasattr(wanted, "resolve_expression"):
        raise Unsupported(wanted)
    if lookup == "isnull":
        if not isinstance(wanted, bool):
            raise Unsupported(child)
        return (value is None) == wanted
    if lookup == "exact" and wanted is None:
        return value is None  # Django writes `field=None` as IS NULL
    if lookup == "in":
        wanted = list(wanted)
        if any(item is None for item in wanted):
            raise Unsupported(child)
        if value is None:
            return None
        if not all(_same_kind(value, item) for item in wanted):
            raise Unsupported(child)
        return value in wanted
    if lookup != "exact" and lookup not in COMPARISONS:
        raise Unsupported(child)
    if value is None or wanted is None:
        return None
    if not _same_kind(value, wanted) or (lookup != "exact" and isinstance(value, str)):
        raise Unsupported(child)  # text is ordered by the database's collation
    if lookup == "exact":
        return value == wanted
    try:
        return COMPARISONS[lookup](value, wanted)
    except TypeError:  # an aware and a naive time, say
        raise Unsupported(child) from None
