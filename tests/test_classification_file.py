"""The knowledge base's GCM and SDG classification of the seeded practices
(fixtures/knowledge/classification/practices.json), checked by scripts/check_classification.py."""

import importlib.util
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "check_classification.py"


def _load_script():
    spec = importlib.util.spec_from_file_location("check_classification", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


check = _load_script()


@pytest.fixture(scope="module")
def records():
    return check.load_classification()


def test_every_seeded_practice_is_classified_once_with_valid_numbers_and_reasons(records):
    assert check.check_records(records, check.practice_slugs()) == []


def test_every_practice_has_at_least_one_gcm_objective(records):
    assert all(record["gcm_objectives"] for record in records)


def test_the_report_counts_every_objective_principle_and_target(records):
    text = check.report(records)
    tally = check.counts(records)
    assert f"{len(records)} practices classified" in text
    assert sum(tally["gcm_objectives"].values()) >= len(records)
    assert set(tally["sdg_targets"]) <= set(check.SDG_TARGETS)


def _record(slug="a-practice", **fields):
    return {
        "practice": slug,
        "gcm_objectives": [{"number": 19, "reason": f"Objective reason for {slug}."}],
        "gcm_principles": [],
        "sdg_targets": [],
        **fields,
    }


def test_missing_unknown_and_duplicate_practices_are_reported():
    problems = check.check_records(
        [_record("a-practice"), _record("a-practice"), _record("ghost")],
        {"a-practice", "b-practice"},
    )
    assert "a-practice: 2 records, expected one" in problems
    assert "ghost: no such practice in the fixtures" in problems
    assert "b-practice: practice not classified" in problems


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"gcm_objectives": []}, "no GCM objective"),
        ({"gcm_objectives": [{"number": 24, "reason": "Out of range."}]}, "not a valid number"),
        ({"gcm_principles": [{"number": 0, "reason": "Out of range."}]}, "not a valid number"),
        (
            {"sdg_targets": [{"code": "10.1", "reason": "Not a migration target."}]},
            "not a valid code",
        ),
        ({"gcm_objectives": [{"number": 19, "reason": " "}]}, "empty reason"),
        ({"gcm_objectives": [{"number": 19, "reason": "x" * 201}]}, "reason is 201 characters"),
        (
            {
                "gcm_objectives": [
                    {"number": 5, "reason": "Twice."},
                    {"number": 5, "reason": "Again."},
                ]
            },
            "gcm_objectives 5 given 2 times",
        ),
    ],
)
def test_invalid_classifications_are_reported(fields, expected):
    problems = check.check_records([_record(**fields)], {"a-practice"})
    assert any(expected in problem for problem in problems), problems


def test_a_reason_repeated_verbatim_is_reported():
    same = [{"number": 19, "reason": "The same words."}]
    problems = check.check_records(
        [_record("a", gcm_objectives=same), _record("b", gcm_objectives=same)], {"a", "b"}
    )
    assert any("same reason as a: gcm_objectives 19" in problem for problem in problems)


def test_records_out_of_slug_order_are_reported():
    problems = check.check_records([_record("b"), _record("a")], {"a", "b"})
    assert "records are not sorted by practice slug" in problems
