"""The relevance benchmark's queries (bench/relevance_queries.json, issue 24) are well formed
and judged against records the seed holds. Not the benchmark's figures: those are
measured by bench/relevance.py and recorded in docs/search.md."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.conf import settings

from practices.seeding.reading import read_fixtures
from search.kinds import TYPES

QUERIES = Path(settings.BASE_DIR) / "bench" / "relevance_queries.json"
CATEGORIES = {
    "topic",
    "programme",
    "institution",
    "acronym",
    "country + topic",
    "concept",
    "paraphrase",
    "typo",
    "spelling variant",
    "french",
    "spanish",
    "mixed language",
    "phrase",
}
# Named by issue 24: the benchmark must keep them.
ISSUE_QUERIES = {
    "remitances",
    "diaspra",
    "money sent home by migrants",
    "brain drain",
    "return of skilled workers",
    "inter-ministerial committee",
    "envois de fonds",
    "remesas",
    "diaspora mexicaine",
    "labor migration",
    "interministerial",
    "co-development",
    "codéveloppement",
    "PCD",
    "CFO",
    "IOM",
    "ILO",
    "GCM",
    "remittances envois de fonds",
    "policy coherence for development",
}


@pytest.fixture(scope="module")
def queries():
    return json.loads(QUERIES.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def seed_keys():
    """The keys of the seed's records as the site search names them ("<kind>:<slug>"),
    read from the fixture files the seed is loaded from (`load_knowledge_base`), and the
    papers' slugs (for passages)."""
    entries = read_fixtures(settings.FIXTURES_ROOT)
    keys = {
        f"{kind}:{slug}" for kind in TYPES if kind != "passage" for slug in entries.get(kind, {})
    }
    return keys, set(entries["source"])


def test_the_file_has_at_least_forty_well_formed_queries(queries):
    assert len(queries) >= 40
    texts = [query["query"] for query in queries]
    assert len(texts) == len(set(texts)), "a query is given twice"
    for query in queries:
        assert set(query) == {"query", "category", "language", "relevant", "note"}, query
        assert query["query"].strip()
        assert query["language"] in {code for code, _name in settings.LANGUAGES}
        assert set(query["relevant"]) == {"site", "practices"}
        assert query["relevant"]["site"], f"{query['query']}: nothing judged relevant"
        for kind in ("site", "practices"):
            judged = query["relevant"][kind]
            assert len(judged) == len(set(judged)), f"{query['query']}: a key twice"


def test_every_category_and_every_query_of_the_issue_is_there(queries):
    assert {query["category"] for query in queries} == CATEGORIES
    assert {query["query"] for query in queries} >= ISSUE_QUERIES
    languages = {query["language"] for query in queries}
    assert {"en", "fr", "es"} <= languages


def test_every_judged_record_is_in_the_seed(queries, seed_keys):
    keys, sources = seed_keys
    unknown = []
    for query in queries:
        for key in query["relevant"]["site"]:
            if key.startswith("passage:"):
                source, _, anchor = key.removeprefix("passage:").partition("#")
                if source not in sources or not anchor:
                    unknown.append((query["query"], key))
            elif key not in keys:
                unknown.append((query["query"], key))
        for slug in query["relevant"]["practices"]:
            if f"practice:{slug}" not in keys:
                unknown.append((query["query"], slug))
    assert unknown == []


def test_the_practices_judged_for_the_site_are_those_of_the_practices_search(queries):
    """A practice relevant to a query is relevant on both searches."""
    for query in queries:
        site = {
            key.removeprefix("practice:")
            for key in query["relevant"]["site"]
            if key.startswith("practice:")
        }
        assert site == set(query["relevant"]["practices"]), query["query"]


def test_recall_is_also_measured_against_what_ten_results_can_hold():
    import importlib.util

    spec = importlib.util.spec_from_file_location("relevance", QUERIES.parent / "relevance.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    scores = bench.scores
    relevant = {f"practice:{n}" for n in range(20)}
    ranked = [f"practice:{n}" for n in range(8)] + ["practice:x", "practice:y"]
    figures = scores(ranked, relevant)
    assert figures["r10"] == 8 / 20
    assert figures["r10_max"] == 8 / 10
    assert scores(ranked[:2], {"practice:0", "practice:1"})["r10_max"] == 1.0
