"""Every CHECK constraint validated in Python (`coherence.models.constraints.Check`) gives
the database's verdict, for every model's constraints and values around each literal of
their conditions (NULL, the literals, their neighbours, other text), and without a query."""

import itertools
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db.models import CheckConstraint, F, Q

from coherence.models.constraints import Check, Unsupported, evaluate
from practices.models import Practice, QuestionResult

pytestmark = pytest.mark.django_db

# At most this many combinations of values per constraint (in a fixed order).
COMBINATIONS = 150


def checks():
    return [
        pytest.param(model, constraint, id=f"{model.__name__}.{constraint.name}")
        for model in apps.get_models()
        for constraint in model._meta.constraints
        if isinstance(constraint, CheckConstraint)
    ]


def literals(node: Q, found: dict) -> dict:
    """{field name: the values the condition compares it with}."""
    for child in node.children:
        if isinstance(child, Q):
            literals(child, found)
            continue
        if not isinstance(child, tuple):
            continue  # an expression (`Length(...)`): the database's to validate
        path, wanted = child
        values = found.setdefault(path.split("__")[0], set())
        if isinstance(wanted, F):
            found.setdefault(wanted.name, set())
        elif isinstance(wanted, (list, tuple)):
            values.update(wanted[:2])
        elif hasattr(wanted, "resolve_expression"):
            continue
        elif wanted is not None and not isinstance(wanted, bool):
            values.add(wanted)
    return found


def candidates(model, name: str, values: set) -> list:
    field = model._meta.get_field(name)
    out = [None]
    for value in sorted(values, key=repr):
        out.append(value)
        if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
            out += [value - 1, value + 1]
    if field.get_internal_type() in ("CharField", "TextField", "SlugField"):
        out += ["", "not-a-choice"]
    elif field.is_relation:
        out.append(1)
    elif not values and field.get_internal_type().endswith("IntegerField"):
        out += [0, 5, 50]
    return list(dict.fromkeys(out))


def database_verdict(constraint, model, instance) -> bool:
    try:
        CheckConstraint.validate(constraint, model, instance)
    except ValidationError:
        return False
    return True


def python_verdict(constraint, model, instance) -> bool:
    try:
        constraint.validate(model, instance)
    except ValidationError:
        return False
    return True


@pytest.mark.parametrize(("model", "constraint"), checks())
def test_python_and_the_database_agree(model, constraint):
    assert isinstance(constraint, Check)
    fields = literals(constraint.condition, {})
    names = sorted(fields)
    grid = [candidates(model, name, fields[name]) for name in names]
    for values in itertools.islice(itertools.product(*grid), COMBINATIONS):
        instance = model()
        for name, value in zip(names, values, strict=True):
            setattr(instance, model._meta.get_field(name).attname, value)
        assert python_verdict(constraint, model, instance) == database_verdict(
            constraint, model, instance
        ), dict(zip(names, values, strict=True))


def test_only_expressions_are_left_to_the_database():
    left = []
    for model in apps.get_models():
        for constraint in model._meta.constraints:
            if isinstance(constraint, CheckConstraint):
                try:
                    evaluate(constraint.condition, model, model())
                except Unsupported:
                    left.append(constraint.name)
    assert sorted(left) == ["country_iso2_format", "country_iso3_format"]


def test_a_python_check_asks_the_database_nothing(django_assert_num_queries):
    practice = Practice(start_year=2010, end_year=2005, status="ongoing", scope="national")
    constraints = {c.name: c for c in Practice._meta.constraints}
    with django_assert_num_queries(0):
        constraints["practice_start_year_range"].validate(Practice, practice)
        with pytest.raises(ValidationError) as error:
            constraints["practice_end_year_not_before_start_year"].validate(Practice, practice)
    assert (
        error.value.code
        == constraints["practice_end_year_not_before_start_year"].violation_error_code
    )


def test_full_clean_reports_a_constraint_as_before():
    practice = Practice(title="A practice", slug="a-practice", summary="S", start_year=1700)
    with pytest.raises(ValidationError) as error:
        practice.full_clean()
    messages = error.value.message_dict
    assert "Years must lie between 1800 and 2100." in messages["__all__"]


def test_a_field_left_out_leaves_its_constraints_unchecked():
    practice = Practice(start_year=1700)
    constraint = {c.name: c for c in Practice._meta.constraints}["practice_start_year_range"]
    constraint.validate(Practice, practice, exclude={"start_year"})
    with pytest.raises(ValidationError):
        constraint.validate(Practice, practice)


def test_migrations_see_django_s_constraint():
    constraint = {c.name: c for c in Practice._meta.constraints}["practice_scope_valid"]
    assert constraint.deconstruct()[0] == "django.db.models.CheckConstraint"


def test_a_share_out_of_range_is_reported_not_a_server_error():
    """Its message once held a bare "%", which Django's formatting of the message (with
    the constraint's name) turned into a ValueError."""
    result = QuestionResult(share=150)
    constraint = {c.name: c for c in QuestionResult._meta.constraints}["questionresult_share_range"]
    with pytest.raises(ValidationError) as error:
        constraint.validate(QuestionResult, result)
    assert error.value.messages == ["A share is between 0 and 100 per cent."]
